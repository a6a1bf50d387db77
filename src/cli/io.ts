/**
 * The streams, environment and working directory one run of the CLI sees, like the GitHub CLI's IOStreams.
 * A real run (bin/authdeck.js) uses the process itself, through the same code paths as before: data on
 * descriptor 1 written synchronously, stderr through its stream, stdin built only when read. A run in-process
 * (`run(argv, io)` in run.ts, as the tests do) gets its own: the context is held in an AsyncLocalStorage, so
 * runs at the same time in one process each see only their own, and nothing one run caches (its store, its
 * service, what its audit entry records, its exit code) is seen by the next.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';

/** What a run reads and writes. */
export interface CliIO {
  /** The environment the run reads. */
  readonly env: NodeJS.ProcessEnv;
  /** The working directory it resolves against. */
  cwd(): string;
  /** stdin, built on first use. */
  stdin(): NodeJS.ReadableStream;
  stdinIsTTY(): boolean;
  stdoutIsTTY(): boolean;
  stderrIsTTY(): boolean;
  /** Data on stdout. */
  out(text: string): void;
  /** Notices, warnings, errors and traces on stderr. */
  err(text: string): void;
}

/** What one run holds for itself: its io, and what it caches while it runs. */
export interface RunContext {
  readonly io: CliIO;
  /** Per-run caches (the store, the service): keyed by their owners' modules. */
  readonly cache: Map<string, unknown>;
  /** The exit code the run has so far. */
  exitCode?: number;
  /** --verbose: trace each request. */
  verbose?: boolean;
  /** The TUI owns the terminal: no traces. */
  silenced?: boolean;
}

/** Set once stdout had to fall back to the stream (see {@link writeStdoutFd}); the real process's only. */
let queued = false;

/**
 * Data on stdout, written synchronously to descriptor 1. Plain commands never build `process.stdout` (a few
 * milliseconds of every start-up), the bytes are out before the process ends, and a reader that went away
 * (`authdeck list | head -1`) ends the output quietly instead of crashing.
 */
function writeStdoutFd(text: string): void {
  // Once the stream holds a queue, everything after it must queue behind it, or the output would interleave.
  if (queued) {
    process.stdout.write(text);
    return;
  }
  let offset = 0;
  try {
    // The common case: one write of the whole string, no copy into a buffer.
    offset = writeSync(1, text);
    if (offset === Buffer.byteLength(text)) return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw error;
  }
  const bytes = Buffer.from(text, 'utf8');
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      // A non-blocking descriptor that is full: the stream queues what is left and drains it.
      if (code === 'EAGAIN') {
        queued = true;
        process.stdout.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code !== 'EPIPE') throw e;
        });
        process.stdout.write(bytes.subarray(offset));
        return;
      }
      throw error;
    }
  }
}

/** The real process: what every run of bin/authdeck.js uses. */
export const processIO: CliIO = {
  get env() {
    return process.env;
  },
  cwd: () => process.cwd(),
  stdin: () => process.stdin,
  // By descriptor (what process.stdin.isTTY says too), never building the streams.
  stdinIsTTY: () => isatty(0),
  stdoutIsTTY: () => isatty(1),
  stderrIsTTY: () => isatty(2),
  out: writeStdoutFd,
  err: (text) => {
    process.stderr.write(text);
  },
};

const storage = new AsyncLocalStorage<RunContext>();
/** The context of code that runs outside any `withRun` (the real process, before and after its one run). */
const processRun: RunContext = { io: processIO, cache: new Map() };

/** The context of the run this code is part of. */
export function currentRun(): RunContext {
  return storage.getStore() ?? processRun;
}

/** The io of the run this code is part of. */
export function currentIO(): CliIO {
  return currentRun().io;
}

/** Runs `fn` as one run with `io`: a fresh context, seen by everything it calls and starts. */
export function withRun<T>(io: CliIO, fn: (run: RunContext) => Promise<T>): Promise<T> {
  // The real process has one run: its context is the process's own, and the AsyncLocalStorage is never entered.
  // Entering it turns on Node 20's promise hooks, which slow every promise after it (the ESM loader's too):
  // about a tenth of a plain command's start-up.
  if (io === processIO) return fn(processRun);
  isolateProcessGlobals();
  const run: RunContext = { io, cache: new Map() };
  return storage.run(run, () => fn(run));
}

let isolated = false;

/**
 * For runs in-process with their own io: `process.env` and `process.cwd()` answer with the run's, so the
 * layers below the CLI (the store's paths, the providers' endpoints, the vault's commands and their children)
 * see the run's environment without each being handed it. Installed on the first such run only: the real
 * process never has it.
 */
function isolateProcessGlobals(): void {
  if (isolated) return;
  isolated = true;
  const real = process.env;
  const realCwd = process.cwd.bind(process);
  const env = () => storage.getStore()?.io.env ?? real;
  process.env = new Proxy(real, {
    get: (_t, key) => Reflect.get(env(), key),
    set: (_t, key, value) => Reflect.set(env(), key, String(value)),
    has: (_t, key) => Reflect.has(env(), key),
    deleteProperty: (_t, key) => Reflect.deleteProperty(env(), key),
    ownKeys: () => Reflect.ownKeys(env()),
    getOwnPropertyDescriptor: (_t, key) => {
      const value = Reflect.get(env(), key);
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
  });
  const cwd = () => storage.getStore()?.io.cwd() ?? realCwd();
  // An accessor, not a plain value: graceful-fs (under proper-lockfile) replaces process.cwd when the store first
  // loads with one that caches its first answer, which would pin every later run to the cwd of that one.
  Object.defineProperty(process, 'cwd', { configurable: true, enumerable: true, get: () => cwd, set: () => {} });
}

/**
 * The stdio of a child that stands in for the run (`exec`): the real process's is inherited; a run in-process
 * pipes the child's into its own io. Call {@link connectChild} once it is spawned.
 */
export function childStdio(): StdioOptions {
  return currentIO() === processIO ? 'inherit' : 'pipe';
}

/** Connects a child spawned with {@link childStdio} to the run's io (nothing for the real process). */
export function connectChild(child: ChildProcess): void {
  const io = currentIO();
  if (io === processIO) return;
  child.stdout?.setEncoding('utf8').on('data', (text: string) => io.out(text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => io.err(text));
  if (child.stdin) {
    child.stdin.on('error', () => {});
    io.stdin().pipe(child.stdin);
  }
}
