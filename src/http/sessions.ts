import type { SessionCache } from '../providers/types.js';
import { type Redactor, redactor } from './redact.js';

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
      seen.add(value.token);
      entries.set(key, { ...value });
    },
    tokens() {
      return [...seen];
    },
  };
}
