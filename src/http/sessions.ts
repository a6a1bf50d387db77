import type { SessionCache } from '../providers/types.js';
import { type Redactor, redactor } from './redact.js';

/** Who wants to hear of every session token minted in this process (the CLI's CI log masking). */
const listeners = new Set<(token: string) => void>();

/** Calls `listener` with every session token put in any session cache from now on; returns an unsubscribe. */
export function onSessionToken(listener: (token: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * An in-memory session cache for one run (sessions never touch disk). Every token put in it is
 * registered with the redactor, so no error or trace can show it.
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
      if (!seen.has(value.token)) for (const listener of listeners) listener(value.token);
      seen.add(value.token);
      entries.set(key, { ...value });
    },
    tokens() {
      return [...seen];
    },
  };
}
