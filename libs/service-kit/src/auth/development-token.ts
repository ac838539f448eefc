import { SignJWT } from 'jose';
import { Role } from './actor';
import { MIN_SECRET_LENGTH } from './jwt-verifier';

export interface DevelopmentTokenOptions {
  secret: string;
  /** A person's id, or integration:<source> with the role integration. */
  subject: string;
  role: Role;
  /** A jose time span: '12h', '30m', '-1m' (already expired, for tests). Default 12h. */
  expiresIn?: string;
  issuer?: string;
  audience?: string;
}

/** An HS256 token the services accept when they share its secret: embedded mode's `npm run token`, and tests. */
export async function signDevelopmentToken(options: DevelopmentTokenOptions): Promise<string> {
  if (options.secret.length < MIN_SECRET_LENGTH) throw new Error(`the JWT secret must be at least ${MIN_SECRET_LENGTH} characters`);
  const token = new SignJWT({ role: options.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.issuer) token.setIssuer(options.issuer);
  if (options.audience) token.setAudience(options.audience);
  return token.sign(new TextEncoder().encode(options.secret));
}
