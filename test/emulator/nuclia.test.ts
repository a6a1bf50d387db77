import { describe, expect, it } from 'vitest';
import {
  bearer,
  call,
  claimsOf,
  control,
  jsonRequest,
  pick,
  pickArray,
  pickString,
  seedOf,
  startEmulatorForFile,
} from './support.js';

const emu = startEmulatorForFile();
// Nuclia's clients send a JSON content type on every request, GET and DELETE included, with no body.
const JSON_TYPE = { 'content-type': 'application/json' };

const global = () => emu.current.endpoints.nuclia.global;
const regional = () => emu.current.endpoints.nuclia.regional;
const userToken = (label = 'valid') => seedOf(emu.current, 'nuclia', 'user', label).secret;
const asUser = (token: string) => ({ headers: bearer(token, JSON_TYPE) });
const serviceAccount = (key: string) => ({ headers: { 'x-nuclia-serviceaccount': `Bearer ${key}`, ...JSON_TYPE } });
const nuaKey = (key: string) => ({ headers: { 'x-nuclia-nuakey': `Bearer ${key}`, ...JSON_TYPE } });

describe('nuclia user token', () => {
  it('is a JWT with a jti, and welcome says 200 with a JSON content type on GET', async () => {
    expect(typeof claimsOf(userToken()).jti).toBe('string');
    const reply = await call(`${global()}/api/v1/user/welcome`, asUser(userToken()));
    expect(reply.status).toBe(200);
  });

  it('is refused with 401/403 and a FastAPI detail when missing, unknown or revoked', async () => {
    const welcome = `${global()}/api/v1/user/welcome`;
    const missing = await call(welcome, { headers: JSON_TYPE });
    expect(missing.status).toBe(401);
    expect(pick(missing.body, 'detail')).toEqual(expect.any(String));
    expect((await call(welcome, asUser('eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ4In0.bad'))).status).toBe(401);
    const revoked = await call(welcome, asUser(userToken('revoked')));
    expect([401, 403]).toContain(revoked.status);
    expect(pick(revoked.body, 'detail')).toEqual(expect.any(String));
  });

  it('tells who the user is and their accounts', async () => {
    const me = await call(`${global()}/api/v1/user`, asUser(userToken()));
    expect(me.body).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com', type: 'USER' });
    const accounts = await call(`${global()}/api/v1/accounts`, asUser(userToken()));
    expect(accounts.status).toBe(200);
    expect(pickArray(accounts.body)[0]).toMatchObject({
      id: expect.any(String),
      title: 'Hopper Labs',
      slug: 'hopper-labs',
    });
  });
});

describe('nuclia personal access tokens', () => {
  it('are created, listed, used, deleted, and then refused', async () => {
    const expiration = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const created = await call(
      `${global()}/api/v1/user/pa_tokens`,
      jsonRequest('POST', { description: 'ci runner', expiration_date: expiration }, bearer(userToken())),
    );
    expect(created.status).toBe(201);
    const id = pickString(created.body, 'id');
    const token = pickString(created.body, 'token');
    expect(Date.parse(pickString(created.body, 'expires'))).toBeCloseTo(Date.parse(expiration), -4);

    const listed = await call(`${global()}/api/v1/user/pa_tokens`, asUser(userToken()));
    expect(listed.body).toContainEqual({ id, description: 'ci runner', expires: expect.any(String) });
    // The new token is a credential in its own right, and can manage tokens too.
    expect((await call(`${global()}/api/v1/user/welcome`, asUser(token))).status).toBe(200);
    expect((await call(`${global()}/api/v1/user/pa_tokens`, asUser(token))).status).toBe(200);

    const deleted = await call(`${global()}/api/v1/user/pa_token/${id}`, { method: 'DELETE', ...asUser(userToken()) });
    expect(deleted.status).toBe(204);
    expect((await call(`${global()}/api/v1/user/welcome`, asUser(token))).status).toBe(403);
    const after = await call(`${global()}/api/v1/user/pa_tokens`, asUser(userToken()));
    expect(pickArray(after.body).map((t) => pick(t, 'id'))).not.toContain(id);
    const again = await call(`${global()}/api/v1/user/pa_token/${id}`, { method: 'DELETE', ...asUser(userToken()) });
    expect(again.status).toBe(404);
  });

  it('lists only live tokens (the seeded revoked one is gone)', async () => {
    const listed = pickArray((await call(`${global()}/api/v1/user/pa_tokens`, asUser(userToken()))).body);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ description: 'laptop' });
  });

  it('deletes only on the singular pa_token path', async () => {
    const id = pickString(
      pickArray((await call(`${global()}/api/v1/user/pa_tokens`, asUser(userToken()))).body)[0],
      'id',
    );
    const plural = await call(`${global()}/api/v1/user/pa_tokens/${id}`, { method: 'DELETE', ...asUser(userToken()) });
    expect(plural.status).toBe(404);
  });

  it('validates the create body FastAPI-style (422 with a detail list)', async () => {
    const url = `${global()}/api/v1/user/pa_tokens`;
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const cases = [
      { expiration_date: future },
      { description: 'x' },
      { description: 'x', expiration_date: 'next tuesday' },
      { description: 'x', expiration_date: '2001-01-01T00:00:00Z' },
    ];
    for (const body of cases) {
      const reply = await call(url, jsonRequest('POST', body, bearer(userToken())));
      expect(reply.status).toBe(422);
      expect(pickArray(reply.body, 'detail')[0]).toMatchObject({ loc: expect.arrayContaining(['body']) });
    }
  });
});

