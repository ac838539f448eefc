import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { ProblemError } from '../problems/problem.error';
import { problemType } from '../problems/problem-details';
import { Actor, INTEGRATION_SUBJECT_PREFIX, Role, ROLES } from './actor';
import { AuthOptions } from './auth-options';

export const MIN_SECRET_LENGTH = 32;

/** Turns a bearer token into the actor it names, or refuses it with a 401 problem. */
export class JwtVerifier {
  private readonly key: Uint8Array | ReturnType<typeof createRemoteJWKSet>;
  private readonly algorithms: string[];

  constructor(private readonly options: AuthOptions) {
    if (options.jwksUrl) {
      // Fetched on first use and cached; refetched when a token names a key it does not know (rotation).
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
      this.algorithms = ['RS256', 'ES256'];
    } else if (options.secret) {
      if (options.secret.length < MIN_SECRET_LENGTH) throw new Error(`the JWT secret must be at least ${MIN_SECRET_LENGTH} characters`);
      this.key = new TextEncoder().encode(options.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('authentication needs a JWT secret or a JWKS URL');
    }
  }

  async verify(authorization: string | undefined): Promise<Actor> {
    const token = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthorized('send Authorization: Bearer <token>', false);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.algorithms,
        clockTolerance: this.options.clockToleranceSeconds,
      }));
    } catch (error) {
      throw refusal(error);
    }
    return actorOf(payload);
  }
}

function actorOf(payload: JWTPayload): Actor {
  const subject = payload.sub;
  const role = payload.role as Role;
  if (typeof subject !== 'string' || !subject) throw unauthorized('the token names no subject (sub)');
  if (!ROLES.includes(role)) throw unauthorized(`the token's role must be one of ${ROLES.join(', ')}`);
  // An integration writes as integration:<source>, a person never does: events' actors stay unambiguous.
  if ((role === 'integration') !== subject.startsWith(INTEGRATION_SUBJECT_PREFIX)) {
    throw unauthorized(`a token with role integration, and only such a token, has a subject ${INTEGRATION_SUBJECT_PREFIX}<source>`);
  }
  return { id: subject, role, isAdmin: role === 'admin' };
}

function refusal(error: unknown): ProblemError {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return unauthorized('the token has expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return unauthorized(`the token's ${(error as errors.JWTClaimValidationFailed).claim} claim is not accepted`);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return unauthorized('the token signature does not verify');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return unauthorized('the token is signed with an algorithm this service does not accept');
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return unauthorized('the token is signed with a key the identity provider does not publish');
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return unreachableKeys();
  }
  // A JOSE error is about the token; anything else (the JWKS fetch failed) is ours, not the caller's.
  return error instanceof errors.JOSEError ? unauthorized('the token is not a valid JWT') : unreachableKeys();
}

function unauthorized(detail: string, tokenGiven = true): ProblemError {
  // RFC 6750: name the error when a token was given, so clients know to fetch a new one.
  const challenge = tokenGiven ? `Bearer error="invalid_token", error_description="${detail.replace(/"/g, "'")}"` : 'Bearer';
  return new ProblemError({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail }, { 'WWW-Authenticate': challenge });
}

function unreachableKeys(): ProblemError {
  return new ProblemError({
    type: problemType('identity-provider-unavailable'),
    title: 'Tokens cannot be verified now',
    status: 503,
    detail: "the identity provider's signing keys could not be fetched; retry later",
  });
}
