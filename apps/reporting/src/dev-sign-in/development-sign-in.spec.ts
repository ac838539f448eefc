import { developmentSignInOf } from './development-sign-in';

describe('developmentSignInOf: a development sign-in only where anyone could sign a token anyway', () => {
  const embedded = { READ_STORE: 'embedded' as const, DATA_DIR: 'memory://' };

  it('is absent with a configured JWT secret', () => {
    expect(developmentSignInOf({ ...embedded, JWT_SECRET: 'a-configured-secret-a-configured-secret-01' })).toBeNull();
  });

  it('is absent with a JWKS URL (tokens from the identity provider)', () => {
    expect(developmentSignInOf({ ...embedded, JWT_JWKS_URL: 'https://idp.acme.test/.well-known/jwks.json' })).toBeNull();
  });

  it('is absent outside embedded mode', () => {
    expect(developmentSignInOf({ READ_STORE: 'mongodb', DATA_DIR: 'data' })).toBeNull();
  });
});
