import { Role } from './actor';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/**
 * HS256 with a shared secret (embedded mode, tests), or RS256/ES256 keys published at a JWKS URL
 * (a production identity provider). With both, the JWKS URL wins.
 */
export interface AuthOptions {
  /** At least 32 characters: HS256 needs a key as long as its hash (RFC 7518, 3.2). */
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Seconds of clock skew tolerated on exp/nbf between the issuer and this service. */
  clockToleranceSeconds?: number;
  /** The roles that may call this service at all (every role unless given): goals and reporting refuse integration tokens. */
  roles?: readonly Role[];
}
