/**
 * The one HTTP client every provider talks through: a keep-alive, proxy-aware undici agent with bounded
 * retries, redirects that never carry a credential off its origin (nor from https to http), the one rule of
 * where a secret may be sent, one deadline per account check, capped bodies, and errors that are mapped and
 * redacted in one place. This is the only module that touches undici, and it loads it lazily so that
 * plain commands (`list`, `env`) never pay for it.
 */
import type { LookupFunction } from 'node:net';
import type { Dispatcher, RetryHandler } from 'undici';
import type { HttpRequester, HttpRequestOptions, HttpResponse } from '../core/adapter.js';
import { credentialsInHeaders, type Redactor, redactor, wireForms } from '../core/redact.js';
import { secretDestinationProblem } from '../core/validate.js';
import { type Failure, HttpError, toHttpError } from './errors.js';

/** Options of {@link createHttp}. */
export interface HttpOptions {
  /** Default deadline of one `forDeadline()` requester, retries included. @default 10_000 */
  timeoutMs?: number;
  /** Tries per request, the first included. @default 3 */
  maxTries?: number;
  /** DNS lookup used to connect (undici `connect.lookup`); tests pass one that fails. @default the OS resolver */
  lookup?: LookupFunction;
  /** Largest body read; a larger one is a `response too large` failure. @default 1 MiB */
  maxBodyBytes?: number;
  /** Redirects followed before `too many redirects`. @default 5 */
  maxRedirects?: number;
  /** Connections per origin: authdeck checks many accounts at once, often on one host. @default 128 */
  connections?: number;
  /** Longest wait a `Retry-After` can impose before a retry. @default 2_000 */
  maxRetryWaitMs?: number;
  /** First back-off between retries without `Retry-After`; it doubles each time. @default 250 */
  retryBaseMs?: number;
  /** Redactor that error messages and traces pass through. @default the shared redactor */
  redactor?: Redactor;
}

/** One client: requesters bound to deadlines, and a way to close its connections. */
export interface Http {
  /** A requester whose every request shares one deadline of `ms` (started by its first request). */
  forDeadline(ms?: number, secrets?: readonly string[]): HttpRequester;
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Connection failures worth another try; a name that does not resolve (ENOTFOUND) will not resolve in 250 ms. */
const RETRY_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);
/** Methods that are safe to repeat; a POST only when the caller marks it `idempotent` (token exchanges). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const ALL_METHODS: Dispatcher.HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'POST', 'PATCH'];

interface Undici {
  agent: Dispatcher;
  module: typeof import('undici');
}

/** Creates the client. Nothing is loaded or connected until the first request. */
export function createHttp(options: HttpOptions = {}): Http {
  const settings = {
    timeoutMs: options.timeoutMs ?? 10_000,
    maxTries: Math.max(1, options.maxTries ?? 3),
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 5,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 2_000,
    retryBaseMs: options.retryBaseMs ?? 250,
    redactor: options.redactor ?? redactor,
  };
  let loading: Promise<Undici> | undefined;
  let closed = false;

  const load = (): Promise<Undici> => {
    loading ??= import('undici').then((imported) => {
      // undici is CommonJS: bundled, its exports sit on the default export; unbundled (tests) on the namespace.
      const module = ((imported as unknown as { default?: typeof imported }).default ?? imported) as typeof imported;
      // EnvHttpProxyAgent is the base so HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured like curl does.
      const agent = new module.EnvHttpProxyAgent({
        connections: options.connections ?? 128,
        keepAliveTimeout: 4_000,
        ...(options.lookup ? { connect: { lookup: options.lookup } } : {}),
      });
      return { agent, module };
    });
    return loading;
  };

  return {
    forDeadline(ms = settings.timeoutMs, secrets = []) {
      settings.redactor.add(...secrets);
      return createRequester({ ms, secrets, settings, load });
    },
    async close() {
      if (closed || !loading) return;
      closed = true;
      const { agent } = await loading;
      await agent.close();
    },
  };
}

type Settings = Required<Omit<HttpOptions, 'lookup' | 'connections'>>;

interface RequesterInit {
  ms: number;
  secrets: readonly string[];
  settings: Settings;
  load: () => Promise<Undici>;
}

interface Deadline {
  signal: AbortSignal;
  at: number;
}

