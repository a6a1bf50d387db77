import { describe, expect, it } from 'vitest';
import {
  bearer,
  call,
  claimsOf,
  formPost,
  jsonRequest,
  pick,
  pickArray,
  pickString,
  seedOf,
  startEmulatorForFile,
} from './support.js';

const emu = startEmulatorForFile();
const basic = (clientId: string) => ({ authorization: `Basic ${Buffer.from(`${clientId}:`).toString('base64')}` });

describe.each([
  { brand: 'platformsh', clientId: 'platform-cli', person: 'margaret' },
  { brand: 'upsun', clientId: 'upsun-cli', person: 'radia' },
] as const)('$brand', ({ brand, clientId, person }) => {
  const auth = () => emu.current.endpoints[brand].auth;
  const api = () => emu.current.endpoints[brand].api;
  const token = (label = 'valid') => seedOf(emu.current, brand, 'user', label).secret;
  const exchangeForm = (apiToken: string, client = clientId) =>
    call(
      `${auth()}/oauth2/token`,
      formPost({ grant_type: 'api_token', api_token: apiToken, scope: '' }, basic(client)),
    );

  async function access(apiToken = token()): Promise<string> {
    const reply = await exchangeForm(apiToken);
    expect(reply.status).toBe(200);
    return pickString(reply.body, 'access_token');
  }
  async function me(accessToken: string) {
    return call(`${api()}/users/me`, { headers: bearer(accessToken) });
  }

  it('exchanges an API token sent as a form with the Basic client id (the PHP CLI)', async () => {
    expect(token()).toMatch(/^[A-Za-z0-9]{43}$/);
    const reply = await exchangeForm(token());
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ expires_in: expect.any(Number), token_type: 'bearer' });
    const user = await me(pickString(reply.body, 'access_token'));
    expect(claimsOf(pickString(reply.body, 'access_token')).sub).toBe(pick(user.body, 'id'));
  });

  it('exchanges the same fields sent as JSON (the JS client), with client_id in the body too', async () => {
    const body = { grant_type: 'api_token', api_token: token(), client_id: clientId };
    expect((await call(`${auth()}/oauth2/token`, jsonRequest('POST', body, basic(clientId)))).status).toBe(200);
    expect((await call(`${auth()}/oauth2/token`, jsonRequest('POST', body))).status).toBe(200);
    expect((await call(`${auth()}/oauth2/token`, formPost(body))).status).toBe(200);
  });

  it('accepts platform-cli as client id', async () => {
    expect((await exchangeForm(token(), 'platform-cli')).status).toBe(200);
  });

  it('answers 400 invalid_grant, never 401, for a revoked or unknown API token', async () => {
    for (const apiToken of [token('revoked'), 'Z'.repeat(43)]) {
      const reply = await exchangeForm(apiToken);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid API token' });
    }
  });

  it('refuses another grant type and a missing client', async () => {
    const wrong = await call(
      `${auth()}/oauth2/token`,
      formPost({ grant_type: 'password', api_token: token() }, basic(clientId)),
    );
    expect(wrong.status).toBe(400);
    expect(pick(wrong.body, 'error')).toBe('unsupported_grant_type');
    const anonymous = await call(`${auth()}/oauth2/token`, formPost({ grant_type: 'api_token', api_token: token() }));
    expect(pick(anonymous.body, 'error')).toBe('invalid_client');
  });

  it('tells who the user is at /users/me', async () => {
    const reply = await me(await access());
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      username: person,
      email: `${person}@example.com`,
      email_verified: true,
      first_name: expect.any(String),
      last_name: expect.any(String),
    });
    expect((await call(`${api()}/users/me`, { headers: bearer(token()) })).status).toBe(401);
  });

  it('creates, lists, uses and deletes API tokens', async () => {
    const accessToken = await access();
    const userId = pickString((await me(accessToken)).body, 'id');
    const tokens = `${api()}/users/${userId}/api-tokens`;

    const before = pickArray((await call(tokens, { headers: bearer(accessToken) })).body);
    expect(before.map((t) => pick(t, 'name'))).toEqual(['laptop']);
    expect(before[0]).not.toHaveProperty('token');

    const created = await call(tokens, jsonRequest('POST', { name: 'ci' }, bearer(accessToken)));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'ci',
      mfa_on_creation: false,
      created_at: expect.any(String),
      last_used_at: null,
    });
    const id = pickString(created.body, 'id');
    const fresh = pickString(created.body, 'token');
    expect((await me(await access(fresh))).status).toBe(200);
    const listed = pickArray((await call(tokens, { headers: bearer(accessToken) })).body);
    expect(listed.find((t) => pick(t, 'id') === id)).toMatchObject({ last_used_at: expect.any(String) });

    const deleted = await call(`${tokens}/${id}`, jsonRequest('DELETE', {}, bearer(accessToken)));
    expect(deleted.status).toBe(204);
    expect((await exchangeForm(fresh)).status).toBe(400);
    expect(
      pickArray((await call(tokens, { headers: bearer(accessToken) })).body).map((t) => pick(t, 'id')),
    ).not.toContain(id);
    expect((await call(`${tokens}/${id}`, { method: 'DELETE', headers: bearer(accessToken) })).status).toBe(404);
  });

  it('refuses a token without a name, and other users’ tokens', async () => {
    const accessToken = await access();
    const userId = pickString((await me(accessToken)).body, 'id');
    const tokens = `${api()}/users/${userId}/api-tokens`;
    expect((await call(tokens, jsonRequest('POST', {}, bearer(accessToken)))).status).toBe(400);
    expect((await call(`${api()}/users/someone-else/api-tokens`, { headers: bearer(accessToken) })).status).toBe(403);
  });

  it('revokes an access token at /oauth2/revoke', async () => {
    const accessToken = await access();
    const revoked = await call(
      `${auth()}/oauth2/revoke`,
      formPost({ token: accessToken, token_type_hint: 'access_token' }, basic(clientId)),
    );
    expect(revoked.status).toBe(200);
    expect((await me(accessToken)).status).toBe(401);
  });
});

describe('client ids per brand', () => {
  it('Platform.sh refuses upsun-cli', async () => {
    const reply = await call(
      `${emu.current.endpoints.platformsh.auth}/oauth2/token`,
      formPost(
        { grant_type: 'api_token', api_token: seedOf(emu.current, 'platformsh', 'user', 'valid').secret },
        basic('upsun-cli'),
      ),
    );
    expect(reply.status).toBe(401);
    expect(pick(reply.body, 'error')).toBe('invalid_client');
  });

  it('keeps each brand’s users apart', async () => {
    const reply = await call(
      `${emu.current.endpoints.upsun.auth}/oauth2/token`,
      formPost(
        { grant_type: 'api_token', api_token: seedOf(emu.current, 'platformsh', 'user', 'valid').secret },
        basic('upsun-cli'),
      ),
    );
    expect(reply.status).toBe(400);
  });
});
