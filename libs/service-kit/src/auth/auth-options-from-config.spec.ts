import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authOptionsFromConfig } from './auth-options-from-config';

describe('authOptionsFromConfig', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'okr-auth-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const secret = 'a-secret-of-at-least-thirty-two-characters';

  it('prefers a JWKS URL, then a secret, and keeps the issuer and audience checks', () => {
    expect(authOptionsFromConfig({ DATA_DIR: dataDir, JWT_JWKS_URL: 'https://id.example/jwks', JWT_SECRET: secret, JWT_ISSUER: 'id' }, false)).toEqual({ jwksUrl: 'https://id.example/jwks', issuer: 'id', audience: undefined });
    expect(authOptionsFromConfig({ DATA_DIR: dataDir, JWT_SECRET: secret, JWT_AUDIENCE: 'okr' }, false)).toEqual({ secret, issuer: undefined, audience: 'okr' });
  });

  it('signs with the data directory’s development secret in embedded mode only', () => {
    expect(authOptionsFromConfig({ DATA_DIR: dataDir }, true).secret).toBe(readFileSync(join(dataDir, 'dev-jwt-secret'), 'utf8'));
    expect(() => authOptionsFromConfig({ DATA_DIR: dataDir }, false)).toThrow(/JWT_SECRET or JWT_JWKS_URL: one is required outside embedded mode/);
  });
});
