/**
 * Reading requests and shaping answers the way HTTP APIs do: credentials from headers, bodies by their
 * Content-Type (form or JSON, the two variants vendors' clients send), JSON replies.
 */
import type { VendorRequest, VendorResponse } from './types.js';

/** A request body as its Content-Type says it is. */
export type ParsedBody =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; value: URLSearchParams }
  | { kind: 'invalid'; reason: string };

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** First value of a header (Node lowercases names). */
export function header(req: Pick<VendorRequest, 'headers'>, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of `<header>: Bearer <token>` (scheme case-insensitive, as RFC 6750 allows), else null. */
export function bearerToken(req: Pick<VendorRequest, 'headers'>, name = 'authorization'): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(req, name) ?? '');
  return match?.[1] ?? null;
}

/** The user part of `Authorization: Basic base64(user:password)`, e.g. an OAuth client id, else null. */
export function basicUser(req: Pick<VendorRequest, 'headers'>): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header(req, 'authorization') ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  // RFC 6749 §2.3.1: the client id is form-encoded before base64; tolerate clients that skip that step.
  try {
    return decodeURIComponent(decoded.slice(0, colon));
  } catch {
    return decoded.slice(0, colon);
  }
}

/** The media type of the request, lowercased, without parameters. */
export function mediaType(req: Pick<VendorRequest, 'headers'>): string {
  return (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * The body as its Content-Type says. An empty body is `empty` whatever the type, because clients such as
 * Nuclia's send `Content-Type: application/json` on every GET and DELETE.
 */
export function parseBody(req: Pick<VendorRequest, 'headers' | 'body'>): ParsedBody {
  if (req.body.length === 0) return { kind: 'empty' };
  const type = mediaType(req);
  const text = req.body.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      return { kind: 'invalid', reason: 'malformed JSON body' };
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { kind: 'form', value: new URLSearchParams(text) };
  return { kind: 'invalid', reason: `unsupported Content-Type "${type || 'none'}"` };
}

/** String fields of a form or JSON-object body (other JSON types are dropped); empty for anything else. */
export function bodyFields(body: ParsedBody): Map<string, string> {
  const fields = new Map<string, string>();
  if (body.kind === 'form') for (const [key, value] of body.value) fields.set(key, value);
  if (body.kind === 'json' && isRecord(body.value)) {
    for (const [key, value] of Object.entries(body.value)) if (typeof value === 'string') fields.set(key, value);
  }
  return fields;
}

/** Names of the fields a body carries (for the request log: names only, never values). */
export function bodyKeys(body: ParsedBody): string[] {
  if (body.kind === 'form') return [...new Set(body.value.keys())];
  if (body.kind === 'json' && isRecord(body.value)) return Object.keys(body.value);
  return [];
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers?: Record<string, string>): VendorResponse {
  return headers ? { status, json: body, headers } : { status, json: body };
}

/** 204 No Content. */
export function noContent(): VendorResponse {
  return { status: 204 };
}

/** Epoch milliseconds as ISO 8601 (UTC, with `Z`). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
