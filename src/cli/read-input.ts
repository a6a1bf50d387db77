/**
 * The one bounded reader every input path uses (DESIGN.md *Security rules*: every input read is bounded in
 * bytes; files that are not regular files are refused). A read stops at its limit plus one byte, so endless
 * input (`yes | …`, `/dev/zero`) costs at most the limit in memory; a FIFO, a device, a directory, or a
 * link to one is refused without ever being opened for a blocking read.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, type Stats, statSync } from 'node:fs';
import { inputError, UserError } from '../core/errors.js';
import { MAX_IMPORT_BYTES } from '../core/json-limits.js';
import { MAX_SECRET_BYTES } from '../core/secret-input.js';
import type { VendorFiles } from '../providers/vendor-configs.js';
import { currentIO } from './io.js';

export { MAX_IMPORT_BYTES, MAX_SECRET_BYTES };

/** `16 KiB`, `8 MiB`: a limit as people say it. */
function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** The error for input over its limit: exit 2, the limit named. */
export function tooLarge(what: string, limit: number): UserError {
  return inputError(`${what} is longer than ${formatBytes(limit)} (reading stopped there); nothing was stored`);
}

/**
 * Reads a stream (stdin) to its end, or throws {@link tooLarge} as soon as more than `limit` bytes came —
 * the stream is then destroyed, so a writer that never stops gets EPIPE instead of filling memory.
 */
async function readStreamBounded(
  stream: NodeJS.ReadableStream & { destroy?: () => void },
  limit: number,
  what: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > limit) {
      stream.destroy?.();
      throw tooLarge(what, limit);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

/** stdin, bounded: for `add`'s piped secret and `import --file -`. */
export function readStdinBounded(limit: number, what: string): Promise<Buffer> {
  return readStreamBounded(currentIO().stdin(), limit, what);
}

/** What a path that is not a regular file is, for the message. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuseIrregular(file: string, stats: Stats): void {
  if (!stats.isFile()) throw inputError(`${file} is not a regular file (${kindOf(stats)}); it was not read`);
}

/** Options of {@link readFileBounded}. */
export interface BoundedFileOptions {
  /** The most bytes accepted. */
  limit: number;
  /** What the file is, for the too-large message (`the import file`). */
  what?: string;
}

/** The error for a file that exists but cannot be read: the environment's fault (exit 1), naming it. */
function unreadable(file: string, error: NodeJS.ErrnoException): UserError {
  const cause =
    error.code === 'EACCES' || error.code === 'EPERM'
      ? 'permission denied'
      : error.code === 'ELOOP'
        ? 'too many levels of symbolic links'
        : error.message;
  return new UserError(`cannot read ${file}: ${cause}`);
}

/**
 * Reads a regular file of at most `limit` bytes; null when it does not exist (ENOENT, ENOTDIR). A path that
 * is (or links to) a FIFO, device, socket or directory is an input error (exit 2): it is checked with `stat`
 * before opening, and again with `fstat` on a descriptor opened non-blocking (so a FIFO swapped in between
 * cannot block the open), and never read.
 */
export function readFileBounded(file: string, options: BoundedFileOptions): Buffer | null {
  const what = options.what ?? file;
  let fd: number;
  try {
    refuseIrregular(file, statSync(file));
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw unreadable(file, error as NodeJS.ErrnoException);
  }
  try {
    const stats = fstatSync(fd);
    refuseIrregular(file, stats);
    if (stats.size > options.limit) throw tooLarge(what, options.limit);
    // The size may change while reading: read until the end, but never past the limit plus one byte.
    const buffer = Buffer.allocUnsafe(Math.min(options.limit + 1, Math.max(stats.size + 1, 64 * 1024)));
    let total = 0;
    let target = buffer;
    for (;;) {
      if (total === target.length) {
        if (total > options.limit) throw tooLarge(what, options.limit);
        const grown = Buffer.allocUnsafe(Math.min(options.limit + 1, target.length * 2));
        target.copy(grown, 0, 0, total);
        target = grown;
      }
      let n: number;
      try {
        n = readSync(fd, target, total, target.length - total, null);
      } catch (error) {
        throw unreadable(file, error as NodeJS.ErrnoException);
      }
      if (n === 0) break;
      total += n;
    }
    if (total > options.limit) throw tooLarge(what, options.limit);
    return target.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

/** A UTF-8 text file, bounded; null when absent. */
function readTextBounded(file: string, options: BoundedFileOptions): string | null {
  return readFileBounded(file, options)?.toString('utf8') ?? null;
}

/** The vendor readers' files (`authdeck import <vendor>`), through the bounded reader. */
export const vendorFiles: VendorFiles = {
  readText: (file, maxBytes) => readTextBounded(file, { limit: maxBytes }),
  list(dir) {
    try {
      return readdirSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw unreadable(dir, error as NodeJS.ErrnoException);
    }
  },
};
