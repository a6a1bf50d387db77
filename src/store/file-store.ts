import { closeSync, lstatSync, unlinkSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { emptyStore, migrateAndValidate, SchemaError, type StoreData } from '../core/model.js';
import { jsonErrorMessage } from '../core/redact.js';
import { configDir, storePaths } from './paths.js';
import {
  fsError,
  guardDir,
  openGuarded,
  readAll,
  tempLeftovers,
  UnsafeStoreError,
  writeFileAtomic,
} from './safe-fs.js';

/** What to do about a config file that cannot be used, said the same by every command and screen. */
const DOCTOR_HINT = 'nothing was changed; run `authdeck doctor` to diagnose and restore the last good copy';

/** The config file cannot be used as it is. Nothing is written over it; `authdeck doctor` can help. */
export class CorruptStoreError extends UserError {
  readonly file: string;
  constructor(file: string, what: string) {
    super(`${file} ${what}`, { hint: DOCTOR_HINT });
    this.name = 'CorruptStoreError';
    this.file = file;
  }
}

/** The config directory or file belongs to someone else, is a symlink, or cannot be read or written: refused (exit 1). */
export { UnsafeStoreError };

/** Options for {@link openStore}. */
export interface StoreOptions {
  /** The config directory. @default configDir() */
  dir?: string;
  /** Called with each warning (permissions repaired…); the CLI prints them on stderr. */
  onWarning?: (message: string) => void;
  /** How long to wait for another process's lock before giving up. @default 10_000 */
  lockWaitMs?: number;
}

/** The persistent store: lock-free reads, locked read-modify-write. */
export interface Store {
  readonly paths: ReturnType<typeof storePaths>;
  /** The current content, migrated in memory; an absent file is an empty store. Takes no lock. */
  read(): StoreData;
  /**
   * Runs `change` on a fresh read taken inside an inter-process lock and writes its result atomically,
   * so two processes never lose each other's change. `change` mutates `data` in place.
   */
  update<T>(change: (data: StoreData) => T | Promise<T>, options?: UpdateOptions): Promise<T>;
}

/** Options for one {@link Store.update}. */
export interface UpdateOptions {
  /**
   * Secrets being forgotten: the last-good backup must not keep them, so it is rewritten from the
   * new content instead of the old (forgotten means gone from disk). A secret that leaves the file in the
   * change (a removed account, a `--replace`d secret, one moved to the keyring) is forgotten without being named.
   */
  forget?: readonly string[];
}

/** Opens the store in `dir` (nothing is created until the first write). */
export function openStore(options: StoreOptions = {}): Store {
  const paths = storePaths(options.dir ?? configDir());
  const warn = options.onWarning ?? (() => {});
  const lockWaitMs = options.lockWaitMs ?? 10_000;

  function readRaw(): { data: StoreData; text: string | null; migrated: boolean } {
    let text: string;
    if (!guardDir(paths.dir, { create: false, warn })) return { data: emptyStore(), text: null, migrated: false };
    // Never through a symlink, never another user's file, never a FIFO that would hang the read.
    const fd = openGuarded(paths.config, 'read', warn);
    if (fd === null) return { data: emptyStore(), text: null, migrated: false };
    try {
      text = readAll(fd);
    } catch (error) {
      throw fsError('read', paths.config, error);
    } finally {
      closeSync(fd);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CorruptStoreError(paths.config, `is not valid JSON (${jsonErrorMessage(error)})`);
    }
    try {
      const { data, migrated } = migrateAndValidate(parsed);
      return { data, text, migrated };
    } catch (error) {
      if (error instanceof SchemaError) {
        throw new CorruptStoreError(paths.config, `is not an authdeck config: ${error.message}`);
      }
      throw error;
    }
  }

  return {
    paths,
    read: () => readRaw().data,
    async update(change, updateOptions = {}) {
      guardDir(paths.dir, { create: true, warn });
      const release = await lock(paths, lockWaitMs);
      try {
        clearLeftovers(paths.dir);
        const { data, text } = readRaw();
        const keyringBefore = new Set(data.accounts.filter((a) => a.storage === 'keyring').map((a) => a.id));
        const secretsBefore = fileSecrets(data);
        const result = await change(data);
        await moveSecretsToKeyring(data, warn);
        const secretsAfter = fileSecrets(data);
        // A secret that left the file is forgotten: the backup must not keep it either.
        const forget = [
          ...(updateOptions.forget?.filter(Boolean) ?? []),
          ...[...secretsBefore].filter((secret) => !secretsAfter.has(secret)),
        ];
        const next = `${JSON.stringify(data, null, '\t')}\n`;
        // The backup first, from the old content: a failure of either write leaves config.json as it was.
        try {
          if (text !== null && !forget.some((secret) => text.includes(secret))) writeFileAtomic(paths.backup, text);
          writeFileAtomic(paths.config, next);
        } catch (error) {
          throw withSuffix(error, '; nothing was changed');
        }
        if (forget.length > 0) {
          try {
            writeFileAtomic(paths.backup, next);
          } catch (error) {
            throw withSuffix(error, ' (the change itself was saved; the backup may still hold the forgotten secret)');
          }
        }
        await deleteFromKeyring(
          [...keyringBefore].filter((id) => !data.accounts.some((a) => a.id === id && a.storage === 'keyring')),
          warn,
        );
        return result;
      } finally {
        await release().catch(() => {});
      }
    },
  };
}

/** The secrets an account list keeps in the file itself. */
function fileSecrets(data: StoreData): Set<string> {
  return new Set(data.accounts.map((a) => a.secret).filter(Boolean));
}

/**
 * Takes the inter-process lock (proper-lockfile's `config.json.lock` directory). Anything else in its place (a
 * regular file, a symlink) is reported at once rather than waited on; a directory that cannot be made
 * (read-only or foreign directory) is an environment error naming it.
 */
async function lock(paths: ReturnType<typeof storePaths>, lockWaitMs: number): Promise<() => Promise<void>> {
  const brokenLock = () => {
    try {
      const st = lstatSync(paths.lock);
      if (!st.isDirectory()) {
        return new UnsafeStoreError(
          `the lock ${paths.lock} is not a lock directory (${st.isSymbolicLink() ? 'a symbolic link' : 'a file'} is in its place)`,
        );
      }
    } catch {}
    return null;
  };
  const broken = brokenLock();
  if (broken) throw withDoctorHint(broken);
  // proper-lockfile is CommonJS: its functions hang off the default export once bundled.
  const { default: lockfile } = await import('proper-lockfile');
  // Only "another process holds it" is worth waiting for: proper-lockfile's own retries would wait out any
  // error (EACCES, EROFS, a file in the lock's place) for the whole wait before failing.
  const deadline = Date.now() + lockWaitMs;
  let pause = 5;
  for (;;) {
    try {
      return await lockfile.lock(paths.config, {
        realpath: false,
        lockfilePath: paths.lock,
        // A writer killed mid-write leaves its lock behind; after this long it is taken over.
        stale: 5_000,
        update: 1_000,
        retries: 0,
      });
    } catch (error) {
      const replaced = brokenLock();
      if (replaced) throw withDoctorHint(replaced);
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw fsError('lock', paths.config, error);
      if (Date.now() >= deadline) {
        throw new UnsafeStoreError(`${paths.config} is locked by another authdeck process; try again`);
      }
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
      pause = Math.min(100, pause * 1.2);
    }
  }
}

function withSuffix(error: unknown, suffix: string): unknown {
  if (error instanceof Error) error.message += suffix;
  return error;
}

function withDoctorHint(error: UnsafeStoreError): UnsafeStoreError {
  error.message += '; `authdeck doctor --repair` clears it';
  return error;
}

/**
 * Removes temp files a killed writer left behind (they may hold secrets). Only called under the lock: every
 * write of the config and backup happens under it, so no live writer owns one.
 */
function clearLeftovers(dir: string): void {
  for (const path of tempLeftovers(dir)) {
    try {
      unlinkSync(path);
    } catch {}
  }
}

/**
 * A keyring-backed account never has its secret written to the file: it goes to the OS keyring
 * first. When the keyring fails, the secret stays in the file and the warning says so loudly.
 */
async function moveSecretsToKeyring(data: StoreData, warn: (m: string) => void): Promise<void> {
  const pending = data.accounts.filter((a) => a.storage === 'keyring' && a.secret !== '');
  if (pending.length === 0) return;
  const { keyringRun } = await import('./keyring.js');
  try {
    // One helper process for the whole write; any failure keeps every pending secret in the file.
    await keyringRun(pending.map((a) => ({ op: 'set' as const, id: a.id, secret: a.secret })));
    for (const account of pending) account.secret = '';
  } catch (error) {
    for (const account of pending) account.storage = 'file';
    const whose =
      pending.length === 1
        ? `the secret of ${pending[0]!.provider}/${pending[0]!.label} is`
        : `${pending.length} secrets are`;
    warn(`${(error as Error).message}; ${whose} kept in the config file (0600) instead`);
  }
}

/** Removes the keyring entries of accounts that left the keyring (removed, or moved to the file). */
async function deleteFromKeyring(ids: string[], warn: (m: string) => void): Promise<void> {
  if (ids.length === 0) return;
  const { keyringDelete } = await import('./keyring.js');
  await keyringDelete(...ids).catch((error: Error) =>
    warn(`could not delete the keyring entries of ${ids.join(', ')}: ${error.message}`),
  );
}
