import { developmentSecret } from '@okr/service-kit';
import { ReportingConfig } from '../config/reporting.config';

export const DEVELOPMENT_SIGN_IN = Symbol('DEVELOPMENT_SIGN_IN');

/** What the development sign-in signs with: the service's own development secret and checks. */
export interface DevelopmentSignIn {
  secret: string;
  issuer?: string;
  audience?: string;
}

/**
 * The development sign-in exists only where anyone could sign a token anyway: embedded mode on the
 * development secret of the data directory. With JWT_SECRET or JWT_JWKS_URL configured, tokens
 * come from the organisation's identity provider and there is none (null).
 */
export function developmentSignInOf(config: Pick<ReportingConfig, 'READ_STORE' | 'DATA_DIR' | 'JWT_SECRET' | 'JWT_JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>): DevelopmentSignIn | null {
  if (config.READ_STORE !== 'embedded' || config.JWT_SECRET || config.JWT_JWKS_URL) return null;
  return { secret: developmentSecret(config.DATA_DIR), issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
}
