import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { jsonErrorMessage } from '../http/redact.js';
import { configDir, storePaths } from './paths.js';
import { emptyStore, migrateAndValidate, SchemaError, type StoreData } from './schema.js';

/** What to do about a config file that cannot be used, said the same by every command and screen. */
export const DOCTOR_HINT = 'nothing was changed; run `authdeck doctor` to diagnose and restore the last good copy';

/** The config file cannot be used as it is. Nothing is written over it; `authdeck doctor` can help. */
export class CorruptStoreError extends UserError {
  readonly file: string;
  constructor(file: string, what: string) {
    super(`${file} ${what}`, { hint: DOCTOR_HINT });
    this.name = 'CorruptStoreError';
    this.file = file;
  }
}

/** The config file belongs to someone else, or cannot be read: refused rather than trusted (exit 1). */
export class UnsafeStoreError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeStoreError';
  }
}

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
  /** Like read(), with the secrets of keyring-backed accounts fetched from the OS keyring. */
  readWithSecrets(): Promise<StoreData>;
}

/** Options for one {@link Store.update}. */
export interface UpdateOptions {
  /**
   * Secrets being forgotten: the last-good backup must not keep them, so it is rewritten from the
   * new content instead of the old (forgotten means gone from disk).
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
    let fd: number;
    try {
      fd = openSync(paths.config, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { data: emptyStore(), text: null, migrated: false };
      throw new UnsafeStoreError(`cannot read ${paths.config}: ${(error as Error).message}`);
    }
    try {
      guardPermissions(fd, paths.config, warn);
      text = readFileSync(fd, 'utf8');
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
    async readWithSecrets() {
      const data = readRaw().data;
      const inKeyring = data.accounts.filter((a) => a.storage === 'keyring');
      if (inKeyring.length === 0) return data;
      const { keyringGetAll } = await import('./keyring.js');
      const secrets = await keyringGetAll(inKeyring.map((a) => a.id)).catch((error: Error) => {
        const whose =
          inKeyring.length === 1
            ? `the secret of ${inKeyring[0]!.provider}/${inKeyring[0]!.label}`
            : `${inKeyring.length} secrets`;
        throw new UnsafeStoreError(`cannot read ${whose} from the OS keyring: ${error.message}`);
      });
      for (const [i, account] of inKeyring.entries()) {
        const secret = secrets[i];
        if (!secret) {
          throw new UnsafeStoreError(
            `the OS keyring has no secret for ${account.provider}/${account.label} (id ${account.id}); add it again with --replace`,
          );
        }
        account.secret = secret;
      }
      return data;
    },
    async update(change, updateOptions = {}) {
      ensurePrivateDir(paths.dir, warn);
      // proper-lockfile is CommonJS: its functions hang off the default export once bundled.
      const { default: lockfile } = await import('proper-lockfile');
      const release = await lockfile
        .lock(paths.config, {
          realpath: false,
          lockfilePath: paths.lock,
          // A writer killed mid-write leaves its lock behind; after this long it is taken over.
          stale: 5_000,
          update: 1_000,
          retries: {
            retries: Math.ceil(lockWaitMs / 50),
            factor: 1.1,
            minTimeout: 5,
            maxTimeout: 100,
            randomize: true,
          },
        })
        .catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ELOCKED') {
            throw new UnsafeStoreError(`${paths.config} is locked by another authdeck process; try again`);
          }
          throw error;
        });
      try {
        const { data, text } = readRaw();
        const keyringBefore = new Set(data.accounts.filter((a) => a.storage === 'keyring').map((a) => a.id));
        const result = await change(data);
        await moveSecretsToKeyring(data, warn);
        const forget = updateOptions.forget?.filter(Boolean) ?? [];
        if (text !== null && !forget.some((secret) => text.includes(secret))) writePrivate(paths.backup, text);
        await writeConfig(paths.dir, data);
        if (forget.length > 0) writePrivate(paths.backup, readFileSync(paths.config, 'utf8'));
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

/** Creates the directory 0700; tightens an existing one that others can enter. */
function ensurePrivateDir(dir: string, warn: (m: string) => void): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if ((st.mode & 0o077) !== 0 && (typeof process.getuid !== 'function' || st.uid === process.getuid())) {
    chmodSync(dir, 0o700);
    warn(`${dir} was accessible to other users; its mode is now 0700`);
  }
}

/** A secrets file others can read is repaired to 0600 with a warning; one owned by another user is refused. */
function guardPermissions(fd: number, file: string, warn: (m: string) => void): void {
  if (process.platform === 'win32') return;
  const st = fstatSync(fd);
  // Even root refuses another user's secrets file: `sudo` with a preserved HOME must not adopt it.
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new UnsafeStoreError(`${file} belongs to another user (uid ${st.uid}); refusing to use it`);
  }
  if ((st.mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    warn(`${file} was readable by other users (mode ${(st.mode & 0o777).toString(8)}); repaired to 0600`);
  }
}

/** Writes a file that only its owner can read (used for the last-good backup). */
function writePrivate(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** conf writes atomically (temp file + rename) with the mode we give it. */
async function writeConfig(dir: string, data: StoreData): Promise<void> {
  const { default: Conf } = await import('conf');
  const conf = new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'config',
    projectSuffix: '',
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    watch: false,
  });
  conf.store = data as unknown as Record<string, unknown>;
}
