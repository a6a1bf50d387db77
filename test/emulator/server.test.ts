import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { bearer, call, control, formPost, pick, pickArray, seedOf, startEmulatorForFile } from './support.js';

const emu = startEmulatorForFile();

describe('startEmulator', () => {
  it('returns a base URL without trailing slash and endpoints shaped like the vendors’ defaults', () => {
    const { url, endpoints } = emu.current;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoints).toEqual({
      curvenote: { api: `${url}/curvenote/v1` },
      nuclia: { global: `${url}/nuclia/accounts`, regional: `${url}/nuclia/europe-1` },
      appcircle: { auth: `${url}/appcircle/auth`, api: `${url}/appcircle/api` },
      platformsh: { auth: `${url}/platformsh/auth`, api: `${url}/platformsh/api` },
      upsun: { auth: `${url}/upsun/auth`, api: `${url}/upsun/api` },
      etm: { engine: `${url}/etm/engine/api/v3`, identity: `${url}/etm/identity` },
      bearer: { whoami: `${url}/bearer/whoami` },
    });
  });

  it('refuses non-loopback hosts', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com']) {
      await expect(startEmulator({ host }), host).rejects.toThrow(/loopback/);
    }
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'])
      expect(isLoopbackHost(host), host).toBe(true);
  });

  it('refuses a bad port or latency', async () => {
    await expect(startEmulator({ port: 70_000 })).rejects.toThrow(/port/);
    await expect(startEmulator({ latencyMs: -1 })).rejects.toThrow(/latency/);
  });

  it('listens on localhost and answers on the URL it reports', async () => {
    const local = await startEmulator({ host: 'localhost' });
    try {
      expect(
        (
          await call(local.endpoints.bearer.whoami, {
            headers: bearer(seedOf(local, 'bearer', 'user', 'valid').secret),
          })
        ).status,
      ).toBe(200);
    } finally {
      await local.close();
    }
  });

  it('closes even with an answer still waiting out its latency', async () => {
    const slow = await startEmulator({ latencyMs: 10_000 });
    const pending = fetch(slow.endpoints.bearer.whoami).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('base latency', () => {
  let slow: RunningEmulator;
  beforeAll(async () => {
    slow = await startEmulator({ latencyMs: 300 });
  });
  afterAll(() => slow.close());

  it('delays vendor requests but never the controls', async () => {
    let started = Date.now();
    await call(slow.endpoints.bearer.whoami);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    started = Date.now();
    await control(slow, 'faults', undefined, 'GET');
    expect(Date.now() - started).toBeLessThan(250);
  });
});

describe('routing', () => {
  it('answers 404 JSON for unknown paths, vendor or not', async () => {
    for (const path of ['/nope', '/curvenote/v1/nope', '/curvenote/v1/my/user/', '/', '/_emulator/nope']) {
      const reply = await call(`${emu.current.url}${path}`);
      expect(reply.status, path).toBe(404);
      expect(reply.headers.get('content-type')).toMatch(/application\/json/);
      expect(pick(reply.body, 'error')).toBe('not_found');
    }
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const reply = await call(`${emu.current.endpoints.curvenote.api}/login`);
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
  });

  it('caps request bodies (413)', async () => {
    const reply = await call(
      `${emu.current.endpoints.appcircle.auth}/auth/v1/token`,
      formPost({ pat: 'x'.repeat(70_000) }),
    );
    expect(reply.status).toBe(413);
  });
});

describe('request log', () => {
  it('records method, path, query, header names, auth scheme and body keys, never values', async () => {
    const pat = seedOf(emu.current, 'appcircle', 'user', 'valid').secret;
    await call(`${emu.current.endpoints.appcircle.auth}/auth/v1/token`, formPost({ pat }));
    const etm = seedOf(emu.current, 'etm', 'user', 'valid').secret;
    await call(`${emu.current.endpoints.etm.engine}/scenarios?page=2&per_page=5`, { headers: bearer(etm) });
    await control(emu.current, 'faults', undefined, 'GET');

    const reply = await control(emu.current, 'requests', undefined, 'GET');
    const requests = pickArray(reply.body, 'requests');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      provider: 'appcircle',
      method: 'POST',
      path: '/appcircle/auth/auth/v1/token',
      contentType: 'application/x-www-form-urlencoded',
      bodyKeys: ['pat'],
      authScheme: null,
      status: 200,
    });
    expect(pickArray(requests[0], 'headerNames')).toEqual(expect.arrayContaining(['content-type', 'accept']));
    expect(requests[1]).toMatchObject({
      provider: 'etm',
      query: { page: '2', per_page: '5' },
      authScheme: 'Bearer',
      status: 200,
    });
    expect(reply.text).not.toContain(pat);
    expect(reply.text).not.toContain(etm);

    const onlyEtm = pickArray((await call(`${emu.current.url}/_emulator/requests?provider=etm`)).body, 'requests');
    expect(onlyEtm).toHaveLength(1);
    expect((await control(emu.current, 'requests', undefined, 'DELETE')).status).toBe(204);
    expect(pickArray((await control(emu.current, 'requests', undefined, 'GET')).body, 'requests')).toHaveLength(0);
  });

  it('records the values of the headers a client names itself by, and of no other header', async () => {
    const etm = seedOf(emu.current, 'etm', 'user', 'valid').secret;
    await call(`${emu.current.endpoints.etm.engine}/scenarios`, {
      headers: bearer(etm, {
        'user-agent': 'probe/1.0',
        'X-Client-Name': 'probe',
        'x-client-version': '1.2.3',
        'x-ndb-client': 'api',
        'x-other': 'not-logged-value',
      }),
    });
    const reply = await control(emu.current, 'requests', undefined, 'GET');
    const [entry] = pickArray(reply.body, 'requests');
    expect(pick(entry, 'client')).toEqual({
      'user-agent': 'probe/1.0',
      'x-client-name': 'probe',
      'x-client-version': '1.2.3',
      'x-ndb-client': 'api',
    });
    expect(pickArray(entry, 'headerNames')).toContain('x-other');
    expect(reply.text).not.toContain('not-logged-value');
    expect(reply.text).not.toContain(etm);
  });

  it('keeps only the last 500 requests', async () => {
    for (let batch = 0; batch < 11; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => call(`${emu.current.url}/bearer/whoami?n=${batch * 50 + i}`)),
      );
    }
    const requests = pickArray((await control(emu.current, 'requests', undefined, 'GET')).body, 'requests');
    expect(requests).toHaveLength(500);
    const numbers = requests.map((r) => Number(pick(r, 'query', 'n')));
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(50);
  });
});

describe('info', () => {
  it('serves url, endpoints and seed', async () => {
    const reply = await control(emu.current, 'info', undefined, 'GET');
    expect(reply.body).toMatchObject({ url: emu.current.url, endpoints: emu.current.endpoints });
    expect(pickArray(reply.body, 'seed')).toHaveLength(emu.current.seed.length);
  });
});
