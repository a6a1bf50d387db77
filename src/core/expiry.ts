import type { Health } from './vocabulary.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How much short of a whole day still counts as that day in "expires in N days". */
const DAY_GRACE_MS = 59 * 60_000;
/** A valid credential with less than this left is `expiring`. */
export const EXPIRING_WINDOW_MS = 7 * DAY;

/**
 * "expires in N days" (whole days, rounded down, with under an hour's grace so a fresh 30-day token reads
 * 30); under a day, hours; past, "expired N days ago".
 */
export function describeExpiry(expiresAt: string | null | undefined, now: Date = new Date()): string | null {
  if (!expiresAt) return null;
  const left = Date.parse(expiresAt) - now.getTime();
  if (Number.isNaN(left)) return null;
  if (left <= 0) {
    const ago = -left;
    if (ago < DAY) {
      const h = Math.floor(ago / HOUR);
      return h === 0 ? 'expired just now' : `expired ${h} ${h === 1 ? 'hour' : 'hours'} ago`;
    }
    const d = Math.floor(ago / DAY);
    return `expired ${d} ${d === 1 ? 'day' : 'days'} ago`;
  }
  if (left < DAY) {
    const h = Math.floor(left / HOUR);
    return h === 0 ? 'expires in under an hour' : `expires in ${h} ${h === 1 ? 'hour' : 'hours'}`;
  }
  // Whole days, rounded down, but a lifetime that just started reads as the person made it: a 30-day
  // token made moments ago expires "in 30 days", not 29 (under an hour short of a day counts as that day).
  const d = Math.floor((left + DAY_GRACE_MS) / DAY);
  return `expires in ${d} ${d === 1 ? 'day' : 'days'}`;
}

/**
 * The health a stored result shows now: a `valid` credential whose expiry has come closer becomes
 * `expiring`, then `expired`, without asking the service again.
 */
export function currentHealth(health: Health, expiresAt: string | null | undefined, now: Date = new Date()): Health {
  if (!expiresAt || (health !== 'valid' && health !== 'expiring')) return health;
  const left = Date.parse(expiresAt) - now.getTime();
  if (Number.isNaN(left)) return health;
  if (left <= 0) return 'expired';
  if (left < EXPIRING_WINDOW_MS) return 'expiring';
  return 'valid';
}

/** Whether a credential expires within `days` from now (for `check --expiring-within`). */
export function expiresWithin(expiresAt: string | null | undefined, days: number, now: Date = new Date()): boolean {
  if (!expiresAt) return false;
  const at = Date.parse(expiresAt);
  return !Number.isNaN(at) && at - now.getTime() < days * DAY;
}
