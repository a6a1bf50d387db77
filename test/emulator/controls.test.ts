import { describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import {
  bearer,
  call,
  control,
  jsonRequest,
  pick,
  pickArray,
  pickString,
  seedOf,
  startEmulatorForFile,
} from './support.js';

const emu = startEmulatorForFile();
const whoami = (label = 'valid') =>
  call(emu.current.endpoints.bearer.whoami, { headers: bearer(seedOf(emu.current, 'bearer', 'user', label).secret) });
const etmScenarios = () =>
  call(`${emu.current.endpoints.etm.engine}/scenarios`, {
    headers: bearer(seedOf(emu.current, 'etm', 'user', 'valid').secret),
  });

async function statuses(n: number, request = () => whoami()): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await request()).status);
  return out;
}

async function mint(provider: string, kind: string, count: number): Promise<EmulatorSeed[]> {
  const reply = await control(emu.current, 'mint', { provider, kind, count });
  expect(reply.status).toBe(200);
  return pickArray(reply.body, 'seed') as EmulatorSeed[];
}

describe('revoke', () => {
  it('revokes a seed credential out of band', async () => {
    expect((await whoami()).status).toBe(200);
    const reply = await control(emu.current, 'revoke', {
      secret: seedOf(emu.current, 'bearer', 'user', 'valid').secret,
    });
    expect(reply.body).toEqual({ revoked: true });
    expect((await whoami()).status).toBe(401);
  });

  it('answers 404 for an unknown secret and 400 without one', async () => {
    expect((await control(emu.current, 'revoke', { secret: 'never-issued-secret' })).status).toBe(404);
    expect((await control(emu.current, 'revoke', {})).status).toBe(400);
    expect((await call(`${emu.current.url}/_emulator/revoke`, { method: 'POST', body: '{not json' })).status).toBe(400);
  });
});