function createRequester({ ms, secrets, settings, load }: RequesterInit): HttpRequester {
  let deadline: Deadline | undefined;
  let dispatcher: Dispatcher | undefined;

  return {
    async request(options) {
      // The deadline starts with the first request, so time spent queued behind other accounts is not counted.
      deadline ??= { signal: AbortSignal.timeout(ms), at: Date.now() + ms };
      const extra = [...secrets, ...(options.secrets ?? []), ...credentialsInHeaders(options.headers)];
      settings.redactor.add(...extra);
      const fail = (failure: Failure) => toHttpError(failure, extra, settings.redactor);

      let url: URL;
      try {
        url = new URL(options.url);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http');
      } catch {
        throw fail({ type: 'bad_url', url: options.url });
      }

      // Whether a secret rides on this request: then it never leaves its origin and goes only where the one
      // destination rule allows (https, or http to loopback), whatever the URL's source.
      const credentialed = carriesSecret(options, url, extra);
      const refused = credentialed ? secretDestinationProblem(url) : null;
      if (refused) {
        throw fail({ type: 'refused', reason: `${options.urlSource ?? 'the URL'} ${url.origin} ${refused}; not sent` });
      }

      const started = performance.now();
      let status: number | undefined;
      let current = url;
      try {
        if (!dispatcher) {
          const { agent, module } = await load();
          // No redirect interceptor: undici's would carry credential headers and 307/308 bodies to another
          // origin, and follow https to http. Redirects are followed below, by authdeck's own rule.
          dispatcher = agent.compose(module.interceptors.retry(retryOptions(settings, deadline)));
        }
        let hop: HttpRequestOptions = options;
        for (let redirects = 0; ; redirects++) {
          const response = await send(dispatcher, current, hop, deadline, settings, fail);
          status = response.status;
          const location = response.headers.location;
          if (status < 300 || status >= 400 || location === undefined) return response;
          const next = redirectTarget(current, Array.isArray(location) ? location[0] : location);
          if (!next) throw fail({ type: 'malformed' });
          const refusal = redirectRefusal(current, next, credentialed);
          if (refusal) throw fail({ type: 'redirect', reason: refusal });
          if (redirects >= settings.maxRedirects) throw fail({ type: 'status', status });
          hop = redirectedRequest(hop, status, next);
          current = next;
        }
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw fail({ type: 'thrown', error, host: current.hostname, timeoutMs: ms, timedOut: deadline.signal.aborted });
      } finally {
        trace(options.method, url, status, performance.now() - started, settings.redactor);
      }
    },
  };
}

/**
 * Why a redirect from `from` to `next` is not followed, or null when it may be: never from https to http, and
 * never at all for a request that carries a secret. No vendor API authdeck talks to needs a redirect on a
 * credentialed call, so none is followed, not even on the same origin (where a 303 would also turn a token
 * exchange into a GET the service never meant).
 */
export function redirectRefusal(from: URL, next: URL, credentialed: boolean): string | null {
  const where = `${next.origin}${next.origin === from.origin ? next.pathname : ''}`;
  if (from.protocol === 'https:' && next.protocol !== 'https:')
    return `redirected to ${where}; not followed from https`;
  if (credentialed) return `redirected to ${where}; not followed with a credential`;
  return null;
}

/** Where a `Location` points, resolved against the URL that answered; null when it is no http(s) URL. */
function redirectTarget(from: URL, location: string | undefined): URL | null {
  if (!location) return null;
  try {
    const next = new URL(location, from);
    return next.protocol === 'http:' || next.protocol === 'https:' ? next : null;
  } catch {
    return null;
  }
}

/** The request a redirect asks for: 303 (and 301/302 of a POST, as browsers do) becomes a GET without a body. */
function redirectedRequest(options: HttpRequestOptions, status: number, next: URL): HttpRequestOptions {
  const asGet = status === 303 || ((status === 301 || status === 302) && options.method === 'POST');
  const { body: _body, ...rest } = options;
  return asGet ? { ...rest, method: 'GET', url: next.href } : { ...options, url: next.href };
}

/** Header names that carry a credential whatever their value looks like. */
const CREDENTIAL_HEADER = /authorization|token|key|secret|serviceaccount|session|cookie|password|credential/i;

/**
 * Whether a request carries a secret anywhere: a credential-named header, or any known secret (in any of its
 * wire forms) in a header value, the body or the URL.
 */
function carriesSecret(options: HttpRequestOptions, url: URL, secrets: readonly string[]): boolean {
  const headers = options.headers ?? {};
  if (Object.keys(headers).some((name) => CREDENTIAL_HEADER.test(name))) return true;
  const known = secrets.filter((s) => typeof s === 'string' && s.trim().length > 0);
  if (known.length === 0) return false;
  const forms = known.flatMap((secret) => wireForms(secret.trim()));
  const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body ?? '');
  const texts = [...Object.values(headers), body, url.href, decodeSafely(url.href)];
  return texts.some((text) => forms.some((form) => text.includes(form)));
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function send(
  dispatcher: Dispatcher,
  url: URL,
  options: HttpRequestOptions,
  deadline: Deadline,
  settings: Settings,
  fail: (failure: Failure) => HttpError,
): Promise<HttpResponse> {
  const headers: Record<string, string> = { 'user-agent': 'authdeck', ...options.headers };
  let body: string | undefined;
  if (typeof options.body === 'string') {
    body = options.body;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
  }

  const pending = dispatcher.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: options.method,
    headers,
    body,
    signal: deadline.signal,
    // undici reads `idempotent` for pipelining only; our retry policy reads it to allow a POST.
    idempotent: options.idempotent ?? IDEMPOTENT_METHODS.has(options.method),
  });
  const response = await untilDeadline(pending, deadline.signal);
  const text = await readCapped(response.body, response.headers, settings.maxBodyBytes, fail);
  return {
    status: response.statusCode,
    headers: response.headers,
    text,
    json<T>(): T {
      try {
        if (text.trim() === '') throw new SyntaxError('empty body');
        return JSON.parse(text) as T;
      } catch {
        throw fail({ type: 'malformed' });
      }
    },
  };
}

