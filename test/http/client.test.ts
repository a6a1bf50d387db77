import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, connect, type LookupFunction } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttp, type Http, type HttpOptions, parseRetryAfter } from '../../src/http/client.js';
import { HttpError, isHttpError, statusError } from '../../src/http/errors.js';
import { closedPort, type LocalServer, sendJson, startServer } from './local-server.js';

const SECRET = 'sk_live_5a9f0e7c1d2b4e6f8a0c';
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];

let servers: LocalServer[] = [];
let clients: Http[] = [];
let savedEnv: Record<string, string | undefined> = {};

beforeEach(() => {
  // A proxy set on the machine must not change what these tests talk to.
  savedEnv = Object.fromEntries(PROXY_VARS.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARS) delete process.env[name];
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  clients = [];
  servers = [];
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LocalServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function client(options: HttpOptions = {}): Http {
  const http = createHttp({ retryBaseMs: 10, ...options });
  clients.push(http);
  return http;
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (isHttpError(error)) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('retries', () => {
  it('retries a GET on 503 and returns the success', async () => {
    const server = await serve((_req, res) => {
      if (server.seen.length < 3) sendJson(res, 503, { detail: 'busy' });
      else sendJson(res, 200, { ok: true });
    });
    const res = await client()
      .forDeadline()
      .request({ method: 'GET', url: `${server.url}/x` });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(server.seen).toHaveLength(3);
  });

  it('stops after maxTries and hands back the last 503', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, {}));
    const res = await client({ maxTries: 3 }).forDeadline().request({ method: 'GET', url: server.url });
    expect(res.status).toBe(503);
    expect(server.seen).toHaveLength(3);
    expect(statusError(res)).toMatchObject({ health: 'unreachable', reason: 'server error 503', status: 503 });
  });

  it('does not retry a POST unless it is marked idempotent', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, {}));
    const http = client();
    const plain = await http.forDeadline().request({ method: 'POST', url: server.url, body: { a: 1 } });
    expect(plain.status).toBe(503);
    expect(server.seen).toHaveLength(1);

    const exchange = await http
      .forDeadline()
      .request({ method: 'POST', url: server.url, body: 'pat=x', idempotent: true });
    expect(exchange.status).toBe(503);
    expect(server.seen).toHaveLength(4);
    expect(server.seen[3]?.body).toBe('pat=x');
  });

  it('sends an object body as JSON', async () => {
    const server = await serve((_req, res) => sendJson(res, 201, {}));
    await client()
      .forDeadline()
      .request({ method: 'POST', url: server.url, body: { name: 'ci' } });
    expect(server.seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.seen[0]?.body ?? '')).toEqual({ name: 'ci' });
  });

  it('honours Retry-After on 429', async () => {
    const server = await serve((_req, res) => {
      if (server.seen.length === 1) sendJson(res, 429, {}, { 'retry-after': '1' });
      else sendJson(res, 200, {});
    });
    const started = Date.now();
    const res = await client().forDeadline(5_000).request({ method: 'GET', url: server.url });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.seen).toHaveLength(2);
  });

  it('caps a long Retry-After', async () => {
    const server = await serve((_req, res) => {
      if (server.seen.length === 1) sendJson(res, 429, {}, { 'retry-after': '3600' });
      else sendJson(res, 200, {});
    });
    const started = Date.now();
    const res = await client({ maxRetryWaitMs: 200 }).forDeadline(5_000).request({ method: 'GET', url: server.url });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('never waits past the deadline: answers the 429 at once', async () => {
    const server = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '2' }));
    const started = Date.now();
    const res = await client({ maxRetryWaitMs: 5_000 }).forDeadline(800).request({ method: 'GET', url: server.url });
    expect(res.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(600);
    expect(server.seen).toHaveLength(1);
    expect(statusError(res).reason).toBe('rate limited (429)');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});

