/**
 * Credentials the emulator knows, by their exact secret, with revocation and expiry; plus the random formats
 * the vendors' secrets take. Lookups are O(1) Map hits so that thousands of minted accounts checked at once
 * cost nothing per request.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** One credential (or a session derived from one). */
export interface Grant<T> {
  secret: string;
  /** Epoch milliseconds; null never expires. */
  expiresAt: number | null;
  revoked: boolean;
  /** The credential this session was exchanged from: revoking (or losing) the parent kills the session. */
  parent?: string;
  data: T;
}

/** Why a secret is or is not accepted; `grant` is there whenever the secret is known. */
export type GrantCheck<T> =
  | { status: 'ok'; grant: Grant<T> }
  | { status: 'revoked' | 'expired'; grant: Grant<T> }
  | { status: 'unknown' };

/** Every credential of one vendor, by secret. */
export class GrantTable<T> {
  readonly #grants = new Map<string, Grant<T>>();

  /** A table holding copies of `templates`, so that revoking in the table never alters the templates. */
  static from<T>(templates: Iterable<Grant<T>>): GrantTable<T> {
    const table = new GrantTable<T>();
    for (const template of templates) table.add({ ...template });
    return table;
  }

  /** Registers a credential; returns it for chaining. */
  add(grant: Grant<T>): Grant<T> {
    this.#grants.set(grant.secret, grant);
    return grant;
  }

  /** The grant behind a secret, whatever its state. */
  find(secret: string): Grant<T> | undefined {
    return this.#grants.get(secret);
  }

  /**
   * Whether a presented secret is usable now. Revocation cascades from parents to sessions (so an out-of-band
   * revoke is seen at once even by a cached session); expiry does not, as a real session outlives nothing but
   * its own `exp`.
   */
  check(secret: string | null | undefined, now = Date.now()): GrantCheck<T> {
    if (!secret) return { status: 'unknown' };
    const grant = this.#grants.get(secret);
    if (!grant) return { status: 'unknown' };
    if (grant.expiresAt !== null && grant.expiresAt <= now) return { status: 'expired', grant };
    for (let cursor: Grant<T> | undefined = grant; cursor; ) {
      if (cursor.revoked) return { status: 'revoked', grant };
      if (cursor.parent === undefined) break;
      cursor = this.#grants.get(cursor.parent);
      if (!cursor) return { status: 'revoked', grant };
    }
    return { status: 'ok', grant };
  }

  /** Marks a secret revoked; false when it is not in the table. */
  revoke(secret: string): boolean {
    const grant = this.#grants.get(secret);
    if (!grant) return false;
    grant.revoked = true;
    return true;
  }
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of A–Z a–z 0–9, without modulo bias. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes above it would favour the first letters.
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** `bytes` random bytes as base64url (opaque bearer-style tokens). */
export function randomBase64url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** An RFC 4122 v4 UUID. */
export function uuid(): string {
  return randomUUID();
}

/** Whole seconds since the epoch, as JWT `iat`/`exp` want. */
export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;
