/**
 * Reading the vendors' answers safely: status expectations, JSON shapes, URL joining, session keys.
 * Every failure is an HttpError with a health and a redacted reason.
 */

import type { HttpResponse } from '../core/adapter.js';
import { redactor } from '../core/redact.js';
import { HttpError, statusError, toHttpError } from '../http/errors.js';

/** A JSON object from a vendor. */
export type JsonObject = Record<string, unknown>;

/** `base` + `/path`, whatever slashes either side has. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The `Authorization` header for a bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/**
 * The response if it is a 2xx; otherwise the mapped HttpError. `rejectedReason` replaces the reason of a
 * 401/403 with the vendor CLI's own wording (e.g. Nuclia's "NUA key is invalid or expired").
 */
export function expectOk(response: HttpResponse, rejectedReason?: string): HttpResponse {
  if (response.status >= 200 && response.status < 300) return response;
  if (rejectedReason && (response.status === 401 || response.status === 403)) {
    throw new HttpError('rejected', redactor.redact(rejectedReason), response.status);
  }
  throw statusError(response);
}

/** The error for an answer that is not the shape the contract promises. */
export function malformed(): HttpError {
  return toHttpError({ type: 'malformed' });
}

/** The body as a JSON object, or a `malformed answer`. */
export function jsonObject(response: HttpResponse): JsonObject {
  const value = response.json();
  if (!isObject(value)) throw malformed();
  return value;
}

/** The body as a JSON array, or a `malformed answer`. Accepts `{"data":[…]}` wrappers too. */
export function jsonArray(response: HttpResponse): unknown[] {
  const value = response.json();
  if (Array.isArray(value)) return value;
  if (isObject(value) && Array.isArray(value.data)) return value.data;
  throw malformed();
}

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string (or numeric id) field; undefined when absent or empty. */
export function text(object: unknown, key: string): string | undefined {
  if (!isObject(object)) return undefined;
  const value = object[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A nested object field, or undefined. */
export function child(object: unknown, key: string): JsonObject | undefined {
  if (!isObject(object)) return undefined;
  const value = object[key];
  return isObject(value) ? value : undefined;
}

/** A date field as ISO 8601, or null when absent or unreadable. */
export function isoDate(object: unknown, key: string): string | null {
  const value = text(object, key);
  if (!value) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/**
 * The key a session is cached under: provider, endpoint and a hash of the durable secret, so the key
 * itself never holds the secret.
 */
export function sessionKey(provider: string, endpoint: string, secret: string): string {
  // Loaded on first use so that start-up pays only for the built-ins a command needs.
  const digest = process
    .getBuiltinModule('node:crypto')
    .createHash('sha256')
    .update(`${endpoint}\n${secret}`)
    .digest('hex')
    .slice(0, 32);
  return `${provider}:${digest}`;
}

/** Sessions are refreshed when less than this is left (providers.md: Curvenote refreshes under 30 s). */
export const SESSION_MARGIN_MS = 30_000;

/** The cached session if it has more than the margin left. */
export function freshSession(
  entry: { token: string; expiresAt: number } | undefined,
  now: Date,
): { token: string; expiresAt: number } | undefined {
  return entry && entry.expiresAt - now.getTime() > SESSION_MARGIN_MS ? entry : undefined;
}

/** The region in a Nuclia-style host (`europe-1.dp.progress.cloud` → `europe-1`), if any. */
export function regionOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return /^([a-z0-9-]+)\.(?:dp|rag)\./i.exec(new URL(url).hostname)?.[1];
  } catch {
    return undefined;
  }
}
