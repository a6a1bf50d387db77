/**
 * Contract tests: every adapter against the built-in emulator, over real HTTP through the real client.
 * The emulator is written from providers.md on its own, so agreement here is agreement with the spec.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, Credential, ProviderContext, ProviderId, SessionCache } from '../../src/core/adapter.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createHttp, type Http } from '../../src/http/client.js';
import { createSessionCache } from '../../src/http/sessions.js';
import { getProvider } from '../../src/providers/registry.js';
import { control as emulatorControl } from '../emulator/support.js';

interface Seed {
  provider: ProviderId;
  kind: Credential['kind'];
  label: string;
  secret: string;
  url?: string;
  expect: string;
}

interface LoggedRequest {
  /** ISO time of arrival. */
  at: string;
  provider: string | null;
  method: string;
  path: string;
  query: Record<string, string>;
  headerNames: string[];
  /** Values of the headers by which a client names itself (User-Agent, X-Client-Name…). */
  client: Record<string, string>;
  contentType: string | null;
  authScheme: string | null;
  bodyKeys: string[];
  status: number;
}

let emulator: RunningEmulator;
let http: Http;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  http = createHttp({ retryBaseMs: 20 });
});

afterAll(async () => {
  await http.close();
  await emulator.close();
});

afterEach(async () => {
  await control('reset', {});
});

/** A control request, on a connection of its own (see test/emulator/support.ts). */
async function control(name: string, body: unknown): Promise<unknown> {
  const res = await emulatorControl(emulator, name, body);
  if (res.status !== 200) throw new Error(`emulator control ${name} answered ${res.status}`);
  return res.body;
}

async function requestLog(): Promise<LoggedRequest[]> {
  const res = await emulatorControl(emulator, 'requests', undefined, 'GET');
  return (res.body as { requests: LoggedRequest[] }).requests;
}

async function mint(provider: ProviderId, kind: Credential['kind'] = 'user'): Promise<Seed> {
  const { seed } = (await control('mint', { provider, kind, count: 1 })) as { seed: Seed[] };
  const fresh = seed[0];
  if (!fresh) throw new Error('emulator minted nothing');
  return fresh;
}

function credentialOf(seed: Seed): Credential {
  const endpoints = (emulator.endpoints as unknown as Record<string, Record<string, string>>)[seed.provider] ?? {};
  return {
    provider: seed.provider,
    kind: seed.kind,
    secret: seed.secret,
    endpoints: { ...endpoints },
    resource: seed.url ? { url: seed.url } : null,
  };
}

function ctx(
  secret: string,
  options: { timeoutMs?: number; sessions?: SessionCache; now?: () => Date } = {},
): ProviderContext {
  return {
    http: http.forDeadline(options.timeoutMs ?? 5_000, [secret]),
    sessions: options.sessions ?? createSessionCache(),
    now: options.now ?? (() => new Date()),
  };
}

async function check(credential: Credential, options?: Parameters<typeof ctx>[1]): Promise<CheckResult> {
  return getProvider(credential.provider).check(credential, ctx(credential.secret, options));
}

function seedOf(provider: ProviderId, label: string, kind: Credential['kind'] = 'user'): Seed {
  const seed = (emulator.seed as Seed[]).find((s) => s.provider === provider && s.kind === kind && s.label === label);
  if (!seed) throw new Error(`no seed ${provider}/${kind}/${label}`);
  return seed;
}

