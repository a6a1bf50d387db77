// Every seed must behave, on the wire, as its `expect` says. This file holds a minimal judge written from
// providers.md (deliberately not the emulator's code, nor authdeck's adapters): one online check per provider
// and kind, and the health rules of DESIGN.md (expiring = valid with < 7 days left).
import { describe, expect, it } from 'vitest';
import {
  EMULATED_PROVIDERS,
  type EmulatorSeed,
  type RunningEmulator,
  type SeedExpect,
} from '../../src/emulator/index.js';
import { bearer, call, claimsOf, formPost, type Reply, startEmulatorForFile } from './support.js';

const emu = startEmulatorForFile();
const WEEK_S = 7 * 86_400;

function expiry(secret: string): number | null {
  try {
    const exp = claimsOf(secret).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

/** Health from an online answer plus the token's own `exp`. */
function judge(reply: Reply, secret: string, ok = reply.status === 200): SeedExpect {
  const exp = expiry(secret);
  const now = Date.now() / 1000;
  if (reply.status >= 500) return 'unreachable';
  if (ok) return exp !== null && exp - now < WEEK_S ? 'expiring' : 'valid';
  if (reply.status === 403 && reply.text.includes('scenarios:read')) return 'insufficient_scope';
  return exp !== null && exp <= now ? 'expired' : 'rejected';
}

async function platformCheck(auth: string, api: string, clientId: string, secret: string): Promise<SeedExpect> {
  const basic = { authorization: `Basic ${Buffer.from(`${clientId}:`).toString('base64')}` };
  const exchange = await call(
    `${auth}/oauth2/token`,
    formPost({ grant_type: 'api_token', api_token: secret, scope: '' }, basic),
  );
  if (exchange.status !== 200) return judge(exchange, secret);
  const me = await call(`${api}/users/me`, {
    headers: bearer(String((exchange.body as { access_token: string }).access_token)),
  });
  return judge(me, secret);
}

async function check(running: RunningEmulator, seed: EmulatorSeed): Promise<SeedExpect> {
  const { endpoints } = running;
  const json = { 'content-type': 'application/json' };
  switch (seed.provider) {
    case 'curvenote': {
      const exchange = await call(String(claimsOf(seed.secret).aud), {
        method: 'POST',
        headers: bearer(seed.secret, json),
      });
      return judge(exchange, seed.secret);
    }
    case 'nuclia': {
      if (seed.kind === 'user')
        return judge(
          await call(`${endpoints.nuclia.global}/api/v1/user/welcome`, { headers: bearer(seed.secret, json) }),
          seed.secret,
        );
      if (seed.kind === 'kb') {
        const kb = await call(seed.url ?? '', { headers: { 'x-nuclia-serviceaccount': `Bearer ${seed.secret}` } });
        return judge(kb, seed.secret);
      }
      const iss = String(claimsOf(seed.secret).iss).replace(/\/$/, '');
      return judge(
        await call(`${iss}/api/authorizer/info`, { headers: { 'x-nuclia-nuakey': `Bearer ${seed.secret}` } }),
        seed.secret,
      );
    }
    case 'appcircle': {
      const exchange = await call(`${endpoints.appcircle.auth}/auth/v1/token`, formPost({ pat: seed.secret }));
      return judge(exchange, seed.secret);
    }
    case 'platformsh':
      return platformCheck(endpoints.platformsh.auth, endpoints.platformsh.api, 'platform-cli', seed.secret);
    case 'upsun':
      return platformCheck(endpoints.upsun.auth, endpoints.upsun.api, 'upsun-cli', seed.secret);
    case 'etm':
      return judge(await call(`${endpoints.etm.engine}/scenarios`, { headers: bearer(seed.secret) }), seed.secret);
    case 'bearer':
      return judge(await call(endpoints.bearer.whoami, { headers: bearer(seed.secret) }), seed.secret);
  }
}

describe('the seed', () => {
  it('has, for every provider, a valid and a rejected user credential', () => {
    for (const provider of EMULATED_PROVIDERS) {
      const users = emu.current.seed.filter((s) => s.provider === provider && s.kind === 'user');
      expect(
        users.map((s) => s.expect),
        provider,
      ).toEqual(expect.arrayContaining(['valid', 'rejected']));
    }
  });

  it('has expired and expiring Curvenote and ETM tokens, an ETM token without scope, and Nuclia KB and NUA keys', () => {
    const expects = (provider: string, kind = 'user') =>
      emu.current.seed.filter((s) => s.provider === provider && s.kind === kind).map((s) => s.expect);
    for (const provider of ['curvenote', 'etm'])
      expect(expects(provider)).toEqual(expect.arrayContaining(['expired', 'expiring']));
    expect(expects('etm')).toContain('insufficient_scope');
    expect(expects('nuclia', 'kb')).toContain('valid');
    expect(expects('nuclia', 'processing')).toContain('valid');
    for (const kb of emu.current.seed.filter((s) => s.kind === 'kb'))
      expect(kb.url).toMatch(/\/api\/v1\/kb\/[0-9a-f-]+$/);
  });

  it('has secrets of at least 16 characters, distinct, and labels unique per provider and kind', () => {
    const seed = emu.current.seed;
    for (const entry of seed)
      expect(entry.secret.length, `${entry.provider}/${entry.label}`).toBeGreaterThanOrEqual(16);
    expect(new Set(seed.map((s) => s.secret)).size).toBe(seed.length);
    expect(new Set(seed.map((s) => `${s.provider}/${s.kind}/${s.label}`)).size).toBe(seed.length);
  });

  it('behaves on the wire as each entry’s expect says', async () => {
    const results = await Promise.all(
      emu.current.seed.map(async (s) => [`${s.provider}/${s.kind}/${s.label}`, await check(emu.current, s)]),
    );
    const expected = emu.current.seed.map((s) => [`${s.provider}/${s.kind}/${s.label}`, s.expect]);
    expect(results).toEqual(expected);
  });

  it('minted credentials are valid on the wire too', async () => {
    const kinds = [
      ...EMULATED_PROVIDERS.map((provider) => ({ provider, kind: 'user' })),
      { provider: 'nuclia', kind: 'kb' },
      { provider: 'nuclia', kind: 'processing' },
    ];
    for (const { provider, kind } of kinds) {
      const reply = await call(`${emu.current.url}/_emulator/mint`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ provider, kind, count: 2 }),
      });
      const minted = (reply.body as { seed: EmulatorSeed[] }).seed;
      expect(minted.map((s) => s.label)).toEqual(['minted-1', 'minted-2']);
      for (const seed of minted) {
        expect(seed).toMatchObject({ provider, kind, expect: 'valid' });
        expect(await check(emu.current, seed), `${provider}/${kind}`).toBe('valid');
      }
    }
  });
});
