import { Role } from './actor';
import { AuthOptions } from './auth-options';
import { developmentSecret } from './development-secret';

/** The JWT settings every service reads from its environment. */
export interface JwtConfig {
  JWT_SECRET?: string;
  JWT_JWKS_URL?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  DATA_DIR: string;
}

/** People's roles: integration tokens feed metrics-ingestion and have nothing to do in goals or reporting. */
export const PEOPLE_ONLY: readonly Role[] = ['admin', 'member'];

/**
 * A JWKS URL or a secret; a service in embedded mode without either signs with the development
 * secret of its data directory, so all services of the all-in-one process accept the same tokens.
 */
export function authOptionsFromConfig(config: JwtConfig, embedded: boolean, roles?: readonly Role[]): AuthOptions {
  const checks = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, roles };
  if (config.JWT_JWKS_URL) return { jwksUrl: config.JWT_JWKS_URL, ...checks };
  if (config.JWT_SECRET) return { secret: config.JWT_SECRET, ...checks };
  if (embedded) return { secret: developmentSecret(config.DATA_DIR), ...checks };
  throw new Error('Invalid configuration:\n  JWT_SECRET or JWT_JWKS_URL: one is required outside embedded mode');
}
