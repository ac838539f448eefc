import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Embedded mode signs tokens with a secret kept in the data directory, made on first start, so a
 * fresh machine needs no configuration and `npm run token` can sign tokens the services accept.
 */
export function developmentSecret(dataDir: string): string {
  const path = join(dataDir, 'dev-jwt-secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}
