/**
 * Every way a request can fail, mapped in one place to a health and a short human reason.
 * No undici here: this module is loaded by plain commands that never make a request.
 */
import { cap, inert } from '../core/inert.js';
import { type Redactor, redactor } from '../core/redact.js';

/** The healths a failed request can mean; adapters decide when a 403 is `insufficient_scope`. */
export type FailureHealth = 'rejected' | 'insufficient_scope' | 'unreachable';

/** A failed request: a health, a human reason (already redacted), and the HTTP status if there was one. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly health: FailureHealth;
  readonly reason: string;
  readonly status?: number;

  constructor(health: FailureHealth, reason: string, status?: number) {
    super(reason);
    this.health = health;
    this.reason = reason;
    if (status !== undefined) this.status = status;
  }
}

/** Whether a value is an {@link HttpError} (also across duplicated module instances). */
export function isHttpError(value: unknown): value is HttpError {
  return (
    value instanceof HttpError ||
    (value instanceof Error && value.name === 'HttpError' && typeof (value as { health?: unknown }).health === 'string')
  );
}

/** Anything that can go wrong with a request, as the client sees it. */
export type Failure =
  /** The service answered with a status the caller did not accept; `body` is its text, if read. */
  | { type: 'status'; status: number; body?: string }
  /** The request threw (network, DNS, TLS, abort…); `timedOut` when the deadline had passed. */
  | { type: 'thrown'; error: unknown; host: string; timeoutMs: number; timedOut: boolean }
  /** A non-JSON (or wrongly shaped) body where JSON was expected. */
  | { type: 'malformed' }
  /** A body larger than the cap. */
  | { type: 'too_large'; limitBytes: number }
  /** A URL that cannot be requested at all. */
  | { type: 'bad_url'; url: string }
  /** A redirect that was not followed (it would carry a credential off its origin, or leave https). */
  | { type: 'redirect'; reason: string }
  /** A credentialed request to a URL the destination rule forbids (plain http off loopback). */
  | { type: 'refused'; reason: string };

/** The health and reason of a failure, before redaction. */
export interface FailureDescription {
  health: FailureHealth;
  reason: string;
  status?: number;
}

/**
 * The one mapping from a failure to a health and a human reason (`timeout after 10 s`, `connection refused`,
 * `server error 503`, `malformed answer`…). Raw error text from the network stack never gets through:
 * it can carry request headers.
 */
export function describeFailure(failure: Failure, using: Redactor = redactor): FailureDescription {
  switch (failure.type) {
    case 'status':
      return describeStatus(failure.status, failure.body, using);
    case 'thrown':
      return { health: 'unreachable', reason: describeThrown(failure) };
    case 'malformed':
      return { health: 'unreachable', reason: 'malformed answer' };
    case 'too_large':
      return { health: 'unreachable', reason: 'response too large' };
    case 'bad_url':
      return { health: 'unreachable', reason: `invalid URL ${JSON.stringify(failure.url)}` };
    // Nothing was learnt about the credential: the service never saw it (or was not allowed to answer).
    case 'redirect':
    case 'refused':
      return { health: 'unreachable', reason: failure.reason };
  }
}

/** An {@link HttpError} for a failure, its reason redacted against every known secret plus `secrets`. */
export function toHttpError(failure: Failure, secrets: readonly string[] = [], using: Redactor = redactor): HttpError {
  if (failure.type === 'thrown' && isHttpError(failure.error)) return failure.error;
  using.add(...secrets);
  const { health, reason, status } = describeFailure(failure, using);
  return new HttpError(health, using.redact(reason), status);
}

/**
 * The error for an answer the caller cannot use (401, 5xx, 404…), with the server's own message when it
 * gave one. Use it for any status the adapter did not expect.
 */
export function statusError(response: { status: number; text: string }, using: Redactor = redactor): HttpError {
  return toHttpError({ type: 'status', status: response.status, body: response.text }, [], using);
}