describe('every seed gets its expected health', () => {
  it('checks all seeds in parallel', async () => {
    const seeds = emulator.seed as Seed[];
    expect(seeds.length).toBeGreaterThan(10);
    const sessions = createSessionCache();
    const results = await Promise.all(seeds.map((seed) => check(credentialOf(seed), { sessions })));
    const got = seeds.map(
      (seed, i) => `${seed.provider}/${seed.kind}/${seed.label}: ${results[i]?.health} (${results[i]?.reason})`,
    );
    const want = seeds.map(
      (seed, i) => `${seed.provider}/${seed.kind}/${seed.label}: ${seed.expect} (${results[i]?.reason})`,
    );
    expect(got).toEqual(want);
    for (const result of results) {
      const text = JSON.stringify(result);
      for (const seed of seeds) expect(text).not.toContain(seed.secret);
    }
  });

  it('learns identity, resource and scopes', async () => {
    const curvenote = await check(credentialOf(seedOf('curvenote', 'valid')));
    expect(curvenote.identity?.username ?? curvenote.identity?.email).toBeTruthy();

    const kb = await check(credentialOf(seedOf('nuclia', 'product-docs', 'kb')));
    expect(kb.resource).toMatchObject({ url: seedOf('nuclia', 'product-docs', 'kb').url });
    expect(kb.resource?.title).toBeTruthy();
    expect(kb.resource?.role).toMatch(/^(OWNER|CONTRIBUTOR|READER)$/);

    const nua = await check(credentialOf(seedOf('nuclia', 'valid', 'processing')));
    expect(nua.resource?.accountId).toBeTruthy();
    expect(nua.identity?.accountType).toBeTruthy();

    const etm = await check(credentialOf(seedOf('etm', 'valid')));
    expect(etm.scopes).toContain('scenarios:read');
    expect(etm.expiresAt).not.toBeNull();

    const noScope = await check(credentialOf(seedOf('etm', 'no-scope')));
    expect(noScope).toMatchObject({ health: 'insufficient_scope', missingScopes: ['scenarios:read'] });

    const appcircle = await check(credentialOf(seedOf('appcircle', 'valid')));
    expect(appcircle.identity?.organization).toBeTruthy();

    for (const id of ['platformsh', 'upsun', 'bearer'] as const) {
      const result = await check(credentialOf(seedOf(id, 'valid')));
      expect(result.identity?.username ?? result.identity?.email, id).toBeTruthy();
    }
  });

  it('finds the endpoints through AUTHDECK_ENDPOINTS too', async () => {
    const saved = process.env.AUTHDECK_ENDPOINTS;
    process.env.AUTHDECK_ENDPOINTS = JSON.stringify(emulator.endpoints);
    try {
      for (const [provider, label] of [
        ['etm', 'valid'],
        ['upsun', 'valid'],
        ['nuclia', 'valid'],
        ['appcircle', 'valid'],
      ] as const) {
        const result = await check({ ...credentialOf(seedOf(provider, label)), endpoints: {} });
        expect(result.health, provider).toBe('valid');
      }
    } finally {
      if (saved === undefined) delete process.env.AUTHDECK_ENDPOINTS;
      else process.env.AUTHDECK_ENDPOINTS = saved;
    }
  });
  it('needs no endpoint settings where the token says where it belongs', async () => {
    const saved = process.env.AUTHDECK_ENDPOINTS;
    delete process.env.AUTHDECK_ENDPOINTS;
    try {
      for (const [provider, label, kind] of [
        ['curvenote', 'valid', 'user'], // session exchange at the token's aud
        ['nuclia', 'valid', 'processing'], // the NUA key's iss
        ['nuclia', 'product-docs', 'kb'], // the KB's stored URL
        ['etm', 'valid', 'user'], // the engine in the token's aud
      ] as const) {
        const result = await check({ ...credentialOf(seedOf(provider, label, kind)), endpoints: {} });
        expect(result.health, `${provider}/${kind}`).toBe('valid');
      }
    } finally {
      if (saved !== undefined) process.env.AUTHDECK_ENDPOINTS = saved;
    }
  });
});