describe('faults', () => {
  it('answer a status for the next `count` requests of one provider, then let them through', async () => {
    await control(emu.current, 'faults', { provider: 'bearer', status: 503, count: 2 });
    expect((await etmScenarios()).status).toBe(200);
    expect(await statuses(3)).toEqual([503, 503, 200]);
  });

  it('apply to every provider when none is named', async () => {
    await control(emu.current, 'faults', { status: 500, count: 2 });
    expect((await etmScenarios()).status).toBe(500);
    expect((await whoami()).status).toBe(500);
    expect((await whoami()).status).toBe(200);
  });

  it('queue up: 503 once, then 429 once, then success', async () => {
    await control(emu.current, 'faults', { provider: 'bearer', status: 503, count: 1 });
    await control(emu.current, 'faults', { provider: 'bearer', status: 429, count: 1 });
    expect(await statuses(3)).toEqual([503, 429, 200]);
  });

  it('last until reset without a count', async () => {
    await control(emu.current, 'faults', { provider: 'bearer', status: 502 });
    expect(await statuses(4)).toEqual([502, 502, 502, 502]);
    await control(emu.current, 'reset');
    expect((await whoami()).status).toBe(200);
  });

  it('send Retry-After in seconds when asked', async () => {
    await control(emu.current, 'faults', { provider: 'bearer', status: 429, count: 1, retryAfter: 2 });
    const reply = await whoami();
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('2');
    expect(reply.headers.get('content-type')).toMatch(/application\/json/);
    expect((await whoami()).headers.get('retry-after')).toBeNull();
  });

  it('drop the connection without an answer', async () => {
    await control(emu.current, 'faults', { provider: 'bearer', drop: true, count: 1 });
    await expect(whoami()).rejects.toThrow();
    expect((await whoami()).status).toBe(200);
  });

  it('add latency', async () => {
    // The second answer must come well before the latency: a margin wide enough for a loaded machine.
    await control(emu.current, 'faults', { provider: 'bearer', latencyMs: 1_000, count: 1 });
    let started = Date.now();
    expect((await whoami()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    started = Date.now();
    await whoami();
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('echo request headers and body in error bodies only', async () => {
    await control(emu.current, 'faults', { echo: true });
    const revoked = seedOf(emu.current, 'bearer', 'user', 'revoked').secret;
    const refused = await call(emu.current.endpoints.bearer.whoami, { headers: bearer(revoked, { 'x-trace': 'abc' }) });
    expect(refused.status).toBe(401);
    expect(pick(refused.body, 'error')).toBe('invalid_token');
    expect(pick(refused.body, 'echo', 'headers', 'authorization')).toBe(`Bearer ${revoked}`);
    expect(pick(refused.body, 'echo', 'headers', 'x-trace')).toBe('abc');
    const pat = seedOf(emu.current, 'platformsh', 'user', 'revoked').secret;
    const exchange = await call(`${emu.current.endpoints.platformsh.auth}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('platform-cli:').toString('base64')}`,
      },
      body: `grant_type=api_token&api_token=${pat}`,
    });
    expect(exchange.status).toBe(400);
    expect(pickString(exchange.body, 'echo', 'body')).toContain(pat);
    const ok = await whoami();
    expect(ok.status).toBe(200);
    expect(ok.text).not.toContain('echo');
  });

  it('echo on injected statuses too', async () => {
    await control(emu.current, 'faults', { provider: 'bearer', status: 503, echo: true, count: 1 });
    const reply = await whoami();
    expect(reply.status).toBe(503);
    expect(pick(reply.body, 'echo', 'headers', 'authorization')).toMatch(/^Bearer bt_/);
  });

  it('never apply to the controls themselves', async () => {
    await control(emu.current, 'faults', { status: 503 });
    await control(emu.current, 'faults', { drop: true });
    expect((await control(emu.current, 'faults', undefined, 'GET')).status).toBe(200);
    expect((await control(emu.current, 'mint', { provider: 'bearer', count: 1 })).status).toBe(200);
    expect((await control(emu.current, 'reset')).status).toBe(200);
  });

  it('are listed, can be cleared, and are validated', async () => {
    await control(emu.current, 'faults', { provider: 'etm', status: 503, count: 3 });
    const listed = await control(emu.current, 'faults', undefined, 'GET');
    expect(pickArray(listed.body, 'faults')).toEqual([{ provider: 'etm', status: 503, count: 3, remaining: 3 }]);
    expect((await control(emu.current, 'faults', undefined, 'DELETE')).status).toBe(204);
    expect((await etmScenarios()).status).toBe(200);
    for (const bad of [
      {},
      { status: 200 },
      { status: 503, drop: true },
      { provider: 'nope', status: 503 },
      { latencyMs: -5 },
      { retryAfter: 1 },
      { status: 503, count: 0 },
      { stauts: 503 },
    ]) {
      expect((await control(emu.current, 'faults', bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });
});

describe('mint', () => {
  it('gives fresh valid credentials with unique labels that continue across calls', async () => {
    const first = await mint('bearer', 'user', 2);
    const second = await mint('bearer', 'user', 1);
    expect([...first, ...second].map((s) => s.label)).toEqual(['minted-1', 'minted-2', 'minted-3']);
    for (const seed of [...first, ...second]) {
      expect(seed.secret.length).toBeGreaterThanOrEqual(16);
      expect((await call(emu.current.endpoints.bearer.whoami, { headers: bearer(seed.secret) })).status).toBe(200);
    }
    const kb = await mint('nuclia', 'kb', 1);
    expect(kb[0]?.url).toMatch(new RegExp(`^${emu.current.endpoints.nuclia.regional}/api/v1/kb/`));
  });

  it('refuses a bad provider, a kind the service lacks, and a bad count', async () => {
    for (const body of [
      { provider: 'nope', kind: 'user', count: 1 },
      { provider: 'curvenote', kind: 'kb', count: 1 },
      { provider: 'bearer', kind: 'user', count: 0 },
      { provider: 'bearer', kind: 'user', count: 1.5 },
      { provider: 'bearer', kind: 'user', count: 1_000_000 },
    ]) {
      expect((await control(emu.current, 'mint', body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('is cheap: 10,000 accounts, then 50 checked at once with 200 ms latency', async () => {
    let started = Date.now();
    const minted = await mint('bearer', 'user', 10_000);
    expect(minted).toHaveLength(10_000);
    expect(new Set(minted.map((s) => s.label)).size).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(3000);

    await control(emu.current, 'faults', { latencyMs: 200 });
    started = Date.now();
    const replies = await Promise.all(
      minted.slice(0, 50).map((seed) => call(emu.current.endpoints.bearer.whoami, { headers: bearer(seed.secret) })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('signs RS256 ETM tokens in bulk quickly', async () => {
    const started = Date.now();
    const minted = await mint('etm', 'user', 1000);
    expect(minted).toHaveLength(1000);
    expect(Date.now() - started).toBeLessThan(3000);
    const last = minted.at(-1)?.secret ?? '';
    expect((await call(`${emu.current.endpoints.etm.engine}/scenarios`, { headers: bearer(last) })).status).toBe(200);
  });
});

describe('reset', () => {
  it('restores the seed state: revocations undone, minted and created credentials gone, faults and log cleared', async () => {
    await control(emu.current, 'revoke', { secret: seedOf(emu.current, 'bearer', 'user', 'valid').secret });
    const [minted] = await mint('bearer', 'user', 1);
    const pat = seedOf(emu.current, 'nuclia', 'user', 'valid').secret;
    const created = await call(
      `${emu.current.endpoints.nuclia.global}/api/v1/user/pa_tokens`,
      jsonRequest(
        'POST',
        { description: 'temp', expiration_date: new Date(Date.now() + 86_400_000 * 30).toISOString() },
        bearer(pat),
      ),
    );
    const fresh = pickString(created.body, 'token');
    await control(emu.current, 'faults', { provider: 'etm', status: 503 });

    expect((await control(emu.current, 'reset')).body).toEqual({ reset: true });
    expect(pickArray((await control(emu.current, 'requests', undefined, 'GET')).body, 'requests')).toHaveLength(0);

    expect((await whoami()).status).toBe(200);
    expect((await call(emu.current.endpoints.bearer.whoami, { headers: bearer(minted?.secret ?? '') })).status).toBe(
      401,
    );
    const welcome = `${emu.current.endpoints.nuclia.global}/api/v1/user/welcome`;
    expect((await call(welcome, { headers: bearer(fresh) })).status).toBe(401);
    expect((await etmScenarios()).status).toBe(200);
    expect(pickArray((await control(emu.current, 'faults', undefined, 'GET')).body, 'faults')).toHaveLength(0);
    expect((await mint('bearer', 'user', 1))[0]?.label).toBe('minted-1');
  });
});
