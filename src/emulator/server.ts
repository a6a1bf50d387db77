/**
 * The node:http server: reads each request (body capped), sends `/_emulator/` to the controls, and puts every
 * other request through faults, latency, the request log and the vendors' routes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ControlTarget, handleControl } from './controls.js';
import { FaultBook, type FaultEffect } from './faults.js';
import { CLIENT_HEADERS, RequestLog } from './request-log.js';
import { Router } from './router.js';
import {
  EMULATED_PROVIDERS,
  type EmulatedProvider,
  type EmulatorSeed,
  type SeedKind,
  type Vendor,
  type VendorResponse,
} from './types.js';
import { bodyKeys, header, isRecord, json, mediaType, parseBody } from './wire.js';

/** Larger request bodies get 413: no vendor call sends more than a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;
/** How much of a request body an `echo` fault repeats. */
const ECHO_BODY_CHARS = 4096;
const CONTROL_PREFIX = '/_emulator';

type BodyRead = { kind: 'ok'; body: Buffer } | { kind: 'too_large' } | { kind: 'aborted' };

function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) settle({ kind: 'too_large' });
      else chunks.push(chunk);
    });
    req.on('end', () => settle({ kind: 'ok', body: Buffer.concat(chunks) }));
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle(req.complete ? { kind: 'ok', body: Buffer.concat(chunks) } : { kind: 'aborted' }));
  });
}

function send(res: ServerResponse, response: VendorResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.json !== undefined) {
    payload = JSON.stringify(response.json);
    headers['content-type'] ??= 'application/json';
  } else if (response.text !== undefined) {
    payload = response.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  // RFC 9110: a 204 carries no Content-Length.
  if (response.status !== 204)
    headers['content-length'] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(response.status === 204 ? undefined : payload);
}

/** The values of the headers by which a client names itself (never a credential's). */
function clientHeaders(req: IncomingMessage): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of CLIENT_HEADERS) {
    const value = header(req, name);
    if (value !== undefined) found[name] = value;
  }
  return found;
}

function providerOf(path: string): EmulatedProvider | null {
  const first = path.split('/')[1] ?? '';
  return (EMULATED_PROVIDERS as readonly string[]).includes(first) ? (first as EmulatedProvider) : null;
}

function faultResponse(effect: FaultEffect & { status: number }): VendorResponse {
  const headers: Record<string, string> = {};
  if (effect.retryAfter !== null) headers['retry-after'] = String(Math.ceil(effect.retryAfter));
  return json(
    effect.status,
    { error: 'emulated_fault', status: effect.status, message: STATUS_CODES[effect.status] ?? 'Error' },
    headers,
  );
}

/** Adds the request's headers and body to an error body, as a careless server would, to test redaction. */
function withEcho(response: VendorResponse, req: IncomingMessage, path: string, body: Buffer): VendorResponse {
  const echo = {
    method: req.method,
    path,
    headers: req.headers,
    body: body.toString('utf8').slice(0, ECHO_BODY_CHARS),
  };
  const base = isRecord(response.json) ? response.json : response.text !== undefined ? { message: response.text } : {};
  return { status: response.status, headers: response.headers, json: { ...base, echo } };
}

/** Static facts about a mounted emulator, for `/_emulator/info`. */
export interface EmulatorFacts {
  url: string;
  endpoints: unknown;
}

/** One emulator's HTTP side: listen first (the port goes into every URL), then mount the vendors. */
export class EmulatorServer implements ControlTarget {
  readonly faults = new FaultBook();
  readonly log = new RequestLog(500);
  readonly #http: Server;
  readonly #latencyMs: number;
  readonly #timers = new Set<NodeJS.Timeout>();
  #vendors: Vendor[] = [];
  #router = new Router([]);
  #facts: EmulatorFacts = { url: '', endpoints: {} };

