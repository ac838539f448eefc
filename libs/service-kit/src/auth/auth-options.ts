export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/** HS256 with a shared secret, or asymmetric keys published at a JWKS URL (production identity providers). */
export interface AuthOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}
