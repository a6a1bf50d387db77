import { describe, expect, it } from 'vitest';
import { CURVENOTE_CLIENT_MINIMUM_VERSION, CURVENOTE_CLIENT_NAME } from '../../src/emulator/curvenote.js';
import {
  bearer,
  call,
  claimsOf,
  control,
  nowSeconds,
  pick,
  pickArray,
  pickString,
  seedOf,
  startEmulatorForFile,
} from './support.js';

const emu = startEmulatorForFile();
const REJECTED = { status: 401, message: 'Invalid user token (revoked or expired)' };
const CLIENT_HEADERS = { 'x-client-name': 'Curvenote Javascript Client', 'x-client-version': '0.15.1' };

/** The CLI's exchange: POST to the token's `aud`, verbatim, Bearer, JSON content type, no body. */
function exchange(token: string) {
  const aud = claimsOf(token).aud as string;
  return call(aud, {
    method: 'POST',
    headers: bearer(token, { 'content-type': 'application/json', ...CLIENT_HEADERS }),
  });
}

async function session(label = 'valid'): Promise<string> {
  const reply = await exchange(seedOf(emu.current, 'curvenote', 'user', label).secret);
  expect(reply.status).toBe(200);
  return pickString(reply.body, 'session');
}

describe('curvenote user tokens', () => {
  it('are HS256 JWTs whose claims point back at the emulator', () => {
    const api = emu.current.endpoints.curvenote.api;
    const token = seedOf(emu.current, 'curvenote', 'user', 'valid').secret;
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    const claims = claimsOf(token);
    expect(claims).toMatchObject({
      iss: `${api}/tokens/user`,
      aud: `${api}/login`,
      cfg: `${api}/config`,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      email_verified: true,
    });
    expect(claims.sub).toBe(`${claims.user_id}/${String(claims.sub).split('/')[1]}`);
    expect(typeof claims.note).toBe('string');
    expect(claims.exp).toBeUndefined();
  });

  it('carry exp for the expiring (about 3 days) and expired (past) seeds', () => {
    const expiring = claimsOf(seedOf(emu.current, 'curvenote', 'user', 'expiring').secret).exp as number;
    const expired = claimsOf(seedOf(emu.current, 'curvenote', 'user', 'expired').secret).exp as number;
    expect(expiring - nowSeconds()).toBeGreaterThan(2.9 * 86_400);
    expect(expiring - nowSeconds()).toBeLessThan(3.1 * 86_400);
    expect(expired).toBeLessThan(nowSeconds());
  });
});

describe('curvenote session exchange', () => {
  it('gives a 15-minute session JWT for a valid or expiring token', async () => {
    const api = emu.current.endpoints.curvenote.api;
    for (const label of ['valid', 'expiring']) {
      const claims = claimsOf(await session(label));
      expect(String(claims.iss).endsWith('/tokens/session')).toBe(true);
      expect(claims).toMatchObject({ aud: api, cfg: `${api}/config`, email: 'ada@example.com', email_verified: true });
      expect(claims.name).toBe('Ada Lovelace');
      expect(typeof claims.sub).toBe('string');
      // The claims the real server signs into a session: the user's id, and the user token's own note.
      const parent = claimsOf(seedOf(emu.current, 'curvenote', 'user', label).secret);
      expect(claims.user_id).toBe(parent.user_id);
      expect(claims.sub).toBe(parent.user_id);
      expect(claims.note).toBe(parent.note);
      expect(typeof claims.note).toBe('string');
      expect(Math.abs((claims.exp as number) - nowSeconds() - 900)).toBeLessThanOrEqual(2);
    }
  });

  it('answers 401 with the documented body for expired, revoked, unknown and missing tokens', async () => {
    for (const label of ['expired', 'revoked']) {
      const reply = await exchange(seedOf(emu.current, 'curvenote', 'user', label).secret);
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual(REJECTED);
    }
    const login = `${emu.current.endpoints.curvenote.api}/login`;
    expect((await call(login, { method: 'POST', headers: bearer('eyJhbGciOiJIUzI1NiJ9.e30.forged') })).status).toBe(
      401,
    );
    expect((await call(login, { method: 'POST' })).body).toEqual(REJECTED);
  });

  it('does not exchange a session for another session', async () => {
    const login = `${emu.current.endpoints.curvenote.api}/login`;
    const reply = await call(login, {
      method: 'POST',
      headers: bearer(await session(), { 'content-type': 'application/json' }),
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(REJECTED);
  });
});

describe('curvenote with a session', () => {
  it('serves /my/user to a session, not to a user token', async () => {
    const api = emu.current.endpoints.curvenote.api;
    const reply = await call(`${api}/my/user`, { headers: bearer(await session(), CLIENT_HEADERS) });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      username: 'ada',
      email: 'ada@example.com',
      display_name: 'Ada Lovelace',
      email_verified: true,
    });
    expect(typeof (reply.body as { id: unknown }).id).toBe('string');
    const withUserToken = await call(`${api}/my/user`, {
      headers: bearer(seedOf(emu.current, 'curvenote', 'user', 'valid').secret),
    });
    expect(withUserToken.status).toBe(401);
  });

  it('accepts a token whose iss ends in /session directly', async () => {
    const token = await session();
    expect(String(claimsOf(token).iss)).toMatch(/\/session$/);
    const reply = await call(`${emu.current.endpoints.curvenote.api}/tokens/session`, { headers: bearer(token) });
    expect(reply.body).toEqual({ valid: true });
  });

  it('serves the cfg config to a session and 401 without one', async () => {
    const token = await session();
    const cfg = claimsOf(token).cfg as string;
    const reply = await call(cfg, { headers: bearer(token, CLIENT_HEADERS) });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body as object).sort()).toEqual(
      [
        'minClientVersion',
        'apiUrl',
        'adminUrl',
        'editorApiUrl',
        'editorUrl',
        'privateCdnUrl',
        'tempCdnUrl',
        'publicCdnUrl',
        'deploymentCdnUrl',
      ].sort(),
    );
    expect(pickString(reply.body, 'apiUrl')).toBe(emu.current.endpoints.curvenote.api);
    expect(pickString(reply.body, 'minClientVersion')).toBe(CURVENOTE_CLIENT_MINIMUM_VERSION);
    expect((await call(cfg, { headers: CLIENT_HEADERS })).status).toBe(401);
    const userToken = seedOf(emu.current, 'curvenote', 'user', 'valid').secret;
    expect((await call(cfg, { headers: bearer(userToken) })).status).toBe(401);
  });

  it('stops a live session when its user token is revoked out of band', async () => {
    const token = await session();
    const me = `${emu.current.endpoints.curvenote.api}/my/user`;
    expect((await call(me, { headers: bearer(token) })).status).toBe(200);
    await control(emu.current, 'revoke', { secret: seedOf(emu.current, 'curvenote', 'user', 'valid').secret });
    expect((await call(me, { headers: bearer(token) })).status).toBe(401);
  });
});

