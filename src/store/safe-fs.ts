/**
 * The one way authdeck writes a file in its config directory, and the checks every file and the directory pass
 * before they are trusted. No symlink is followed for anything authdeck creates, writes or chmods: files are opened
 * with `O_NOFOLLOW` and their mode is changed through the open descriptor (`fchmod`), never by path.
 *
 * authdeck owns this write itself instead of leaving it to conf (and its `atomically`): that writer calls
 * `fs.writeSync` once and renames the temp file whatever it returned, so on a full disk a truncated file replaced
 * the config and the caller was told it was stored (STACK.md *conf 15*).
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';

/** The config directory or one of its files cannot be used safely, or a read or write of it failed (exit 1). */
export class UnsafeStoreError extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'UnsafeStoreError';
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

const { O_WRONLY, O_RDONLY, O_CREAT, O_EXCL, O_APPEND } = constants;
// Windows has neither; there a 0 leaves the flag out (and symlinks need privileges to create).
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;
const posix = process.platform !== 'win32';

/** What went wrong with a file operation, in words, with the errno code for searching. */
export function fsCause(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ELOOP: 'it is a symbolic link (not followed)',
    ENOTDIR: 'a path component is not a directory',
    EISDIR: 'it is a directory',
    EEXIST: 'it exists already',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'the path is too long',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}

/** An UnsafeStoreError for a failed operation on `file`: `cannot write /…/config.json: no space left … (ENOSPC)`. */
export function fsError(action: string, file: string, error: unknown): UnsafeStoreError {
  if (error instanceof UnsafeStoreError) return error;
  return new UnsafeStoreError(`cannot ${action} ${file}: ${fsCause(error)}`, { cause: error });
}

/** Writes one chunk; returns how many bytes were taken (tests inject short writes and faults here). */
export type WriteChunk = (fd: number, buffer: Buffer, offset: number, length: number) => number;

const writeChunk: WriteChunk = (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length);

/**
 * Writes every byte of `buffer`, looping on short writes: a write that takes nothing is a full device, and any
 * error (ENOSPC, EDQUOT, EIO, EROFS…) is thrown as it is.
 */
export function writeAll(fd: number, buffer: Buffer, write: WriteChunk = writeChunk): void {
  let offset = 0;
  while (offset < buffer.length) {
    const written = write(fd, buffer, offset, buffer.length - offset);
    if (!Number.isInteger(written) || written <= 0) {
      throw Object.assign(new Error('the write stopped short'), { code: 'ENOSPC' });
    }
    offset += written;
  }
}

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** Test hook: the chunk writer (to inject short writes and faults). */
  write?: WriteChunk;
}

/** The temp files {@link writeFileAtomic} makes for `name` look like this (`doctor` and the store clear leftovers). */
export function isTempName(name: string): boolean {
  return /^\..+\.tmp-\d+-[0-9a-f]{12}$/.test(name);
}