describe('failures map to a health and a reason', () => {
  it('times out at the deadline, retries included', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const started = Date.now();
    const error = await failure(client().forDeadline(300).request({ method: 'GET', url: server.url }));
    expect(error).toMatchObject({ health: 'unreachable', reason: 'timeout after 0.3 s' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('shares one deadline across the requests of one requester', async () => {
    // The first request is answered after half the deadline, the second never: it fails when the shared deadline
    // ends (about 1 s after it was sent), not a whole deadline after it was sent. The margins are a second wide,
    // so a loaded machine cannot turn one outcome into the other.
    let calls = 0;
    const server = await serve((_req, res) => {
      if (++calls === 1) setTimeout(() => sendJson(res, 200, {}), 1_000);
    });
    const requester = client().forDeadline(2_000);
    const started = Date.now();
    await requester.request({ method: 'GET', url: server.url });
    const error = await failure(requester.request({ method: 'GET', url: server.url }));
    expect(error.reason).toBe('timeout after 2 s');
    expect(Date.now() - started).toBeLessThan(2_900);
  });

  it('says connection refused for a closed port', async () => {
    const port = await closedPort();
    const error = await failure(
      client()
        .forDeadline()
        .request({ method: 'GET', url: `http://127.0.0.1:${port}/` }),
    );
    expect(error).toMatchObject({ health: 'unreachable', reason: 'connection refused' });
  });

  it('says connection reset when the server drops the socket', async () => {
    const server = await serve((_req, _res, raw) => raw.socket.destroy());
    const error = await failure(client().forDeadline().request({ method: 'GET', url: server.url }));
    expect(error).toMatchObject({ health: 'unreachable', reason: 'connection reset' });
    expect(server.seen.length).toBe(3);
  });

  it('says DNS lookup failed, through the lookup option (no real resolver)', async () => {
    const asked: string[] = [];
    const lookup: LookupFunction = (hostname, _options, callback) => {
      asked.push(hostname);
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      callback(error, '', 4);
    };
    const error = await failure(
      client({ lookup }).forDeadline().request({ method: 'GET', url: 'http://api.authdeck.invalid/v1' }),
    );
    expect(error).toMatchObject({ health: 'unreachable', reason: 'DNS lookup failed for api.authdeck.invalid' });
    expect(asked).toContain('api.authdeck.invalid');
  });

  it('calls a non-JSON body a malformed answer', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>hello</html>');
    });
    const res = await client().forDeadline().request({ method: 'GET', url: server.url });
    expect(res.text).toContain('hello');
    expect(() => res.json()).toThrow(HttpError);
    expect(() => res.json()).toThrow('malformed answer');
  });

  it('bounds a redirect chain', async () => {
    const server = await serve((req, res) => {
      const n = Number(req.url.split('/').pop()) || 0;
      res.writeHead(302, { location: `/r/${n + 1}` });
      res.end();
    });
    const error = await failure(
      client({ maxRedirects: 4 })
        .forDeadline()
        .request({ method: 'GET', url: `${server.url}/r/0` }),
    );
    expect(error).toMatchObject({ health: 'unreachable', reason: 'too many redirects' });
    expect(server.seen).toHaveLength(5);
  });

  it('bounds a redirect loop back to the same URL', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(301, { location: '/loop' });
      res.end();
    });
    const error = await failure(
      client()
        .forDeadline()
        .request({ method: 'GET', url: `${server.url}/loop` }),
    );
    expect(error.reason).toBe('too many redirects');
    expect(server.seen.length).toBeLessThanOrEqual(6);
  });

  it('follows a redirect within bounds', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(307, { location: '/new' });
        res.end();
      } else sendJson(res, 200, { at: req.url });
    });
    const res = await client()
      .forDeadline()
      .request({ method: 'GET', url: `${server.url}/old` });
    expect(res.json()).toEqual({ at: '/new' });
  });

  it('caps a huge body, declared or streamed', async () => {
    const big = 'x'.repeat(256 * 1024);
    const server = await serve((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'content-length': String(big.length * 8) });
        for (let i = 0; i < 8; i++) res.write(big);
        res.end();
      } else {
        res.writeHead(200); // chunked: no length to refuse up front
        for (let i = 0; i < 8; i++) res.write(big);
        res.end();
      }
    });
    const http = client({ maxBodyBytes: 64 * 1024 });
    for (const path of ['/declared', '/streamed']) {
      const error = await failure(http.forDeadline().request({ method: 'GET', url: `${server.url}${path}` }));
      expect(error).toMatchObject({ health: 'unreachable', reason: 'response too large' });
    }
  });

  it('maps 401 and 403 to rejected, 400 invalid_grant too', () => {
    expect(statusError({ status: 401, text: '' })).toMatchObject({ health: 'rejected', reason: '401 Unauthorized' });
    expect(statusError({ status: 403, text: '{"detail":"Login required."}' }).reason).toBe('Login required.');
    expect(
      statusError({ status: 400, text: '{"error":"invalid_grant","error_description":"Invalid API token"}' }),
    ).toMatchObject({ health: 'rejected', reason: 'Invalid API token' });
    expect(statusError({ status: 404, text: '{"detail":"Not found"}' })).toMatchObject({
      health: 'unreachable',
      reason: 'unexpected answer 404: Not found',
    });
  });

  it('refuses a URL that is not http(s)', async () => {
    const error = await failure(client().forDeadline().request({ method: 'GET', url: 'file:///etc/passwd' }));
    expect(error.reason).toContain('invalid URL');
  });
});