  constructor(latencyMs: number) {
    this.#latencyMs = latencyMs;
    this.#http = createServer((req, res) => {
      res.on('error', () => {});
      this.#onRequest(req, res).catch((error: unknown) => {
        send(
          res,
          json(500, { error: 'internal_error', message: error instanceof Error ? error.message : String(error) }),
        );
      });
    });
  }

  /** Starts listening; resolves with the bound address. */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen({ port, host }, () => {
        this.#http.off('error', reject);
        resolve(this.#http.address() as AddressInfo);
      });
    });
  }

  /** Serves these vendors from now on. */
  mount(vendors: Vendor[], facts: EmulatorFacts): void {
    this.#vendors = vendors;
    this.#router = new Router(vendors.flatMap((vendor) => vendor.routes));
    this.#facts = facts;
  }

  /** Stops listening, drops every connection, and forgets answers still waiting out a delay. */
  close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    return new Promise((resolve) => {
      this.#http.close(() => resolve());
      this.#http.closeAllConnections();
    });
  }

  info(): unknown {
    return { ...this.#facts, seed: this.#vendors.flatMap((vendor) => vendor.seed) };
  }

  revoke(secret: string): boolean {
    return this.#vendors.some((vendor) => vendor.revoke(secret));
  }

  async mint(provider: EmulatedProvider, kind: SeedKind, count: number): Promise<EmulatorSeed[]> {
    const vendor = this.#vendors.find((v) => v.provider === provider);
    return vendor ? vendor.mint(kind, count) : [];
  }

  reset(): void {
    for (const vendor of this.#vendors) vendor.reset();
    this.faults.clear();
    this.log.clear();
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      const read = await readBody(req, MAX_BODY_BYTES);
      if (read.kind === 'aborted') return;
      if (read.kind === 'too_large')
        return send(res, json(413, { error: 'payload_too_large' }, { connection: 'close' }));
      return send(res, await handleControl(this, { method, path, query: url.searchParams, body: read.body }));
    }

    const provider = providerOf(path);
    // Taken on arrival, before any await, so that concurrent requests consume faults in arrival order.
    const fault = this.faults.take(provider);
    const read = await readBody(req, MAX_BODY_BYTES);
    if (read.kind === 'aborted') return;
    const body = read.kind === 'ok' ? read.body : Buffer.alloc(0);
    const parsed = parseBody({ headers: req.headers, body });
    const entry = this.log.record({
      at: new Date().toISOString(),
      provider,
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headerNames: req.rawHeaders.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase()),
      client: clientHeaders(req),
      contentType: mediaType(req) || null,
      authScheme: header(req, 'authorization')?.split(/\s+/)[0] ?? null,
      bodyKeys: bodyKeys(parsed),
      bodyBytes: body.length,
      status: null,
    });

    await this.#sleep(this.#latencyMs + fault.latencyMs);
    if (fault.drop) {
      req.socket.destroy();
      return;
    }

    let response: VendorResponse;
    if (read.kind === 'too_large') {
      response = json(
        413,
        { error: 'payload_too_large', message: `bodies are capped at ${MAX_BODY_BYTES} bytes` },
        { connection: 'close' },
      );
    } else if (fault.status !== null) {
      response = faultResponse({ ...fault, status: fault.status });
    } else {
      response = await this.#route(method, path, url.searchParams, req, body);
    }
    if (fault.echo && response.status >= 400) response = withEcho(response, req, path, body);
    entry.status = response.status;
    send(res, response);
  }

  async #route(
    method: string,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    body: Buffer,
  ): Promise<VendorResponse> {
    const match = this.#router.match(method, path);
    if (match.kind === 'found')
      return match.handle({ method, path, params: match.params, query, headers: req.headers, body });
    if (match.kind === 'wrong_method') {
      return json(
        405,
        { error: 'method_not_allowed', message: `${method} is not allowed on ${path}` },
        { allow: match.allowed.join(', ') },
      );
    }
    return json(404, { error: 'not_found', message: `no emulated route for ${method} ${path}` });
  }
}
