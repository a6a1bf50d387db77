import { readFileSync } from 'node:fs';
import type { LookupFunction } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Credential, HttpRequester, ProviderContext } from '../../src/core/adapter.js';
import { createRedactor } from '../../src/core/redact.js';
import { createHttp, type Http } from '../../src/http/client.js';
import { createSessionCache } from '../../src/http/sessions.js';
import { getProvider } from '../../src/providers/registry.js';
import type { SeenRequest } from '../http/local-server.js';
import { closedPort, type LocalServer, sendJson, startServer } from '../http/local-server.js';
import { epochIn, fakeJwt } from './fake-jwt.js';

let servers: LocalServer[] = [];
let clients: Http[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  clients = [];
  servers = [];
});

function ctxWith(http: HttpRequester, now = () => new Date()): ProviderContext {
  return { http, sessions: createSessionCache(createRedactor()), now };
}

function realCtx(secrets: string[] = []): ProviderContext {
  const http = createHttp({ retryBaseMs: 5 });
  clients.push(http);
  return ctxWith(http.forDeadline(3_000, secrets));
}

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LocalServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const SECRET = 'tok_abcdefghijklmnopqrstuvwxyz';
const bearerAccount = (whoami?: string): Credential => ({
  provider: 'bearer',
  kind: 'user',
  secret: SECRET,
  endpoints: whoami ? { whoami } : {},
});

describe('check never throws and says why', () => {
  const bearer = getProvider('bearer');

  it('bearer without a whoami URL is unchecked, with the flag to fix it', async () => {
    const result = await bearer.check(bearerAccount(), realCtx());
    expect(result).toMatchObject({ health: 'unchecked' });
    expect(result.reason).toContain('--endpoint whoami=URL');
  });

  it('bearer: identity from username/login/name/email, Accept: application/json', async () => {
    const server = await serve((req, res) =>
      req.headers.authorization === `Bearer ${SECRET}`
        ? sendJson(res, 200, { login: 'octo', email: 'o@example.com' })
        : sendJson(res, 401, {}),
    );
    const result = await bearer.check(bearerAccount(`${server.url}/me`), realCtx());
    expect(result).toMatchObject({
      health: 'valid',
      reason: null,
      identity: { username: 'octo', email: 'o@example.com' },
    });
    expect(server.seen[0]?.headers.accept).toBe('application/json');
  });

  it('maps 401, 5xx, malformed and refused', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/401') sendJson(res, 401, { message: `bad token ${SECRET}` });
      else if (req.url === '/503') sendJson(res, 503, {});
      else res.end('<html>');
    });
    const port = await closedPort();
    const cases: Array<[string, string, string]> = [
      [`${server.url}/401`, 'rejected', 'bad token [redacted]'],
      [`${server.url}/503`, 'unreachable', 'server error 503'],
      [`${server.url}/html`, 'unreachable', 'malformed answer'],
      [`http://127.0.0.1:${port}/me`, 'unreachable', 'connection refused'],
    ];
    for (const [url, health, reason] of cases) {
      const result = await bearer.check(bearerAccount(url), realCtx([SECRET]));
      expect({ health: result.health, reason: result.reason }, url).toEqual({ health, reason });
    }
  });

  it('reports expired from the token itself, even if the server would say 401', async () => {
    const server = await serve((_req, res) => sendJson(res, 401, {}));
    const token = `etm_${fakeJwt({ exp: epochIn(-2), user: { id: 1, email: 'e@example.com' } })}`;
    const result = await getProvider('etm').check(
      { provider: 'etm', kind: 'user', secret: token, endpoints: { engine: server.url } },
      realCtx(),
    );
    expect(result.health).toBe('expired');
    expect(result.identity).toEqual({ id: '1', email: 'e@example.com' });
    expect(server.seen).toHaveLength(0);
  });

  it('turns a broken AUTHDECK_ENDPOINTS into an unchecked result, not a throw', async () => {
    const saved = process.env.AUTHDECK_ENDPOINTS;
    process.env.AUTHDECK_ENDPOINTS = '{oops';
    try {
      const result = await getProvider('upsun').check(
        { provider: 'upsun', kind: 'user', secret: SECRET, endpoints: {} },
        realCtx(),
      );
      expect(result.health).toBe('unchecked');
      expect(result.reason).toMatch(/AUTHDECK_ENDPOINTS is not valid JSON/);
    } finally {
      if (saved === undefined) delete process.env.AUTHDECK_ENDPOINTS;
      else process.env.AUTHDECK_ENDPOINTS = saved;
    }
  });

  it('a Nuclia KB key with no stored URL is unchecked', async () => {
    const result = await getProvider('nuclia').check(
      { provider: 'nuclia', kind: 'kb', secret: SECRET, endpoints: {} },
      realCtx(),
    );
    expect(result.health).toBe('unchecked');
  });
});

