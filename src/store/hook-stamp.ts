/**
 * The shell hook's stamp files (`<config dir>/hook/<shell id>`): one per shell, whose mtime is the config file's
 * as `env` last read it there, so the hook can tell with the shell's own `-nt` test, at no cost, whether the
 * config changed since (src/core/shell-hook.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  futimesSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ConfigObservation, HookStamp } from '../core/ports.js';
import { HOOK_ID } from '../core/shell-hook.js';

export type { ConfigObservation, HookStamp } from '../core/ports.js';

/**
 * A write within this long before the look may share the file system's clock tick with a write right after it
 * (coarse timestamps): then the stamp is made older, so the next prompt looks once more.
 */
const SAME_TICK_NS = 20_000_000n;
/** A stamp nobody refreshed for this long belongs to a shell long gone (a live one just makes a new one). */
const STALE_MS = 7 * 24 * 3600 * 1000;

/** Looks at the config file; call it before reading the config, so a write in between is seen next time. */
export function observeConfig(configFile: string): ConfigObservation {
  let mtimeNs: bigint | null = null;
  try {
    mtimeNs = statSync(configFile, { bigint: true }).mtimeNs;
  } catch {
    // No config yet (or unreadable: the read that follows says why).
  }
  return { mtimeNs, atNs: BigInt(Date.now()) * 1_000_000n };
}

/**
 * Writes this shell's stamp with the config's mtime as observed (epoch 0 when there was no config, or when the
 * config was written within a clock tick of the look). An id that is not one of ours gets a fresh random one.
 * Never fails: without a stamp the hook simply runs `env` at every prompt.
 */
export function writeHookStamp(configDir: string, requestedId: string, seen: ConfigObservation): HookStamp {
  const id = HOOK_ID.test(requestedId) ? requestedId : randomBytes(8).toString('hex');
  const dir = join(configDir, 'hook');
  const stamp = join(dir, id);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) {
      return { id, stamp: '' };
    }
    let fresh = false;
    let fd: number;
    // Never a symlink; and not blocking on a FIFO planted there (a write-only open waits for a reader forever).
    const flags = constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
    try {
      fd = openSync(stamp, flags, 0o600);
    } catch {
      fd = openSync(stamp, flags | constants.O_CREAT | constants.O_EXCL, 0o600);
      fresh = true;
    }
    try {
      // Only a regular file of ours is a stamp: a FIFO with a reader, a device, another user's file are not.
      const st = fstatSync(fd);
      if (!st.isFile() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) {
        return { id, stamp: '' };
      }
      setMtime(fd, stampTime(seen));
    } finally {
      closeSync(fd);
    }
    if (fresh) removeStale(dir, id);
    return { id, stamp };
  } catch {
    return { id, stamp: '' };
  }
}

/** The mtime the stamp gets: the config's, or 0 to make the next prompt look again. */
function stampTime(seen: ConfigObservation): bigint {
  if (seen.mtimeNs === null) return 0n;
  if (seen.atNs - seen.mtimeNs < SAME_TICK_NS) return 0n;
  return seen.mtimeNs;
}

/**
 * Sets the mtime to `ns` or at most a few microseconds later: utimes takes seconds as a double, which cannot hold
 * every nanosecond, and a stamp even 1 ns older than the config would make the hook run `env` at every prompt.
 */
function setMtime(fd: number, ns: bigint): void {
  let seconds = Number(ns) / 1e9;
  for (let i = 0; i < 8; i++) {
    futimesSync(fd, seconds, seconds);
    if (fstatSync(fd, { bigint: true }).mtimeNs >= ns) return;
    seconds += 1e-6;
  }
}

/** Removes stamps of other shells that no `env` refreshed for a week. */
function removeStale(dir: string, keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (name === keep || !HOOK_ID.test(name)) continue;
    try {
      const st = lstatSync(join(dir, name));
      if (st.isFile() && now - st.ctimeMs > STALE_MS) unlinkSync(join(dir, name));
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}