/** `10 s`, `0.5 s`: how a deadline reads in a reason. */
export function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} s`;
}

function describeStatus(status: number, body: string | undefined, using: Redactor): FailureDescription {
  const detail = body ? errorDetail(body, using) : null;
  const withDetail = (reason: string) => (detail ? `${reason}: ${detail}` : reason);
  if (status === 401 || status === 403) {
    return {
      health: 'rejected',
      reason: detail ?? `${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}`,
      status,
    };
  }
  // OAuth servers answer a bad grant with 400 invalid_grant (Platform.sh, Appcircle): the credential is refused.
  if (status === 400 && body && oauthError(body) === 'invalid_grant') {
    return { health: 'rejected', reason: detail ?? 'invalid_grant', status };
  }
  if (status === 429) return { health: 'unreachable', reason: 'rate limited (429)', status };
  if (status >= 500) return { health: 'unreachable', reason: `server error ${status}`, status };
  // The client hands back the last 3xx once it has followed as many as it may.
  if (status >= 300 && status < 400) return { health: 'unreachable', reason: 'too many redirects', status };
  return { health: 'unreachable', reason: withDetail(`unexpected answer ${status}`), status };
}

const MAX_DETAIL_LENGTH = 160;

/**
 * The human message in an error body, whatever its shape: `{"message"}` (Curvenote), `{"error_description"}`
 * (OAuth), `{"detail"}` (FastAPI, Nuclia), `{"errors":[…]}` (ETM), `{"error"}`. Null when there is none.
 * Redacted first, then made inert and cut: a cut made first could leave a piece of an echoed secret that no
 * longer matches it whole.
 */
export function errorDetail(body: string, using: Redactor = redactor): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const candidates: unknown[] = [
    parsed.error_description,
    parsed.message,
    parsed.detail,
    Array.isArray(parsed.detail) && isRecord(parsed.detail[0]) ? parsed.detail[0].msg : undefined,
    Array.isArray(parsed.errors) ? parsed.errors[0] : undefined,
    parsed.error,
  ];
  const text = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  if (!text) return null;
  // One line, bounded: a server may echo a whole request back.
  const line = inert(using.redact(text)).replace(/\s+/g, ' ').trim();
  return cap(line, MAX_DETAIL_LENGTH + 1);
}

/** The OAuth `error` code of a body (`invalid_grant`…), if it has one. */
export function oauthError(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : null;
  } catch {
    return null;
  }
}

const CONNECTION_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection reset',
  UND_ERR_CLOSED: 'connection reset',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host unreachable',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'connection reset',
  HPE_INVALID_CONSTANT: 'malformed answer',
  UND_ERR_INFO: 'malformed answer',
};
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_ABORTED',
  'ABORT_ERR',
]);

function describeThrown(failure: Extract<Failure, { type: 'thrown' }>): string {
  const { error, host, timeoutMs, timedOut } = failure;
  const timeout = `timeout after ${formatSeconds(timeoutMs)}`;
  if (timedOut) return timeout;
  const names = errorNames(error);
  const codes = errorCodes(error);
  if (names.has('TimeoutError') || names.has('AbortError')) return timeout;
  for (const code of codes) {
    if (DNS_CODES.has(code)) return `DNS lookup failed for ${host}`;
    if (TIMEOUT_CODES.has(code)) return timeout;
    const reason = CONNECTION_REASONS[code];
    if (reason) return reason;
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `TLS error (${code})`;
  }
  // undici's own guard against a redirect that points back at a URL already visited.
  if (messages(error).some((m) => /redirect loop|max redirects/i.test(m))) return 'too many redirects';
  if (messages(error).some((m) => /getaddrinfo/i.test(m))) return `DNS lookup failed for ${host}`;
  const code = [...codes][0];
  return code ? `network error (${code})` : 'network error';
}

/** Every `code` along an error's cause chain (and inside an AggregateError, which Happy Eyeballs raises). */
function errorCodes(error: unknown): Set<string> {
  const codes = new Set<string>();
  walk(error, (e) => {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.add(code);
  });
  return codes;
}

function errorNames(error: unknown): Set<string> {
  const names = new Set<string>();
  walk(error, (e) => {
    if (typeof e.name === 'string') names.add(e.name);
  });
  return names;
}

function messages(error: unknown): string[] {
  const out: string[] = [];
  walk(error, (e) => {
    if (typeof e.message === 'string') out.push(e.message);
  });
  return out;
}

function walk(error: unknown, visit: (e: { name?: unknown; message?: unknown }) => void, depth = 0): void {
  if (depth > 5 || typeof error !== 'object' || error === null) return;
  visit(error as { name?: unknown; message?: unknown });
  walk((error as { cause?: unknown }).cause, visit, depth + 1);
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner)) for (const e of inner) walk(e, visit, depth + 1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
