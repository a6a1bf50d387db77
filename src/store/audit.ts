/**
 * The audit log: one JSON line per command run, appended to `audit.log` in the config directory (file 0600,
 * directory 0700). It records what was done with which accounts — never a secret, never a command's
 * arguments (an `exec` child's arguments could carry anything), only ids, provider names and outcomes.
 */
import { closeSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isatty } from 'node:tty';
import type { AuditEntry, AuditRead, Invoker, Outcome } from '../core/ports.js';
import { fsError, guardDir, openGuarded, writeAll } from './safe-fs.js';

// The entry's types are the app layer's (src/core/ports.ts): `log` reads them through the upkeep port.
export type { AuditEntry, AuditRead, Invoker, Outcome } from '../core/ports.js';

/** CI systems set one of these (most set `CI`). */
const CI_VARS = [
  'GITHUB_ACTIONS',
  'GITLAB_CI',
  'BUILDKITE',
  'CIRCLECI',
  'TRAVIS',
  'JENKINS_URL',
  'TF_BUILD',
  'TEAMCITY_VERSION',
  'BITBUCKET_BUILD_NUMBER',
  'DRONE',
  'CODEBUILD_BUILD_ID',
  'WOODPECKER_CI',
];

/**
 * Who is running this: `CI` when a CI system says so (`CI` set to anything but `false`/`0`, or a known CI
 * variable); else `terminal` when stdin or stderr is a terminal (stdout is captured by `$(…)` even when a
 * person types the command); else `script`.
 */
export function detectInvoker(
  env: NodeJS.ProcessEnv = process.env,
  tty: { stdin: boolean; stderr: boolean } = {
    stdin: isatty(0),
    stderr: isatty(2),
  },
): Invoker {
  const ci = env.CI?.trim().toLowerCase();
  if ((ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') || CI_VARS.some((v) => env[v])) return 'CI';
  return tty.stdin || tty.stderr ? 'terminal' : 'script';
}

/** The outcome an exit code means. */
export function outcomeOf(code: number): Outcome {
  switch (code) {
    case 0:
      return 'ok';
    case 2:
      return 'usage';
    case 3:
      return 'unreachable';
    case 4:
      return 'not_found';
    default:
      return 'failed';
  }
}

/**
 * Appends one entry on a file opened for appending, so concurrent runs never interleave within a line; every
 * byte is written (a full disk is an error, not a silently cut line). The directory passes the store's checks,
 * the file is never opened through a symlink (a dangling `audit.log` link does not get its target created), it
 * is created 0600 and tightened to 0600 through its descriptor if someone loosened it; another user's is refused.
 * An append is not an atomic replace (the log only grows) and is not fsynced: a line lost to a power cut is a
 * lost record of a run, never a lost account.
 */
export function appendAudit(file: string, entry: AuditEntry): void {
  guardDir(dirname(file), { create: true });
  const fd = openGuarded(file, 'append')!;
  try {
    writeAll(fd, Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8'));
  } catch (error) {
    throw fsError('write', file, error);
  } finally {
    closeSync(fd);
  }
}

/** Reads the log; an absent log is empty. */
export function readAudit(file: string, limit = Number.POSITIVE_INFINITY): AuditRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0 };
    throw error;
  }
  const entries: AuditEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as AuditEntry;
      if (typeof value?.time === 'string' && typeof value.command === 'string') entries.push(value);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { entries: limit < entries.length ? entries.slice(entries.length - limit) : entries, skipped };
}
