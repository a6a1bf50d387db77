import { closeSync, constants, lstatSync, openSync, renameSync, rmSync, type Stats, unlinkSync } from 'node:fs';
import { migrateAndValidate } from '../core/model.js';
import type { Finding } from '../core/ports.js';
import { jsonErrorMessage } from '../core/redact.js';
import { storePaths } from './paths.js';
import { fchmodPath, fsCause, fsError, readAll, tempLeftovers, writeFileAtomic } from './safe-fs.js';

export type { Finding } from '../core/ports.js';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** The entry itself (a symlink is not followed); null when absent. */
function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** A lock older than this, with no live writer refreshing it, is stale. */
const STALE_LOCK_MS = 5_000;

/** Inspects the config directory without changing anything. */
export function diagnose(dir: string, now = Date.now()): Finding[] {
  const paths = storePaths(dir);
  const findings: Finding[] = [];
  const dirStat = lstatOrNull(dir);
  if (!dirStat) {
    return [{ check: 'directory', status: 'ok', message: `${dir} does not exist yet (nothing stored)` }];
  }
  if (dirStat.isSymbolicLink() || !dirStat.isDirectory()) {
    const what = dirStat.isSymbolicLink() ? 'a symbolic link' : 'not a directory';
    return [{ check: 'directory', status: 'problem', message: `${dir} is ${what}; authdeck refuses to use it` }];
  }
  if (typeof process.getuid === 'function' && dirStat.uid !== process.getuid()) {
    return [
      {
        check: 'directory',
        status: 'problem',
        message: `${dir} belongs to another user (uid ${dirStat.uid}); authdeck refuses to use it`,
      },
    ];
  }
  const dirMode = dirStat.mode & 0o777;
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
    const st = lstatOrNull(file);
    if (!st) continue;
    if (st.isSymbolicLink()) {
      findings.push({
        check: 'permissions',
        status: 'problem',
        message: `${file} is a symbolic link; authdeck never follows it`,
        path: file,
      });
    } else if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
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
        path: file,
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
      // A symlink in its place is not damage to repair by moving files about: it is refused until resolved by hand.
      repair:
        backup.state === 'ok' && !lstatOrNull(paths.config)?.isSymbolicLink()
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
  const lock = lstatOrNull(paths.lock);
  if (lock && !lock.isDirectory()) {
    findings.push({
      check: 'lock',
      status: 'problem',
      message: `${paths.lock} is not a lock directory (${lock.isSymbolicLink() ? 'a symbolic link' : 'a file'} is in its place); every write is refused`,
      repair: 'remove it',
    });
  } else if (lock) {
    const age = now - lock.mtimeMs;
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
  const leftovers = tempLeftovers(dir);
  if (leftovers.length > 0) {
    findings.push({
      check: 'leftovers',
      status: 'warning',
      message: `${leftovers.length} temp file(s) of an interrupted write (they may hold secrets)`,
      repair: 'remove them',
    });
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
      fchmodPath(dir, 0o700, true);
      done.push(`made ${dir} private (700)`);
    } else if (finding.check === 'permissions' && finding.path) {
      fchmodPath(finding.path, 0o600);
      done.push(`made ${finding.path} private (600)`);
    } else if (finding.check === 'lock') {
      const broken = !lstatSync(paths.lock).isDirectory();
      try {
        if (broken) unlinkSync(paths.lock);
        else rmSync(paths.lock, { recursive: true, force: true });
      } catch (error) {
        throw fsError('remove', paths.lock, error);
      }
      done.push(broken ? `removed ${paths.lock}, which was not a lock` : 'removed the stale lock');
    } else if (finding.check === 'leftovers') {
      const files = tempLeftovers(dir);
      for (const file of files) {
        try {
          unlinkSync(file);
        } catch (error) {
          throw fsError('remove', file, error);
        }
      }
      done.push(`removed ${files.length} temp file(s) of an interrupted write`);
    } else if (finding.check === 'config') {
      // The damaged file is kept aside, never deleted: it may hold something worth recovering by hand.
      const aside = `${paths.config}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
      const good = readNoFollow(paths.backup);
      try {
        renameSync(paths.config, aside);
      } catch (error) {
        throw fsError('move aside', paths.config, error);
      }
      fchmodPath(aside, 0o600);
      writeFileAtomic(paths.config, good);
      done.push(`kept the damaged file as ${aside} and restored the last good copy`);
    }
  }
  return done;
}

/** A file's text, refusing a symlink. */
function readNoFollow(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw fsError('read', file, error);
  }
  try {
    return readAll(fd);
  } finally {
    closeSync(fd);
  }
}

type FileState = { state: 'missing' } | { state: 'ok'; accounts: number } | { state: 'bad'; why: string };

function readState(file: string): FileState {
  const st = lstatOrNull(file);
  if (!st) return { state: 'missing' };
  if (!st.isFile()) return { state: 'bad', why: st.isSymbolicLink() ? 'is a symbolic link' : 'is not a regular file' };
  let text: string;
  try {
    text = readNoFollow(file);
  } catch (error) {
    return { state: 'bad', why: `cannot be read: ${fsCause((error as Error).cause ?? error)}` };
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