/** The temp files a killed write left in `dir` (none when it cannot be listed). */
export function tempLeftovers(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter(isTempName)
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/**
 * The one verified atomic write: a temp file in the same directory, created exclusively without following links
 * (mode 0600), every byte written, `fsync`ed, renamed over `file`, then the directory `fsync`ed. On any failure the
 * temp file is removed, `file` is left as it was, and an UnsafeStoreError names `file` and the cause. Renaming
 * replaces a symlink at `file` itself; it never writes through it.
 */
export function writeFileAtomic(file: string, content: string | Buffer, options: AtomicWriteOptions = {}): void {
  const dir = dirname(file);
  // node:crypto is loaded on first write only, so that a read-only command never pays for it.
  const nonce = process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex');
  const temp = join(dir, `.${basename(file)}.tmp-${process.pid}-${nonce}`);
  const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let fd: number | undefined;
  try {
    fd = openSync(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    // The umask can only tighten 0600, but a mode set through the descriptor is exact.
    if (posix) fchmodSync(fd, 0o600);
    writeAll(fd, buffer, options.write);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {}
    }
    try {
      unlinkSync(temp);
    } catch {}
    throw fsError('write', file, error);
  }
  syncDir(dir, file);
}

/** Makes a rename in `dir` durable. A file system that cannot fsync a directory (EINVAL) has nothing to sync. */
function syncDir(dir: string, file: string): void {
  if (!posix) return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, O_RDONLY | O_DIRECTORY);
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EBADF') throw fsError('write', file, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The running user, or undefined where there are no uids (Windows). */
function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * Refuses a file that is not ours: another user's (even for root: `sudo` with a preserved HOME must not adopt it)
 * or not a regular file. Its mode is tightened to 0600 through the descriptor when others can read it.
 */
function guardFile(fd: number, file: string, warn: (m: string) => void): Stats {
  const st = fstatSync(fd);
  if (!st.isFile()) throw new UnsafeStoreError(`${file} is not a regular file; refusing to use it`);
  if (!posix) return st;
  const uid = currentUid();
  if (uid !== undefined && st.uid !== uid) {
    throw new UnsafeStoreError(`${file} belongs to another user (uid ${st.uid}); refusing to use it`);
  }
  if ((st.mode & 0o077) !== 0) {
    fchmodSync(fd, 0o600);
    warn(`${file} was readable by other users (mode ${(st.mode & 0o777).toString(8)}); repaired to 0600`);
  }
  return st;
}

/**
 * The whole text of an open file, read in as few calls as its size allows (one, when it does not grow meanwhile).
 * Node's `readFileSync(fd, 'utf8')` took 25–36 ms for a 10 MB config where this takes 10–19 ms: the TUI's first
 * frame with 10,000 accounts waits on it.
 */
export function readAll(fd: number): string {
  let buffer = Buffer.allocUnsafe(Math.max(fstatSync(fd).size, 0) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return buffer.toString('utf8', 0, length);
}

/**
 * Opens a file in the config directory without following a symlink (`O_NONBLOCK` too, so a FIFO planted in its
 * place cannot hang the open), and guards it. Returns null when it does not exist.
 */
export function openGuarded(file: string, how: 'read' | 'append', warn: (m: string) => void = () => {}): number | null {
  const flags =
    how === 'read' ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK : O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK;
  let fd: number;
  try {
    fd = openSync(file, flags, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && how === 'read') return null;
    if (code === 'ELOOP') throw new UnsafeStoreError(`${file} is a symbolic link; refusing to follow it`);
    throw fsError(how === 'read' ? 'read' : 'write', file, error);
  }
  try {
    guardFile(fd, file, warn);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Checks the config directory: not a symlink, not another user's (refused, naming it), and private (one that
 * others can enter is tightened to 0700 through a descriptor, with a warning). With `create`, a missing directory
 * is made 0700; without it, a missing directory is fine (nothing stored yet) and false is returned.
 */
/** chmod through a descriptor opened without following a link (a planted link's target keeps its mode). */
export function fchmodPath(path: string, mode: number, directory = false): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | (directory ? O_DIRECTORY : 0));
    fchmodSync(fd, mode);
  } catch (error) {
    throw fsError(`chmod ${mode.toString(8)}`, path, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function guardDir(dir: string, options: { create: boolean; warn?: (m: string) => void }): boolean {
  if (options.create) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError('create the directory', dir, error);
    }
  }
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !options.create) return false;
    throw fsError('read the directory', dir, error);
  }
  if (st.isSymbolicLink()) {
    throw new UnsafeStoreError(
      `the config directory ${dir} is a symbolic link; refusing to follow it (set AUTHDECK_CONFIG_DIR to the real directory)`,
    );
  }
  if (!st.isDirectory()) throw new UnsafeStoreError(`the config directory ${dir} is not a directory`);
  if (!posix) return true;
  const uid = currentUid();
  if (uid !== undefined && st.uid !== uid) {
    throw new UnsafeStoreError(
      `the config directory ${dir} belongs to another user (uid ${st.uid}); refusing to use it`,
    );
  }
  if ((st.mode & 0o077) !== 0) {
    fchmodPath(dir, 0o700, true);
    options.warn?.(`${dir} was accessible to other users; its mode is now 0700`);
  }
  return true;
}
