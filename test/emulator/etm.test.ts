import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bearer,
  call,
  claimsOf,
  control,
  nowSeconds,
  pick,
  pickArray,
  seedOf,
  startEmulatorForFile,
} from './support.js';

const emu = startEmulatorForFile();
const INVALID = { errors: ['Invalid or expired token'] };
const token = (label: string) => seedOf(emu.current, 'etm', 'user', label).secret;
const scenarios = (secret: string, query = '') =>
  call(`${emu.current.endpoints.etm.engine}/scenarios${query}`, {
    headers: bearer(secret, { accept: 'application/json' }),
  });

describe('etm tokens', () => {
  it('are etm_ + an RS256 JWT whose iss/aud point back at the emulator', () => {
    const { engine, identity } = emu.current.endpoints.etm;
    const secret = token('valid');
    expect(secret.startsWith('etm_')).toBe(true);
    const header = JSON.parse(Buffer.from(secret.slice(4).split('.')[0] ?? '', 'base64url').toString());
    expect(header).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    const claims = claimsOf(secret);
    expect(claims).toMatchObject({
      iss: identity,
      aud: engine.replace(/\/api\/v3$/, ''),
      sub: expect.any(String),
      user: { id: expect.any(Number), name: 'Annie Easley', email: 'annie@example.com', admin: false },
    });
    expect(String(claims.scopes).split(' ')).toEqual(expect.arrayContaining(['openid', 'public', 'scenarios:read']));
    expect(claims.exp as number).toBeGreaterThan(nowSeconds() + 7 * 86_400);
  });

  it('verify against the JWKS the identity host publishes', async () => {
    const { identity } = emu.current.endpoints.etm;
    const discovery = await call(`${identity}/.well-known/openid-configuration`);
    const jwks = await call(String(pick(discovery.body, 'jwks_uri')));
    const jwk = pickArray(jwks.body, 'keys')[0] as JsonWebKey;
    const [head, payload, signature] = token('valid').slice(4).split('.');
    const ok = verify(
      'sha256',
      Buffer.from(`${head}.${payload}`),
      createPublicKey({ key: jwk, format: 'jwk' }),
      Buffer.from(signature ?? '', 'base64url'),
    );
    expect(ok).toBe(true);
  });

  it('serve the tokens page on the identity host', async () => {
    const page = await call(`${emu.current.endpoints.etm.identity}/identity/tokens`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('etm /scenarios', () => {
  it('answers 200 for valid, expiring and legacy opaque tokens', async () => {
    for (const label of ['valid', 'expiring', 'legacy']) expect((await scenarios(token(label))).status).toBe(200);
    expect(token('legacy')).toMatch(/^etm_[A-Za-z0-9]{40,}$/);
  });

  it('answers 401 with the documented body for expired, revoked, unknown and missing tokens', async () => {
    expect(claimsOf(token('expired')).exp as number).toBeLessThan(nowSeconds());
    for (const secret of [token('expired'), token('revoked'), `etm_${'x'.repeat(43)}`]) {
      const reply = await scenarios(secret);
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual(INVALID);
    }
    expect((await call(`${emu.current.endpoints.etm.engine}/scenarios`)).status).toBe(401);
  });

  it('answers 403 to a token without scenarios:read', async () => {
    const secret = token('no-scope');
    expect(String(claimsOf(secret).scopes).split(' ')).not.toContain('scenarios:read');
    const reply = await scenarios(secret);
    expect(reply.status).toBe(403);
    expect(pickArray(reply.body, 'errors')).toHaveLength(1);
  });

  it('pages with page/per_page and answers an empty data array past the last page', async () => {
    const seen: unknown[] = [];
    // The Python client's loop: ask for the next page until `data` is empty.
    for (let page = 1; page < 20; page++) {
      const reply = await scenarios(token('valid'), `?page=${page}&per_page=3`);
      expect(reply.status).toBe(200);
      const data = pickArray(reply.body, 'data');
      if (data.length === 0) break;
      expect(data.length).toBeLessThanOrEqual(3);
      seen.push(...data.map((s) => pick(s, 'id')));
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const last = await scenarios(token('valid'), '?page=3&per_page=3');
    expect(last.body).toMatchObject({ meta: { current_page: 3, total_pages: 3 }, links: { next: null } });
  });

  it('defaults to one page holding everything', async () => {
    const reply = await scenarios(token('valid'));
    expect(pickArray(reply.body, 'data')).toHaveLength(7);
    expect(pickArray((await scenarios(token('valid'), '?page=2')).body, 'data')).toHaveLength(0);
  });

  it('refuses a token revoked out of band', async () => {
    await control(emu.current, 'revoke', { secret: token('valid') });
    expect((await scenarios(token('valid'))).status).toBe(401);
  });
});
