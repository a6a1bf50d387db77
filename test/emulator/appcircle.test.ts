import { describe, expect, it } from 'vitest';
import { APPCIRCLE_API_KEY } from '../../src/emulator/appcircle.js';
import {
  bearer,
  call,
  claimsOf,
  control,
  formPost,
  jsonRequest,
  pick,
  pickArray,
  pickString,
  seedOf,
  startEmulatorForFile,
} from './support.js';

const emu = startEmulatorForFile();
const auth = () => emu.current.endpoints.appcircle.auth;
const api = () => emu.current.endpoints.appcircle.api;
const userinfo = () => `${auth()}/auth/realms/appcircle/protocol/openid-connect/userinfo`;

async function accessToken(pat: string): Promise<string> {
  const reply = await call(`${auth()}/auth/v1/token`, formPost({ pat }));
  expect(reply.status).toBe(200);
  return pickString(reply.body, 'access_token');
}

describe('appcircle PAT exchange', () => {
  it('trades a form-encoded pat for an access token', async () => {
    const pat = seedOf(emu.current, 'appcircle', 'user', 'valid').secret;
    expect(pat).toMatch(/^[A-Za-z0-9_-]{48}$/);
    const reply = await call(`${auth()}/auth/v1/token`, formPost({ pat }));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', refresh_token: expect.any(String) });
    expect(claimsOf(pickString(reply.body, 'access_token')).currentOrganizationId).toEqual(expect.any(String));
  });

  it('answers 401 invalid_grant for a revoked or unknown PAT', async () => {
    for (const pat of [seedOf(emu.current, 'appcircle', 'user', 'revoked').secret, 'A'.repeat(48)]) {
      const reply = await call(`${auth()}/auth/v1/token`, formPost({ pat }));
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid PAT token' });
    }
  });

  it('takes form bodies only, as the CLI sends', async () => {
    const pat = seedOf(emu.current, 'appcircle', 'user', 'valid').secret;
    const reply = await call(`${auth()}/auth/v1/token`, jsonRequest('POST', { pat }));
    expect(reply.status).toBe(400);
    expect(pick(reply.body, 'error')).toBe('invalid_request');
  });
});

describe('appcircle identity', () => {
  it('returns OIDC userinfo with currentOrganizationId, and that org is listed', async () => {
    const token = await accessToken(seedOf(emu.current, 'appcircle', 'user', 'valid').secret);
    const me = await call(userinfo(), { headers: bearer(token) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      email: 'katherine@example.com',
      preferred_username: 'katherine',
      sub: expect.any(String),
    });
    const orgId = pickString(me.body, 'currentOrganizationId');
    const orgs = await call(`${api()}/identity/v1/organizations`, { headers: bearer(token) });
    expect(pickArray(orgs.body, 'data')).toContainEqual(
      expect.objectContaining({ id: orgId, name: 'Johnson Aerospace' }),
    );
    const one = await call(`${api()}/identity/v1/organizations/${orgId}`, { headers: bearer(token) });
    expect(one.body).toMatchObject({ id: orgId });
    // `createdDate` is the column the CLI's `organization list` reads (writer.ts), not `createDate`.
    for (const org of [one.body, ...pickArray(orgs.body, 'data')]) {
      expect(Date.parse(pickString(org, 'createdDate'))).not.toBeNaN();
      expect(pick(org, 'createDate')).toBeUndefined();
    }
    expect((await call(`${api()}/identity/v1/organizations/nope`, { headers: bearer(token) })).status).toBe(404);
  });

  it('refuses the PAT itself and a missing token at userinfo', async () => {
    const pat = seedOf(emu.current, 'appcircle', 'user', 'valid').secret;
    expect((await call(userinfo(), { headers: bearer(pat) })).status).toBe(401);
    expect((await call(userinfo())).status).toBe(401);
    expect((await call(`${api()}/identity/v1/organizations`)).status).toBe(401);
  });

  it('kills access tokens when their PAT is revoked out of band', async () => {
    const pat = seedOf(emu.current, 'appcircle', 'user', 'valid').secret;
    const token = await accessToken(pat);
    await control(emu.current, 'revoke', { secret: pat });
    expect((await call(userinfo(), { headers: bearer(token) })).status).toBe(401);
  });
});

describe('appcircle API key login', () => {
  it('trades name and secret (and an organization) for an access token', async () => {
    const url = `${auth()}/auth/v1/api-key/token`;
    const reply = await call(url, formPost({ name: APPCIRCLE_API_KEY.name, secret: APPCIRCLE_API_KEY.secret }));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
    const token = pickString(reply.body, 'access_token');
    const orgs = pickArray((await call(`${api()}/identity/v1/organizations`, { headers: bearer(token) })).body, 'data');
    const second = pickString(orgs[1], 'id');
    const scoped = await call(url, formPost({ ...APPCIRCLE_API_KEY, organizationId: second }));
    expect(claimsOf(pickString(scoped.body, 'access_token')).currentOrganizationId).toBe(second);
    const wrong = await call(url, formPost({ name: APPCIRCLE_API_KEY.name, secret: 'not-the-secret' }));
    expect(wrong.status).toBe(401);
  });
});

describe('appcircle API key login refusals, as the CLI tells them apart', () => {
  const url = () => `${auth()}/auth/v1/api-key/token`;

  it('answers 403 for an organization the key may not use', async () => {
    const elsewhere = '0b6f2c1e-6a43-4c55-9d8e-3f1a2b4c5d6e';
    const reply = await call(url(), formPost({ ...APPCIRCLE_API_KEY, organizationId: elsewhere }));
    expect(reply.status).toBe(403);
    expect(pick(reply.body, 'error')).toEqual(expect.any(String));
  });

  it('answers 400 "organizationId must be a valid GUID" for an id that is not a GUID', async () => {
    for (const organizationId of ['org-123', '', '0b6f2c1e6a434c559d8e3f1a2b4c5d6e']) {
      const reply = await call(url(), formPost({ ...APPCIRCLE_API_KEY, organizationId }));
      expect(reply.status, organizationId).toBe(400);
      // The CLI matches this text in `error` to say "Invalid organization ID format".
      expect(pickString(reply.body, 'error')).toContain('organizationId must be a valid GUID');
    }
  });

  it('still answers 401 for wrong credentials with a well-formed organization id', async () => {
    const organizationId = '0b6f2c1e-6a43-4c55-9d8e-3f1a2b4c5d6e';
    const reply = await call(url(), formPost({ name: APPCIRCLE_API_KEY.name, secret: 'wrong-secret', organizationId }));
    expect(reply.status).toBe(401);
  });
});
