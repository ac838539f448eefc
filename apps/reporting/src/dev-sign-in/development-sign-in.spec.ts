import { developmentSignInOf } from './development-sign-in';
import { isLoopback } from './dev-sign-in.controller';

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

describe('isLoopback: the development sign-in answers callers on this machine only', () => {
  it.each(['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'])('%s is this machine', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(['10.0.0.7', '192.168.1.20', '::ffff:10.0.0.7', 'fe80::1', '128.0.0.1', '127.0.0.1.evil', undefined])('%s is another machine', (address) => {
    expect(isLoopback(address)).toBe(false);
  });
});