describe('nuclia knowledge box key', () => {
  it('opens its KB URL with X-NUCLIA-SERVICEACCOUNT', async () => {
    const seed = seedOf(emu.current, 'nuclia', 'kb', 'product-docs');
    expect(seed.url).toMatch(new RegExp(`^${regional()}/api/v1/kb/[0-9a-f-]{36}$`));
    const reply = await call(seed.url ?? '', serviceAccount(seed.secret));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      uuid: seed.url?.split('/').at(-1),
      slug: 'product-docs',
      config: { title: 'Product docs' },
    });
  });

  it('takes x-ndb-client as NucliaDB does: optional, one of its client types, and logged', async () => {
    const seed = seedOf(emu.current, 'nuclia', 'kb', 'product-docs');
    const withClient = (client: string) => {
      const init = serviceAccount(seed.secret);
      return { headers: { ...init.headers, 'x-ndb-client': client } };
    };
    // The Python SDK sends none; the JS SDK sends `web` unless told otherwise.
    expect((await call(seed.url ?? '', serviceAccount(seed.secret))).status).toBe(200);
    expect((await call(seed.url ?? '', withClient('web'))).status).toBe(200);
    expect((await call(seed.url ?? '', withClient('api'))).status).toBe(200);
    const free = await call(seed.url ?? '', withClient('authdeck'));
    expect(free.status).toBe(422);
    expect(pick(free.body, 'detail', 0, 'loc')).toEqual(['header', 'x-ndb-client']);
    const log = pickArray((await control(emu.current, 'requests', undefined, 'GET')).body, 'requests');
    expect(log.map((r) => pick(r, 'client', 'x-ndb-client'))).toEqual([undefined, 'web', 'api', 'authdeck']);
  });

  it('gives its role from authorizer/info on the regional and the global host', async () => {
    const seed = seedOf(emu.current, 'nuclia', 'kb', 'product-docs');
    for (const host of [regional(), global()]) {
      const reply = await call(`${host}/api/authorizer/info`, serviceAccount(seed.secret));
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        user: { role: 'SCONTRIBUTOR', kb_id: seed.url?.split('/').at(-1), account_id: expect.any(String) },
      });
    }
  });

  it('is refused when revoked, unknown, or used on another KB', async () => {
    const good = seedOf(emu.current, 'nuclia', 'kb', 'product-docs');
    const revoked = seedOf(emu.current, 'nuclia', 'kb', 'revoked');
    expect([401, 403]).toContain((await call(revoked.url ?? '', serviceAccount(revoked.secret))).status);
    expect((await call(good.url ?? '', serviceAccount('eyJhbGciOiJIUzI1NiJ9.e30.unknown'))).status).toBe(401);
    const other = `${regional()}/api/v1/kb/00000000-0000-4000-8000-000000000000`;
    expect((await call(other, serviceAccount(good.secret))).status).toBe(403);
    expect((await call(good.url ?? '', { headers: JSON_TYPE })).status).toBe(401);
  });

  it('is unreachable for the KB in a region in outage (503)', async () => {
    const seed = seedOf(emu.current, 'nuclia', 'kb', 'outage');
    const reply = await call(seed.url ?? '', serviceAccount(seed.secret));
    expect(reply.status).toBe(503);
  });

  it('also opens for its owner with a user token', async () => {
    const seed = seedOf(emu.current, 'nuclia', 'kb', 'product-docs');
    expect((await call(seed.url ?? '', asUser(userToken()))).status).toBe(200);
  });
});

describe('nuclia NUA key', () => {
  it('carries the regional base as iss (no trailing slash) and validates there and globally', async () => {
    const key = seedOf(emu.current, 'nuclia', 'processing', 'valid').secret;
    const iss = claimsOf(key).iss;
    expect(iss).toBe(regional());
    for (const host of [String(iss), global()]) {
      const reply = await call(`${host}/api/authorizer/info`, nuaKey(key));
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        user: { user_id: expect.any(String), account_type: expect.any(String), account_id: expect.any(String) },
      });
    }
  });

  it('is refused when revoked', async () => {
    const key = seedOf(emu.current, 'nuclia', 'processing', 'revoked').secret;
    const reply = await call(`${claimsOf(key).iss}/api/authorizer/info`, nuaKey(key));
    expect([401, 403]).toContain(reply.status);
  });

  it('is refused after an out-of-band revoke, and works again after reset', async () => {
    const key = seedOf(emu.current, 'nuclia', 'processing', 'valid').secret;
    const info = `${regional()}/api/authorizer/info`;
    expect((await control(emu.current, 'revoke', { secret: key })).status).toBe(200);
    expect((await call(info, nuaKey(key))).status).toBe(403);
    await control(emu.current, 'reset');
    expect((await call(info, nuaKey(key))).status).toBe(200);
  });
});

describe('nuclia extras the SDK calls', () => {
  it('lists zones and the account KBs', async () => {
    const zones = await call(`${global()}/api/v1/zones`, asUser(userToken()));
    expect(pickArray(zones.body).map((z) => pick(z, 'slug'))).toContain('europe-1');
    const account = pickString(
      pickArray((await call(`${global()}/api/v1/accounts`, asUser(userToken()))).body)[0],
      'slug',
    );
    const kbs = await call(`${global()}/api/v1/account/${account}/kbs`, asUser(userToken()));
    expect(pickArray(kbs.body).map((kb) => pick(kb, 'title'))).toContain('Product docs');
  });
});