/** A loopback server scripted per test: `route` answers each request (path, method, headers, body). */
async function scripted(
  route: (req: SeenRequest, base: string) => { status: number; body?: unknown },
): Promise<{ url: string; seen: SeenRequest[] }> {
  let base = '';
  const server = await serve((req, res) => {
    const answer = route(req, base);
    if (answer.body === undefined) {
      res.writeHead(answer.status);
      res.end();
    } else sendJson(res, answer.status, answer.body);
  });
  base = server.url;
  return { url: server.url, seen: server.seen };
}

describe('Curvenote session', () => {
  const curvenote = getProvider('curvenote');

  it('exchanges at aud, caches the session, and refreshes it when under 30 s are left', async () => {
    let clock = Date.now();
    let minted = 0;
    const server = await scripted((req, base) => {
      if (req.method === 'POST' && req.url === '/v1/login') {
        minted++;
        const exp = Math.floor(clock / 1000) + 900;
        return {
          status: 200,
          body: { session: fakeJwt({ iss: `${base}/v1/tokens/session`, aud: `${base}/v1`, exp, n: minted }) },
        };
      }
      if (req.url === '/v1/my/user') {
        return { status: 200, body: { id: 'u1', username: 'ada', email: 'ada@example.com', display_name: 'Ada' } };
      }
      return { status: 404 };
    });
    const api = `${server.url}/v1`;
    const userToken = fakeJwt({
      iss: `${api}/tokens/user`,
      aud: `${api}/login`,
      sub: 'u1/t1',
      user_id: 'u1',
      exp: epochIn(3),
    });
    const ctx = { ...realCtx(), now: () => new Date(clock) };
    const credential: Credential = { provider: 'curvenote', kind: 'user', secret: userToken, endpoints: {} };

    const first = await curvenote.check(credential, ctx);
    expect(first).toMatchObject({ health: 'expiring', identity: { id: 'u1', username: 'ada', name: 'Ada' } });
    const login = server.seen[0];
    expect(login).toMatchObject({ method: 'POST', url: '/v1/login', body: '' });
    expect(login?.headers.authorization).toBe(`Bearer ${userToken}`);
    expect(login?.headers['content-type']).toBe('application/json');

    await curvenote.check(credential, ctx);
    expect(minted).toBe(1);

    clock += (900 - 20) * 1000; // 20 s left: refresh before it runs out
    await curvenote.check(credential, ctx);
    expect(minted).toBe(2);
    expect(ctx.sessions.tokens()).toHaveLength(2);
  });

  it('uses a session token as is', async () => {
    const server = await scripted(() => ({ status: 200, body: { id: 'u1' } }));
    const session = fakeJwt({ iss: `${server.url}/v1/tokens/session`, aud: `${server.url}/v1`, exp: epochIn(1 / 96) });
    const credential: Credential = { provider: 'curvenote', kind: 'user', secret: session, endpoints: {} };
    await curvenote.check(credential, realCtx());
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/my/user']);
    expect(await curvenote.session?.(credential, realCtx())).toBe(session);
  });

  /** A Curvenote deployment whose session `aud` is not where its API lives: only the config's `apiUrl` says so. */
  async function splitDeployment(cfgOf: (base: string) => string | undefined) {
    const server = await scripted((req, base) => {
      if (req.method === 'POST' && req.url === '/v1/login') {
        const cfg = cfgOf(base);
        const claims = { iss: `${base}/v1/tokens/session`, aud: `${base}/sessions`, exp: epochIn(1 / 96) };
        return { status: 200, body: { session: fakeJwt(cfg ? { ...claims, cfg } : claims) } };
      }
      if (req.url === '/v1/config') return { status: 200, body: { apiUrl: `${base}/api/v1`, minClientVersion: '1' } };
      if (req.url === '/api/v1/my/user' || req.url === '/sessions/my/user')
        return { status: 200, body: { id: 'u1', username: req.url.startsWith('/api') ? 'from-api-url' : 'from-aud' } };
      return { status: 404 };
    });
    const userToken = fakeJwt({ iss: `${server.url}/v1/tokens/user`, aud: `${server.url}/v1/login`, sub: 'u1/t1' });
    const credential: Credential = { provider: 'curvenote', kind: 'user', secret: userToken, endpoints: {} };
    return { server, credential, userToken };
  }

  it("follows the session's cfg claim and calls the config's apiUrl, with authdeck's client headers", async () => {
    const { server, credential, userToken } = await splitDeployment((base) => `${base}/v1/config`);
    const ctx = realCtx();
    const result = await curvenote.check(credential, ctx);
    expect(result).toMatchObject({ health: 'valid', identity: { username: 'from-api-url' } });
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/login',
      'GET /v1/config',
      'GET /api/v1/my/user',
    ]);
    const [login, config, me] = server.seen;
    const session = ctx.sessions.tokens()[0];
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const call of [config, me]) {
      // The session, never the user token, goes to the config and the API it names.
      expect(call?.headers.authorization).toBe(`Bearer ${session}`);
      expect(call?.headers['x-client-name']).toBe('authdeck');
      expect(call?.headers['x-client-version']).toBe(version);
    }
    // The exchange is the CLI's: no client headers on it.
    expect(login?.headers.authorization).toBe(`Bearer ${userToken}`);
    expect(login?.headers['x-client-name']).toBeUndefined();
  });

  it("without a cfg claim, or when the config cannot be read, falls back to the session's aud", async () => {
    const none = await splitDeployment(() => undefined);
    expect(await curvenote.check(none.credential, realCtx())).toMatchObject({
      health: 'valid',
      identity: { username: 'from-aud' },
    });
    expect(none.server.seen.map((r) => r.url)).toEqual(['/v1/login', '/sessions/my/user']);

    const missing = await splitDeployment((base) => `${base}/v1/no-such-config`);
    expect(await curvenote.check(missing.credential, realCtx())).toMatchObject({
      health: 'valid',
      identity: { username: 'from-aud' },
    });
    expect(missing.server.seen.map((r) => r.url)).toEqual(['/v1/login', '/v1/no-such-config', '/sessions/my/user']);
  });

  it('never sends the session to a cfg the destination rule forbids, and falls back to aud', async () => {
    // Every name resolves to the test server, so a request to the plain-http cfg host would be seen there.
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if ((options as { all?: boolean }).all)
        (callback as (...a: unknown[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const http = createHttp({ retryBaseMs: 5, lookup });
    clients.push(http);
    const { server, credential } = await splitDeployment(
      (base) => `http://curvenote-cfg.test:${new URL(base).port}/v1/config`,
    );
    const result = await curvenote.check(credential, ctxWith(http.forDeadline(3_000)));
    expect(result).toMatchObject({ health: 'valid', identity: { username: 'from-aud' } });
    expect(server.seen.map((r) => `${r.headers.host} ${r.url}`)).toEqual([
      `127.0.0.1:${new URL(server.url).port} /v1/login`,
      `127.0.0.1:${new URL(server.url).port} /sessions/my/user`,
    ]);
  });

  it('never sends the session to an apiUrl the destination rule forbids, and says whose URL it was', async () => {
    const server = await scripted((req, base) => {
      if (req.url === '/v1/config') return { status: 200, body: { apiUrl: 'http://api.curvenote.test/v1' } };
      return { status: 200, body: { id: 'u1', base } };
    });
    const session = fakeJwt({
      iss: `${server.url}/v1/tokens/session`,
      aud: `${server.url}/v1`,
      cfg: `${server.url}/v1/config`,
      exp: epochIn(1 / 96),
    });
    const result = await curvenote.check(
      { provider: 'curvenote', kind: 'user', secret: session, endpoints: {} },
      realCtx([session]),
    );
    expect(result).toMatchObject({ health: 'unreachable' });
    expect(result.reason).toContain("the Curvenote config's apiUrl http://api.curvenote.test");
    expect(server.seen.map((r) => r.url)).toEqual(['/v1/config']);
  });

  it('a cfg that redirects, or answers more than the body cap, is not followed: the session reaches no third server', async () => {
    const third = await serve((_req, res) => sendJson(res, 200, { apiUrl: 'http://127.0.0.1:9/v1', id: 'stolen' }));
    const cfgHost = await serve((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(307, { location: `${third.url}/v1/config` });
        res.end();
      } else {
        // Deeply nested and over the 1 MiB cap.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${'['.repeat(600_000)}${']'.repeat(600_000)}`);
      }
    });
    for (const path of ['/redirect', '/huge']) {
      const { server, credential } = await splitDeployment(() => `${cfgHost.url}${path}`);
      const result = await curvenote.check(credential, realCtx());
      expect(result, path).toMatchObject({ health: 'valid', identity: { username: 'from-aud' } });
      expect(server.seen.map((r) => r.url)).toEqual(['/v1/login', '/sessions/my/user']);
    }
    expect(cfgHost.seen.map((r) => r.url)).toEqual(['/redirect', '/huge']);
    expect(third.seen).toEqual([]);
  });

  it('an exchange that hands the user token back as the session is malformed: the user token never follows its cfg', async () => {
    // The cfg host is another origin (another loopback port): the user token must reach only the exchange.
    const other = await serve((_req, res) => sendJson(res, 200, { apiUrl: 'http://127.0.0.1:9/v1', id: 'u1' }));
    let userToken = '';
    const exchange = await scripted((req) =>
      req.url === '/v1/login' ? { status: 200, body: { session: userToken } } : { status: 200, body: { id: 'u1' } },
    );
    userToken = fakeJwt({
      iss: `${exchange.url}/v1/tokens/user`,
      aud: `${exchange.url}/v1/login`,
      cfg: `${other.url}/v1/config`,
      sub: 'u1/t1',
      exp: epochIn(1),
    });
    const result = await curvenote.check(
      { provider: 'curvenote', kind: 'user', secret: userToken, endpoints: {} },
      realCtx([userToken]),
    );
    expect(result).toMatchObject({ health: 'unreachable', reason: 'malformed answer' });
    expect(other.seen).toEqual([]);
    expect(exchange.seen.map((r) => r.url)).toEqual(['/v1/login']);
  });

  it('without cfg, maps a legacy editor audience as the CLI does, and keeps any other audience', async () => {
    // No network: the lookup only records which host the API call would have gone to.
    const asked: string[] = [];
    const lookup: LookupFunction = (hostname, _options, callback) => {
      asked.push(hostname);
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
    };
    const http = createHttp({ retryBaseMs: 5, lookup });
    clients.push(http);
    const sessionFor = (aud: string) => fakeJwt({ iss: `${aud}/tokens/session`, aud, exp: epochIn(1 / 96) });
    for (const [aud, host] of [
      ['https://api.curvenote.com', 'scms.curvenote.com'],
      ['https://api.curvenote.one', 'scms.curvenote.dev'],
      ['https://curvenote.example.org/v1', 'curvenote.example.org'],
    ] as const) {
      const secret = sessionFor(aud);
      const result = await curvenote.check(
        { provider: 'curvenote', kind: 'user', secret, endpoints: {} },
        ctxWith(http.forDeadline(3_000, [secret])),
      );
      expect(result, aud).toMatchObject({ health: 'unreachable', reason: `DNS lookup failed for ${host}` });
    }
    expect(asked).toEqual(['scms.curvenote.com', 'scms.curvenote.dev', 'curvenote.example.org']);
  });

  it('rejects a token that is not a JWT without asking', async () => {
    const result = await curvenote.check(
      { provider: 'curvenote', kind: 'user', secret: 'not-a-jwt-at-all', endpoints: { api: 'http://127.0.0.1:9/v1' } },
      realCtx(),
    );
    expect(result.health).toBe('rejected');
  });
});