describe('secrets never leak through errors', () => {
  it('redacts a secret the server echoes back, in every encoding', async () => {
    const server = await serve((req, res) =>
      sendJson(res, 401, { detail: `bad credentials: ${JSON.stringify(req.headers)} ${encodeURIComponent(SECRET)}` }),
    );
    const res = await client()
      .forDeadline(5_000, [SECRET])
      .request({
        method: 'GET',
        url: server.url,
        headers: { authorization: `Bearer ${SECRET}` },
      });
    const error = statusError(res);
    expect(error.health).toBe('rejected');
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(encodeURIComponent(SECRET));
    expect(error.message).toContain('[redacted]');
  });

  it('redacts header credentials the caller did not name (X-NUCLIA-*, Basic)', async () => {
    const nua = 'nua_9d8c7b6a5f4e3d2c1b0a';
    const basic = Buffer.from(`client:${SECRET}x`).toString('base64');
    const server = await serve((req, res) =>
      sendJson(res, 403, { message: `${req.headers['x-nuclia-nuakey']} ${basic}` }),
    );
    const res = await client()
      .forDeadline()
      .request({
        method: 'GET',
        url: server.url,
        headers: { 'X-NUCLIA-NUAKEY': `Bearer ${nua}`, 'x-other': `Basic ${basic}` },
      });
    const message = statusError(res).message;
    expect(message).not.toContain(nua);
    expect(message).not.toContain(basic);
  });

  it('keeps raw network error text (which may carry headers) out of the message', async () => {
    const port = await closedPort();
    const error = await failure(
      client()
        .forDeadline(5_000, [SECRET])
        .request({
          method: 'GET',
          url: `http://127.0.0.1:${port}/?token=${SECRET}`,
          headers: { authorization: `Bearer ${SECRET}` },
        }),
    );
    expect(error.message).toBe('connection refused');
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('writes a redacted trace line per request with AUTHDECK_DEBUG=1, without header values', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.env.AUTHDECK_DEBUG = '1';
    process.stderr.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await client()
        .forDeadline(5_000, [SECRET])
        .request({
          method: 'GET',
          url: `${server.url}/me?key=${SECRET}`,
          headers: { authorization: `Bearer ${SECRET}` },
        });
    } finally {
      process.stderr.write = write;
      delete process.env.AUTHDECK_DEBUG;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^authdeck http: GET http:\/\/127\.0\.0\.1:\d+\/me\?key=\[redacted\] 200 \d+ ms\n$/);
  });
});

describe('proxy', () => {
  it('uses EnvHttpProxyAgent as the base: HTTP_PROXY is honoured, NO_PROXY bypasses it', async () => {
    const target = await serve((req, res) => sendJson(res, 200, { host: req.headers.host }));
    const targetPort = Number(new URL(target.url).port);
    const tunnels: string[] = [];
    // A tiny CONNECT proxy that sends every tunnel to the local target, whatever host was asked for.
    const proxy = createHttpServer();
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(req.url ?? '');
      const upstream = connect(targetPort, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      process.env.HTTP_PROXY = proxyUrl;
      process.env.NO_PROXY = '127.0.0.1';
      const http = client();
      const viaProxy = await http.forDeadline().request({ method: 'GET', url: 'http://api.example.test/whoami' });
      expect(viaProxy.json()).toEqual({ host: 'api.example.test' });
      expect(tunnels).toEqual(['api.example.test:80']);

      const direct = await http.forDeadline().request({ method: 'GET', url: `${target.url}/whoami` });
      expect(direct.status).toBe(200);
      expect(tunnels).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      clients = [];
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});

describe('lazy loading', () => {
  it('loads undici only inside client.ts, and only with a dynamic import', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const root = new URL('../../src/', import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter((f) => /\.tsx?$/.test(f));
    const touching = [];
    for (const file of files) {
      const text = await readFile(new URL(file, root), 'utf8');
      if (/from ['"]undici['"]|import\(['"]undici['"]\)|require\(['"]undici['"]\)/.test(text)) touching.push(file);
    }
    expect(touching).toEqual(['http/client.ts']);
    const client = await readFile(new URL('http/client.ts', root), 'utf8');
    // Type imports are erased at build time; any value import would load undici for every command.
    const staticImports = client.match(/^import (?!type ).*from ['"]undici['"];?$/gm) ?? [];
    expect(staticImports).toEqual([]);
  });
});
