import { Controller, Get } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createTestHttpApp, TEST_SECRET, TestHttpApp } from '../testing/test-http-app';
import { Actor } from './actor';
import { CurrentActor } from './current-actor.decorator';
import { signDevelopmentToken } from './development-token';
import { Public } from './public.decorator';
import { Roles } from './roles.decorator';

@Controller('things')
class ThingsController {
  @Get('mine')
  mine(@CurrentActor() actor: Actor) {
    return actor;
  }

  @Get('admin-only')
  @Roles('admin')
  adminOnly() {
    return { ok: true };
  }

  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }
}

@Roles('integration')
@Controller('ingest')
class IngestController {
  @Get()
  ingest(@CurrentActor() actor: Actor) {
    return actor;
  }
}

describe('JwtAuthGuard with an HS256 secret', () => {
  let service: TestHttpApp;
  beforeAll(async () => (service = await createTestHttpApp({ controllers: [ThingsController, IngestController], kit: { auth: { secret: TEST_SECRET, issuer: 'okr-dev' } } })));
  afterAll(() => service.close());

  const sign = (options: Partial<Parameters<typeof signDevelopmentToken>[0]> = {}) =>
    signDevelopmentToken({ secret: TEST_SECRET, subject: 'rita', role: 'member', issuer: 'okr-dev', ...options });
  const get = (path: string, token?: string) => {
    const request = service.http().get(path);
    return token ? request.set('Authorization', `Bearer ${token}`) : request;
  };

  it('lets a valid token through and hands the actor to @CurrentActor()', async () => {
    const res = await get('/things/mine', await sign());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'rita', role: 'member', isAdmin: false });
    expect((await get('/things/mine', await sign({ subject: 'olivia', role: 'admin' }))).body).toEqual({ id: 'olivia', role: 'admin', isAdmin: true });
  });

  it('accepts the scheme in any case', async () => {
    expect((await service.http().get('/things/mine').set('Authorization', `bearer ${await sign()}`)).status).toBe(200);
  });

  it('refuses a missing token with a 401 problem and WWW-Authenticate: Bearer', async () => {
    const res = await get('/things/mine');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toMatchObject({ type: 'https://okr-platform.dev/problems/unauthorized', status: 401, detail: 'send Authorization: Bearer <token>' });
  });

  it.each([
    ['another scheme', 'Basic cml0YTpzZWNyZXQ='],
    ['no token after Bearer', 'Bearer '],
  ])('refuses %s', async (_, header) => {
    expect((await service.http().get('/things/mine').set('Authorization', header)).status).toBe(401);
  });

  it('refuses a token signed with another secret, saying why in the challenge', async () => {
    const forged = await signDevelopmentToken({ secret: 'another-secret-of-at-least-32-characters', subject: 'rita', role: 'admin', issuer: 'okr-dev' });
    const res = await get('/things/mine', forged);
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('the token signature does not verify');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
  });

  it('refuses an expired token', async () => {
    const res = await get('/things/mine', await sign({ expiresIn: '-1m' }));
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('the token has expired');
  });

  it('refuses a token of another issuer', async () => {
    const res = await get('/things/mine', await sign({ issuer: 'someone-else' }));
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe("the token's iss claim is not accepted");
  });

  it('refuses garbage', async () => {
    expect((await get('/things/mine', 'not.a.jwt')).status).toBe(401);
  });

  it('refuses a token without a known role', async () => {
    const token = await new SignJWT({ role: 'superuser' }).setProtectedHeader({ alg: 'HS256' }).setSubject('rita').setIssuer('okr-dev').setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRET));
    expect((await get('/things/mine', token)).body.detail).toBe("the token's role must be one of admin, member, integration");
  });

  it('refuses a person token posing as an integration, and an integration token without its source', async () => {
    expect((await get('/things/mine', await sign({ subject: 'integration:salesforce', role: 'member' }))).status).toBe(401);
    expect((await get('/things/mine', await sign({ subject: 'salesforce', role: 'integration' }))).status).toBe(401);
    const integration = await get('/ingest', await sign({ subject: 'integration:salesforce', role: 'integration' }));
    expect(integration.body).toEqual({ id: 'integration:salesforce', role: 'integration', isAdmin: false });
  });

  it('refuses a role the route does not allow with a 403 problem', async () => {
    const res = await get('/things/admin-only', await sign());
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ type: 'https://okr-platform.dev/problems/forbidden', detail: 'this needs the role admin' });
    expect((await get('/things/admin-only', await sign({ subject: 'olivia', role: 'admin' }))).status).toBe(200);
    expect((await get('/ingest', await sign({ subject: 'olivia', role: 'admin' }))).status).toBe(403);
  });

  it('lets anyone call a @Public() route', async () => {
    expect((await get('/things/open')).status).toBe(200);
  });

  it('refuses a secret too short to be safe, at start-up and when signing', async () => {
    await expect(createTestHttpApp({ kit: { auth: { secret: 'short' } } })).rejects.toThrow('at least 32 characters');
    await expect(signDevelopmentToken({ secret: 'short', subject: 'rita', role: 'member' })).rejects.toThrow('at least 32 characters');
  });
});

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('JwtAuthGuard with a JWKS URL (RS256, ES256)', () => {
  let jwks: Server;
  let service: TestHttpApp;
  let rsa: PrivateKey;
  let ec: PrivateKey;

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256');
    const ecPair = await generateKeyPair('ES256');
    rsa = rsaPair.privateKey;
    ec = ecPair.privateKey;
    const keys = [
      { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwks = createServer((_, response) => response.setHeader('Content-Type', 'application/json').end(JSON.stringify({ keys })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    service = await createTestHttpApp({ controllers: [ThingsController], kit: { auth: { jwksUrl: url, audience: 'okr-platform' } } });
  });
  afterAll(async () => {
    await service.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const token = (key: PrivateKey, alg: string, kid: string, audience = 'okr-platform') =>
    new SignJWT({ role: 'member' }).setProtectedHeader({ alg, kid }).setSubject('rita').setAudience(audience).setExpirationTime('5m').sign(key);

  it('verifies RS256 and ES256 tokens with the published keys', async () => {
    for (const signed of [await token(rsa, 'RS256', 'rsa-1'), await token(ec, 'ES256', 'ec-1')]) {
      const res = await service.http().get('/things/mine').set('Authorization', `Bearer ${signed}`);
      expect(res.body).toEqual({ id: 'rita', role: 'member', isAdmin: false });
    }
  });

  it('refuses a token for another audience, and an HS256 token', async () => {
    expect((await service.http().get('/things/mine').set('Authorization', `Bearer ${await token(rsa, 'RS256', 'rsa-1', 'elsewhere')}`)).status).toBe(401);
    const hs = await signDevelopmentToken({ secret: TEST_SECRET, subject: 'rita', role: 'member', audience: 'okr-platform' });
    expect((await service.http().get('/things/mine').set('Authorization', `Bearer ${hs}`)).status).toBe(401);
  });

  it('answers 503, not 401, when the keys cannot be fetched', async () => {
    const unreachable = await createTestHttpApp({ controllers: [ThingsController], kit: { auth: { jwksUrl: 'http://127.0.0.1:1/jwks.json' } } });
    try {
      const res = await unreachable.http().get('/things/mine').set('Authorization', `Bearer ${await token(rsa, 'RS256', 'rsa-1')}`);
      expect(res.status).toBe(503);
      expect(res.body.type).toBe('https://okr-platform.dev/problems/identity-provider-unavailable');
    } finally {
      await unreachable.close();
    }
  });
});