describe('exportEnv', () => {
  it('Appcircle exports the access token, never the PAT; a session is exported as is', async () => {
    const server = await scripted((req) =>
      req.url === '/auth/v1/token'
        ? { status: 200, body: { access_token: 'access-token-1234567890', expires_in: 3600 } }
        : { status: 404 },
    );
    const appcircle = getProvider('appcircle');
    const pat: Credential = {
      provider: 'appcircle',
      kind: 'user',
      secret: 'pat-abcdefghijklmnop',
      endpoints: { auth: server.url },
    };
    expect(await appcircle.exportEnv(pat, realCtx())).toEqual({ AC_ACCESS_TOKEN: 'access-token-1234567890' });
    expect(server.seen[0]).toMatchObject({ method: 'POST', body: 'pat=pat-abcdefghijklmnop' });
    expect(server.seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(await appcircle.exportEnv({ ...pat, isSession: true }, realCtx())).toEqual({
      AC_ACCESS_TOKEN: 'pat-abcdefghijklmnop',
    });
    expect(server.seen).toHaveLength(1);
  });

  it('every other provider exports its own names, offline', async () => {
    const ctx = realCtx();
    const exportOf = (provider: Credential['provider'], kind: Credential['kind'], resource?: Credential['resource']) =>
      getProvider(provider).exportEnv({ provider, kind, secret: SECRET, endpoints: {}, resource }, ctx);
    expect(await exportOf('curvenote', 'user')).toEqual({ CURVENOTE_TOKEN: SECRET });
    expect(await exportOf('nuclia', 'user')).toEqual({ NUCLIA_TOKEN: SECRET });
    expect(await exportOf('nuclia', 'kb', { url: 'https://eu.dp.example/api/v1/kb/k' })).toEqual({
      NUCLIA_KB_API_KEY: SECRET,
      NUCLIA_KB_URL: 'https://eu.dp.example/api/v1/kb/k',
    });
    expect(await exportOf('nuclia', 'processing')).toEqual({ NUCLIA_NUA_KEY: SECRET });
    expect(await exportOf('platformsh', 'user')).toEqual({ PLATFORMSH_CLI_TOKEN: SECRET });
    expect(await exportOf('upsun', 'user')).toEqual({ UPSUN_CLI_TOKEN: SECRET });
    expect(await exportOf('etm', 'user')).toEqual({ ETM_API_TOKEN: SECRET });
    expect(await exportOf('bearer', 'user')).toEqual({ AUTHDECK_BEARER_TOKEN: SECRET });
  });
});

describe('Platform.sh token exchange', () => {
  it('sends the api_token grant as the PHP CLI does', async () => {
    const server = await scripted((req) => {
      if (req.url === '/oauth2/token')
        return { status: 200, body: { access_token: 'access-abcdefghijkl', expires_in: 900 } };
      return {
        status: 200,
        body: { id: 'user-1', username: 'ada', first_name: 'Ada', last_name: 'L', email: 'a@example.com' },
      };
    });
    const result = await getProvider('platformsh').check(
      { provider: 'platformsh', kind: 'user', secret: SECRET, endpoints: { auth: server.url, api: server.url } },
      realCtx(),
    );
    expect(result).toMatchObject({
      health: 'valid',
      identity: { id: 'user-1', username: 'ada', name: 'Ada L' },
      expiresAt: null,
    });
    const [exchange, me] = server.seen;
    expect(exchange).toMatchObject({
      method: 'POST',
      url: '/oauth2/token',
      body: `grant_type=api_token&api_token=${SECRET}&scope=`,
    });
    expect(exchange?.headers.authorization).toBe(`Basic ${Buffer.from('platform-cli:').toString('base64')}`);
    expect(exchange?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(me).toMatchObject({ method: 'GET', url: '/users/me' });
    expect(me?.headers.authorization).toBe('Bearer access-abcdefghijkl');
  });

  it('a 400 invalid_grant is rejected with the vendor reason', async () => {
    const server = await scripted(() => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid API token' },
    }));
    const result = await getProvider('upsun').check(
      { provider: 'upsun', kind: 'user', secret: SECRET, endpoints: { auth: server.url, api: server.url } },
      realCtx(),
    );
    expect(result).toMatchObject({ health: 'rejected', reason: 'Invalid API token' });
    expect(server.seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('upsun-cli:').toString('base64')}`);
  });
});
