import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { jsonErrorMessage } from '../http/redact.js';
import { storePaths } from './paths.js';
import { migrateAndValidate } from './schema.js';

/** One finding of `authdeck doctor`. */
export interface Finding {
  /** What was looked at. */
  check: 'directory' | 'permissions' | 'config' | 'backup' | 'lock';
  status: 'ok' | 'warning' | 'problem';
  message: string;
  /** What `--repair` would do about it, when it can. */
  repair?: string;
}

/** A lock older than this, with no live writer refreshing it, is stale. */
const STALE_LOCK_MS = 5_000;

/** Inspects the config directory without changing anything. */
export function diagnose(dir: string, now = Date.now()): Finding[] {
  const paths = storePaths(dir);
  const findings: Finding[] = [];
  if (!existsSync(dir)) {
    return [{ check: 'directory', status: 'ok', message: `${dir} does not exist yet (nothing stored)` }];
  }
  const dirMode = statSync(dir).mode & 0o777;
  findings.push(
    (dirMode & 0o077) === 0
      ? { check: 'directory', status: 'ok', message: `${dir} is private (${dirMode.toString(8)})` }
      : {
          check: 'directory',
          status: 'problem',
          message: `${dir} is accessible to other users (${dirMode.toString(8)})`,
          repair: 'chmod 700',
        },
  );
  for (const file of [paths.config, paths.backup, paths.log]) {
    if (!existsSync(file)) continue;
    const st = statSync(file);
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
      findings.push({
        check: 'permissions',
        status: 'problem',
        message: `${file} belongs to another user (uid ${st.uid})`,
      });
    } else if ((st.mode & 0o077) !== 0) {
      findings.push({
        check: 'permissions',
        status: 'problem',
        message: `${file} is readable by other users (${(st.mode & 0o777).toString(8)})`,
        repair: 'chmod 600',
      });
    }
  }
  const config = readState(paths.config);
  const backup = readState(paths.backup);
  if (config.state === 'missing') {
    findings.push({ check: 'config', status: 'ok', message: `${paths.config} does not exist yet` });
  } else if (config.state === 'ok') {
    findings.push({ check: 'config', status: 'ok', message: `${paths.config} is valid (${config.accounts} accounts)` });
  } else {
    findings.push({
      check: 'config',
      status: 'problem',
      message: `${paths.config} ${config.why}`,
      repair:
        backup.state === 'ok'
          ? `keep it as config.json.corrupt-<time> and restore the last good copy (${backup.accounts} accounts)`
          : undefined,
    });
  }
  if (backup.state === 'ok') {
    findings.push({
      check: 'backup',
      status: 'ok',
      message: `last good copy: ${paths.backup} (${backup.accounts} accounts)`,
    });
  } else if (backup.state === 'bad') {
    findings.push({ check: 'backup', status: 'warning', message: `${paths.backup} ${backup.why}` });
  } else {
    findings.push({ check: 'backup', status: 'warning', message: 'no backup yet (one is kept on each write)' });
  }
  if (existsSync(paths.lock)) {
    const age = now - statSync(paths.lock).mtimeMs;
    findings.push(
      age > STALE_LOCK_MS
        ? {
            check: 'lock',
            status: 'problem',
            message: `a stale lock from ${Math.round(age / 1000)} s ago (a writer died)`,
            repair: 'remove it',
          }
        : { check: 'lock', status: 'warning', message: 'another authdeck process is writing right now' },
    );
  }
  return findings;
}

/** Applies every repair `diagnose` proposed; returns what was done. */
export function repair(dir: string, now = new Date()): string[] {
  const paths = storePaths(dir);
  const done: string[] = [];
  for (const finding of diagnose(dir, now.getTime())) {
    if (!finding.repair) continue;
    if (finding.check === 'directory') {
      chmodSync(dir, 0o700);
      done.push(`made ${dir} private (700)`);
    } else if (finding.check === 'permissions') {
      const file = finding.message.split(' is readable')[0]!;
      chmodSync(file, 0o600);
      done.push(`made ${file} private (600)`);
    } else if (finding.check === 'lock') {
      rmSync(paths.lock, { recursive: true, force: true });
      done.push('removed the stale lock');
    } else if (finding.check === 'config') {
      // The damaged file is kept aside, never deleted: it may hold something worth recovering by hand.
      const aside = `${paths.config}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(paths.config, aside);
      chmodSync(aside, 0o600);
      copyFileSync(paths.backup, paths.config);
      chmodSync(paths.config, 0o600);
      done.push(`kept the damaged file as ${aside} and restored the last good copy`);
    }
  }
  return done;
}

type FileState = { state: 'missing' } | { state: 'ok'; accounts: number } | { state: 'bad'; why: string };

function readState(file: string): FileState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { state: 'missing' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { state: 'bad', why: `is not valid JSON (${jsonErrorMessage(error)})` };
  }
  try {
    return { state: 'ok', accounts: migrateAndValidate(parsed).data.accounts.length };
  } catch (error) {
    return { state: 'bad', why: `is not an authdeck config: ${(error as Error).message}` };
  }
}