describe('personal tokens', () => {
  for (const provider of ['nuclia', 'platformsh', 'upsun'] as const) {
    it(`${provider}: create, list, check, revoke`, async () => {
      const owner = credentialOf(seedOf(provider, 'valid'));
      const adapter = getProvider(provider);
      const tokens = adapter.tokens;
      if (!tokens) throw new Error(`${provider} has no token API`);
      const sessions = createSessionCache();
      const context = () => ctx(owner.secret, { sessions });

      const created = await tokens.create(owner, { description: 'authdeck contract test', days: 30 }, context());
      expect(created.token.length).toBeGreaterThanOrEqual(16);
      if (tokens.expires) expect(Date.parse(created.expiresAt ?? '')).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      else expect(created.expiresAt).toBeNull();

      const listed = await tokens.list(owner, context());
      const mine = listed.find((t) => t.id === created.id);
      expect(mine).toMatchObject({ description: 'authdeck contract test' });
      expect(JSON.stringify(listed)).not.toContain(created.token);

      const fresh: Credential = { ...owner, secret: created.token };
      expect((await check(fresh)).health).toBe('valid');

      await tokens.revoke(owner, created.id, context());
      expect((await tokens.list(owner, context())).some((t) => t.id === created.id)).toBe(false);
      expect((await check(fresh)).health).toBe('rejected');
      expect((await check(owner)).health).toBe('valid');
    });
  }

  it('a refused owner makes token operations throw a redacted HttpError', async () => {
    const revoked = credentialOf(seedOf('nuclia', 'revoked'));
    const error = await getProvider('nuclia')
      .tokens?.list(revoked, ctx(revoked.secret))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ name: 'HttpError', health: 'rejected' });
    expect(String((error as Error).message)).not.toContain(revoked.secret);
  });
});