describe('curvenote /tokens/user', () => {
  it('says valid for a usable user token and 401 otherwise', async () => {
    const url = `${emu.current.endpoints.curvenote.api}/tokens/user`;
    const ok = await call(url, { headers: bearer(seedOf(emu.current, 'curvenote', 'user', 'valid').secret) });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ valid: true });
    for (const label of ['expired', 'revoked']) {
      const reply = await call(url, { headers: bearer(seedOf(emu.current, 'curvenote', 'user', label).secret) });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual(REJECTED);
    }
  });
});

describe('curvenote client version check', () => {
  it('refuses an outdated Curvenote CLI on every route with 403 and x-minimum-client-version', async () => {
    const api = emu.current.endpoints.curvenote.api;
    const old = { 'x-client-name': CURVENOTE_CLIENT_NAME, 'x-client-version': '0.14.1' };
    const user = seedOf(emu.current, 'curvenote', 'user', 'valid').secret;
    const token = await session();
    for (const [url, init] of [
      [`${api}/login`, { method: 'POST', headers: bearer(user, old) }],
      [`${api}/my/user`, { headers: bearer(token, old) }],
      [`${api}/config`, { headers: bearer(token, old) }],
    ] as const) {
      const reply = await call(url, init);
      expect(reply.status, url).toBe(403);
      expect(reply.headers.get('x-minimum-client-version')).toBe(CURVENOTE_CLIENT_MINIMUM_VERSION);
      expect(reply.body).toEqual({
        status: 403,
        message: `Client version 0.14.1 is too old, please update to ${CURVENOTE_CLIENT_MINIMUM_VERSION}`,
      });
    }
    const current = { 'x-client-name': CURVENOTE_CLIENT_NAME, 'x-client-version': CURVENOTE_CLIENT_MINIMUM_VERSION };
    expect((await call(`${api}/my/user`, { headers: bearer(token, current) })).status).toBe(200);
  });

  it('holds no other client to a version, and needs no client headers at all', async () => {
    const api = emu.current.endpoints.curvenote.api;
    const token = await session();
    const other = { 'x-client-name': 'authdeck', 'x-client-version': '0.0.1' };
    expect((await call(`${api}/my/user`, { headers: bearer(token, other) })).status).toBe(200);
    expect((await call(`${api}/my/user`, { headers: bearer(token) })).status).toBe(200);
    const log = pickArray((await control(emu.current, 'requests', undefined, 'GET')).body, 'requests');
    expect(log.map((r) => pick(r, 'client', 'x-client-name'))).toContain('authdeck');
  });
});