/**
 * Rejects as soon as the deadline passes, even while undici is between retries; a response that still
 * arrives later is dumped so its connection is freed and `close()` does not wait on it.
 */
function untilDeadline(
  pending: Promise<Dispatcher.ResponseData>,
  signal: AbortSignal,
): Promise<Dispatcher.ResponseData> {
  const abandon = () => {
    pending.then(
      (late) => late.body.dump().catch(() => {}),
      () => {},
    );
  };
  if (signal.aborted) {
    abandon();
    return Promise.reject(signal.reason);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      abandon();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Reads a body as UTF-8 text, refusing more than `limit` bytes (declared or actual). */
async function readCapped(
  body: Dispatcher.ResponseData['body'],
  headers: Dispatcher.ResponseData['headers'],
  limit: number,
  fail: (failure: Failure) => HttpError,
): Promise<string> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    throw fail({ type: 'too_large', limitBytes: limit });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.length;
    if (total > limit) {
      body.destroy();
      throw fail({ type: 'too_large', limitBytes: limit });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The retry policy: 429/5xx and connection errors, idempotent requests only, at most `maxTries` tries,
 * `Retry-After` honoured up to a cap, and never a wait that would end past the deadline.
 */
function retryOptions(settings: Settings, deadline: Deadline): RetryHandler.RetryOptions {
  const retry: RetryHandler.RetryCallback = (error, { state, opts }, callback) => {
    const { statusCode, code, headers } = error as Error & {
      statusCode?: number;
      code?: string;
      headers?: Record<string, string | string[] | undefined>;
    };
    const repeatable = IDEMPOTENT_METHODS.has(opts.method) || opts.idempotent === true;
    const retryable = statusCode !== undefined ? RETRY_STATUSES.has(statusCode) : RETRY_CODES.has(code ?? '');
    if (!repeatable || !retryable || state.counter >= settings.maxTries || deadline.signal.aborted) {
      callback(error);
      return;
    }
    const retryAfter = parseRetryAfter(headers?.['retry-after']);
    const wait =
      retryAfter !== null
        ? Math.min(retryAfter, settings.maxRetryWaitMs)
        : settings.retryBaseMs * 2 ** Math.max(0, state.counter - 1);
    if (Date.now() + wait >= deadline.at) {
      // Waiting would outlive the deadline: report what we have now rather than a timeout later.
      callback(error);
      return;
    }
    const timer = setTimeout(() => {
      deadline.signal.removeEventListener('abort', onAbort);
      callback(null);
    }, wait);
    const onAbort = () => {
      clearTimeout(timer);
      callback(error);
    };
    deadline.signal.addEventListener('abort', onAbort, { once: true });
  };
  return {
    retry,
    throwOnError: false, // hand the last answer (e.g. the final 503) to the caller instead of an opaque error
    maxRetries: settings.maxTries - 1,
    methods: ALL_METHODS,
    statusCodes: [...RETRY_STATUSES],
    errorCodes: [...RETRY_CODES],
  };
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Math.round(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

let tracing = false;

/** Turns the request trace on (`--verbose`), as `AUTHDECK_DEBUG=1` does, without touching the environment. */
export function traceRequests(on = true): void {
  tracing = on;
}

let silenced = false;

/** No trace at all from now on, whatever asked for one: the TUI owns the terminal, stderr included. */
export function silenceTraces(): void {
  silenced = true;
}

/** Where trace lines go instead, deciding for itself whether to show them (see {@link routeTraces}). */
let route: ((line: string) => void) | undefined;

/**
 * Hands every trace line to `write`, which decides whether the run it belongs to wants it and where it goes:
 * for CLI runs in-process (cli/io.ts), each of which has its own stderr and its own --verbose.
 */
export function routeTraces(write: (line: string) => void): void {
  route = write;
}

/** `AUTHDECK_DEBUG=1` or `--verbose`: one redacted line per request on stderr; never a header value. */
function trace(method: string, url: URL, status: number | undefined, ms: number, using: Redactor): void {
  if (!route && (silenced || (!tracing && process.env.AUTHDECK_DEBUG !== '1'))) return;
  const where = `${url.origin}${url.pathname}${url.search}`;
  const line = `${using.redact(`authdeck http: ${method} ${where} ${status ?? 'failed'} ${Math.round(ms)} ms`)}\n`;
  if (route) route(line);
  else process.stderr.write(line);
}
