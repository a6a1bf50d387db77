/**
 * Building `CheckResult`s: health from expiry (DESIGN.md *Conventions*), failures as a health and a reason.
 * A check never throws; {@link guardCheck} is the one place that makes sure of it.
 */

import type { CheckResult, Identity, LocalFacts, Resource } from '../core/adapter.js';
import { redactor } from '../core/redact.js';
import { isHttpError } from '../http/errors.js';

/** A valid credential with less than this left is `expiring`. */
export const EXPIRING_WITHIN_MS = 7 * 24 * 3_600_000;

/** What is known about a credential, from its claims or from the service. */
export interface KnownFacts {
  identity?: Identity | null;
  resource?: Resource | null;
  scopes?: string[] | null;
  expiresAt?: string | null;
}

/** Whether an expiry date has passed. */
export function hasExpired(expiresAt: string | null | undefined, now: Date): boolean {
  if (!expiresAt) return false;
  const at = Date.parse(expiresAt);
  return !Number.isNaN(at) && at <= now.getTime();
}

/** The result for a credential the service accepted: `valid`, or `expiring` with less than 7 days left. */
export function acceptedResult(facts: KnownFacts, now: Date): CheckResult {
  const at = facts.expiresAt ? Date.parse(facts.expiresAt) : Number.NaN;
  if (!Number.isNaN(at) && at <= now.getTime()) return expiredResult(facts);
  const expiring = !Number.isNaN(at) && at - now.getTime() < EXPIRING_WITHIN_MS;
  return {
    ...base(facts),
    health: expiring ? 'expiring' : 'valid',
    reason: expiring ? `expires on ${facts.expiresAt?.slice(0, 10)}` : null,
  };
}

/** The result for a credential whose own `exp` has passed: expired, whatever the service would say. */
export function expiredResult(facts: KnownFacts): CheckResult {
  return {
    ...base(facts),
    health: 'expired',
    reason: `expired on ${facts.expiresAt?.slice(0, 10) ?? 'an unknown date'}`,
  };
}

/** The result for a credential refused without asking the service (e.g. not even the right format). */
export function rejectedResult(reason: string, facts: KnownFacts = {}): CheckResult {
  return { ...base(facts), health: 'rejected', reason };
}

/** The result when nothing could be checked (missing URL, bad configuration). */
export function uncheckedResult(reason: string, facts: KnownFacts = {}): CheckResult {
  return { ...base(facts), health: 'unchecked', reason: redactor.redact(reason) };
}

/**
 * The result for a failure: an HttpError carries its own health and reason; anything else is a configuration
 * problem or a bug, reported as `unchecked` with its (redacted) message rather than thrown.
 */
export function failedResult(error: unknown, facts: KnownFacts = {}): CheckResult {
  if (isHttpError(error)) {
    return { ...base(facts), health: error.health, reason: error.reason };
  }
  const message = error instanceof Error ? error.message : String(error);
  return uncheckedResult(message, facts);
}

/** Facts from `inspect`, in the shape results take. */
export function factsFromLocal(local: LocalFacts): KnownFacts {
  return { identity: local.identity ?? null, scopes: local.scopes ?? null, expiresAt: local.expiresAt ?? null };
}

/**
 * Runs a check so that it cannot throw: anything that escapes becomes a result. `facts` are what was
 * known before the check started (from the token's claims), kept in a failed result.
 */
export async function guardCheck(facts: KnownFacts, run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (error) {
    return failedResult(error, facts);
  }
}

/** Merges identities, later fields winning; null when nothing is known. */
export function mergeIdentity(...parts: Array<Identity | null | undefined>): Identity | null {
  const merged: Identity = {};
  for (const part of parts) {
    if (!part) continue;
    for (const [key, value] of Object.entries(part) as Array<[keyof Identity, string | undefined]>) {
      if (value !== undefined && value !== '') merged[key] = value;
    }
  }
  return Object.keys(merged).length > 0 ? merged : null;
}

function base(facts: KnownFacts): Omit<CheckResult, 'health' | 'reason'> {
  return {
    identity: facts.identity ?? null,
    resource: facts.resource ?? null,
    scopes: facts.scopes ?? null,
    expiresAt: facts.expiresAt ?? null,
  };
}