describe('faults', () => {
  it('a 503 is retried and the check succeeds', async () => {
    await control('faults', { provider: 'etm', status: 503, count: 1 });
    expect((await check(credentialOf(seedOf('etm', 'valid')))).health).toBe('valid');
  });

  it('a token exchange (POST) is retried on 503 too', async () => {
    await control('faults', { provider: 'upsun', status: 503, count: 1 });
    expect((await check(credentialOf(seedOf('upsun', 'valid')))).health).toBe('valid');
    const exchanges = (await requestLog()).filter((r) => r.provider === 'upsun' && r.method === 'POST');
    expect(exchanges.map((r) => r.status).slice(-2)).toEqual([503, 200]);
  });

  it('a lasting 503 is unreachable: server error 503', async () => {
    await control('faults', { provider: 'bearer', status: 503 });
    expect(await check(credentialOf(seedOf('bearer', 'valid')))).toMatchObject({
      health: 'unreachable',
      reason: 'server error 503',
    });
  });

  it('latency past the deadline is a timeout', async () => {
    await control('faults', { provider: 'curvenote', latencyMs: 2_000 });
    const started = Date.now();
    const result = await check(credentialOf(seedOf('curvenote', 'valid')), { timeoutMs: 400 });
    expect(result).toMatchObject({ health: 'unreachable', reason: 'timeout after 0.4 s' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a dropped connection is a reset', async () => {
    await control('faults', { provider: 'appcircle', drop: true });
    expect(await check(credentialOf(seedOf('appcircle', 'valid')))).toMatchObject({
      health: 'unreachable',
      reason: 'connection reset',
    });
  });

  it('an error body that echoes the request headers never shows the secret', async () => {
    const seeds = emulator.seed as Seed[];
    await control('faults', { status: 401, echo: true });
    const results = await Promise.all(seeds.map((seed) => check(credentialOf(seed))));
    for (const [i, result] of results.entries()) {
      const text = JSON.stringify(result);
      for (const seed of seeds) expect(text, `${seeds[i]?.provider}/${seeds[i]?.label}`).not.toContain(seed.secret);
    }
  });

  it('a credential revoked out of band is rejected', async () => {
    for (const provider of ['curvenote', 'etm', 'appcircle', 'bearer'] as const) {
      const fresh = await mint(provider);
      expect((await check(credentialOf(fresh))).health, provider).toBe('valid');
      await control('revoke', { secret: fresh.secret });
      expect((await check(credentialOf(fresh))).health, provider).toBe('rejected');
    }
  });
});

describe('wire details', () => {
  it('Curvenote: one session exchange per run, refreshed when under 30 s are left', async () => {
    const credential = credentialOf(seedOf('curvenote', 'valid'));
    const sessions = createSessionCache();
    const logins = async () =>
      (await requestLog()).filter((r) => r.provider === 'curvenote' && r.method === 'POST').length;
    const before = await logins();
    await check(credential, { sessions });
    await check(credential, { sessions });
    expect((await logins()) - before).toBe(1);
    // 14 min 40 s later the 15-minute session has 20 s left: exchange again.
    const later = () => new Date(Date.now() + (15 * 60 - 20) * 1_000);
    expect((await check(credential, { sessions, now: later })).health).toBe('valid');
    expect((await logins()) - before).toBe(2);
  });

  it("Curvenote: reads the session's cfg like the CLI, with authdeck's X-Client-Name/Version", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect((await check(credentialOf(seedOf('curvenote', 'valid')))).health).toBe('valid');
    const calls = (await requestLog()).filter((r) => r.provider === 'curvenote');
    const api = new URL(emulator.endpoints.curvenote.api).pathname;
    expect(calls.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST ${api}/login 200`,
      `GET ${api}/config 200`,
      `GET ${api}/my/user 200`,
    ]);
    const [login, config, me] = calls;
    expect(login?.client).toEqual({ 'user-agent': 'authdeck' });
    for (const call of [config, me]) {
      expect(call?.authScheme).toBe('Bearer');
      expect(call?.client).toMatchObject({ 'x-client-name': 'authdeck', 'x-client-version': version });
    }
  });

  it('Curvenote: when the config cannot be read, the check falls back to the session aud', async () => {
    const login = `${emulator.endpoints.curvenote.api}/login`;
    const answer = await fetch(login, {
      method: 'POST',
      headers: { authorization: `Bearer ${seedOf('curvenote', 'valid').secret}`, 'content-type': 'application/json' },
    });
    const { session } = (await answer.json()) as { session: string };
    await control('faults', { provider: 'curvenote', status: 404, count: 1 });
    const credential = { ...credentialOf(seedOf('curvenote', 'valid')), secret: session, isSession: true };
    // A 15-minute session is well inside the 7-day window: expiring, but accepted by the API at its aud.
    expect(await check(credential)).toMatchObject({ health: 'expiring', identity: { username: 'ada' } });
    const calls = (await requestLog()).filter((r) => r.provider === 'curvenote' && r.method === 'GET');
    expect(calls.map((r) => `${r.path.split('/').at(-1)} ${r.status}`)).toEqual(['config 404', 'user 200']);
  });

  it('Nuclia: x-ndb-client on every request, a value NucliaDB accepts', async () => {
    const owner = credentialOf(seedOf('nuclia', 'valid'));
    await check(owner);
    await check(credentialOf(seedOf('nuclia', 'product-docs', 'kb')));
    await check(credentialOf(seedOf('nuclia', 'valid', 'processing')));
    await getProvider('nuclia').tokens?.list(owner, ctx(owner.secret));
    const calls = (await requestLog()).filter((r) => r.provider === 'nuclia');
    expect(calls.length).toBeGreaterThanOrEqual(5);
    for (const call of calls) expect(call.client, call.path).toMatchObject({ 'x-ndb-client': 'api' });
    expect(calls.every((r) => r.status === 200)).toBe(true);
  });

  it('Appcircle: a 403 at login is no access to the organization, a 400 a refused request', async () => {
    const credential = credentialOf(seedOf('appcircle', 'valid'));
    await control('faults', { provider: 'appcircle', status: 403, count: 1 });
    expect(await check(credential)).toMatchObject({
      health: 'rejected',
      reason: 'no access to the organization (403): Forbidden',
    });
    await control('faults', { provider: 'appcircle', status: 400, count: 1 });
    expect(await check(credential)).toMatchObject({
      health: 'unreachable',
      reason: 'login request refused as malformed (400): Bad Request',
    });
    expect((await check(credential)).health).toBe('valid');
  });

  it('sends what the vendors CLIs send', async () => {
    await check(credentialOf(seedOf('platformsh', 'valid')));
    await check(credentialOf(seedOf('appcircle', 'valid')));
    await check(credentialOf(seedOf('etm', 'valid')));
    await check(credentialOf(seedOf('nuclia', 'valid', 'processing')));
    const log = await requestLog();
    const exchange = log.filter((r) => r.provider === 'platformsh' && r.method === 'POST').at(-1);
    expect(exchange).toMatchObject({ authScheme: 'Basic', contentType: 'application/x-www-form-urlencoded' });
    expect(exchange?.bodyKeys).toEqual(expect.arrayContaining(['grant_type', 'api_token']));
    const pat = log.filter((r) => r.provider === 'appcircle' && r.method === 'POST').at(-1);
    expect(pat).toMatchObject({ contentType: 'application/x-www-form-urlencoded', bodyKeys: ['pat'] });
    const scenarios = log.filter((r) => r.provider === 'etm').at(-1);
    expect(scenarios).toMatchObject({ method: 'GET', query: { page: '1', per_page: '1' }, authScheme: 'Bearer' });
    const nua = log.filter((r) => r.provider === 'nuclia').at(-1);
    expect(nua?.path).toMatch(/\/api\/authorizer\/info$/);
    expect(nua?.headerNames).toContain('x-nuclia-nuakey');
  });

  it('Appcircle exports the exchanged access token, which then checks valid as a session', async () => {
    const credential = credentialOf(seedOf('appcircle', 'valid'));
    const env = await getProvider('appcircle').exportEnv(credential, ctx(credential.secret));
    expect(Object.keys(env)).toEqual(['AC_ACCESS_TOKEN']);
    expect(env.AC_ACCESS_TOKEN).not.toBe(credential.secret);
    const session: Credential = { ...credential, secret: env.AC_ACCESS_TOKEN ?? '', isSession: true };
    // An access token lives an hour: well inside the 7-day window, so it reads as expiring.
    expect(await check(session)).toMatchObject({ health: 'expiring', expiresAt: expect.any(String) });
  });
});

describe('speed', () => {
  it('checks 50 accounts in parallel: each one’s first request arrives before any answer (200 ms latency)', async () => {
    const kinds: Array<[ProviderId, Credential['kind']]> = [
      ['etm', 'user'],
      ['bearer', 'user'],
      ['nuclia', 'kb'],
      ['nuclia', 'processing'],
      ['curvenote', 'user'],
      ['platformsh', 'user'],
      ['upsun', 'user'],
      ['nuclia', 'user'],
      ['appcircle', 'user'],
    ];
    const seeds: Seed[] = [];
    for (const [provider, kind] of kinds) {
      const { seed } = (await control('mint', { provider, kind, count: 6 })) as { seed: Seed[] };
      seeds.push(...seed);
    }
    const fifty = seeds.slice(0, 50);
    expect(fifty).toHaveLength(50);
    await control('faults', { latencyMs: 200 });
    const fast = createHttp();
    try {
      const sessions = createSessionCache();
      const started = new Date().toISOString();
      const results = await Promise.all(
        fifty.map((seed) =>
          getProvider(seed.provider).check(credentialOf(seed), {
            http: fast.forDeadline(5_000, [seed.secret]),
            sessions,
            now: () => new Date(),
          }),
        ),
      );
      expect(results.filter((r) => r.health !== 'valid').map((r) => r.reason)).toEqual([]);
      // Concurrency, not speed (npm run bench measures that): no answer leaves the emulator before 200 ms,
      // so requests arriving within 200 ms of the first were all sent before any answer came back.
      const arrivals = (await requestLog())
        .filter((r) => r.at >= started && r.provider !== null)
        .map((r) => Date.parse(r.at))
        .sort((a, b) => a - b);
      expect(arrivals.filter((t) => t < arrivals[0]! + 200).length).toBeGreaterThanOrEqual(50);
    } finally {
      await fast.close();
    }
  });
});
