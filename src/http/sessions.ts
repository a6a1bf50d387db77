import type { SessionCache } from '../core/adapter.js';
import { UserError } from '../core/errors.js';
import { type Redactor, redactor } from '../core/redact.js';

/** Whitespace and control characters (C0, DEL, C1): no header, shell or dotenv file can carry them. */
const UNUSABLE = /[\s\u0000-\u001f\u007f-\u009f]/u;

/**
 * The one check on a session token a service hands out (Curvenote sessions, Appcircle and Platform.sh
 * access tokens): empty, or holding whitespace or a control character (a NUL would make fish reject a whole
 * `env` output), it is refused — exit 1, the service's fault, the token never shown.
 */
function assertUsableSessionToken(token: string): void {
  if (token === '' || UNUSABLE.test(token)) {
    throw new UserError('the service returned an unusable token (empty, or holding whitespace or a control character)');
  }
}

/** Who wants to hear of every session token minted in this process (the CLI's CI log masking). */
const listeners = new Set<(token: string) => void>();

/** Calls `listener` with every session token put in any session cache from now on; returns an unsubscribe. */
export function onSessionToken(listener: (token: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * An in-memory session cache for one run (sessions never touch disk). Every token put in it is
 * registered with the redactor, so no error or trace can show it, and checked as usable: every adapter
 * puts each token it receives here before using it, so this is where a bad one is refused.
 */
export function createSessionCache(using: Redactor = redactor): SessionCache {
  const entries = new Map<string, { token: string; expiresAt: number }>();
  const seen = new Set<string>();
  return {
    get(key) {
      return entries.get(key);
    },
    set(key, value) {
      using.add(value.token);
      assertUsableSessionToken(value.token);
      if (!seen.has(value.token)) for (const listener of listeners) listener(value.token);
      seen.add(value.token);
      entries.set(key, { ...value });
    },
    tokens() {
      return [...seen];
    },
  };
}
