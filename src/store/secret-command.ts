/**
 * Runs the programs that secret references name (`--from cmd:…`, `pass:…`, and the entries of shared decks):
 * no shell, a deadline, a cap on what is read, the program's stderr quoted on failure, and the secret held only
 * in memory (never cached on disk). A failure is a {@link CommandError} whose message says why and never holds
 * any of the program's output.
 */
import { spawn } from 'node:child_process';
import { type EntryFields, parseEntry } from '../core/deck-entry.js';
import { inert } from '../core/inert.js';
import { type SecretRef, secretFromOutput } from '../core/secret-ref.js';

/** A program that could not give what was asked; `message` is the reason, safe to show. */
export class CommandError extends Error {
  /** `missing`: not installed; `timeout`: killed at the deadline; `failed`: anything else. */
  readonly cause_: 'missing' | 'timeout' | 'failed';
  constructor(message: string, cause: 'missing' | 'timeout' | 'failed' = 'failed') {
    super(message);
    this.name = 'CommandError';
    this.cause_ = cause;
  }
}

/** The most a secret program may print, in bytes (a secret is at most 16 KiB; a pass entry carries fields too). */
const MAX_OUTPUT_BYTES = 64 * 1024;
/** How much of a program's stderr is kept for the message. */
const MAX_STDERR_BYTES = 8 * 1024;

/** The deadline of one secret program: AUTHDECK_SECRET_TIMEOUT seconds, else 10 s. */
function secretTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.AUTHDECK_SECRET_TIMEOUT);
  return s > 0 ? s * 1000 : 10_000;
}

/** Options of {@link runBounded}. */
export interface RunOptions {
  /** Extra environment for the program. */
  env?: Record<string, string>;
  /** Written to the program's stdin (a secret travels this way, never in argv); absent: stdin is closed. */
  input?: string;
  /** @default secretTimeoutMs() */
  timeoutMs?: number;
  /** @default MAX_OUTPUT_BYTES */
  maxBytes?: number;
  cwd?: string;
}

/** What a program that ran to its end gave. */
export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** The last lines of a program's stderr, inert and short, for a message. */
export function stderrTail(stderr: string, lines = 3): string {
  const tail = stderr.trim().split(/\r?\n/).slice(-lines).join(' / ');
  return inert(tail).slice(0, 300);
}

/**
 * Runs `argv` without a shell. Rejects with a {@link CommandError} when it is not installed, outlives its
 * deadline (its whole process group is killed: `pass` leaves gpg behind otherwise) or prints more than the cap;
 * resolves with its status otherwise (a non-zero status is the caller's to judge).
 */
export function runBounded(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [program, ...args] = argv;
  if (!program) return Promise.reject(new CommandError('no program to run'));
  const timeoutMs = options.timeoutMs ?? secretTimeoutMs();
  const maxBytes = options.maxBytes ?? MAX_OUTPUT_BYTES;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      shell: false,
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let settled = false;
    const killAll = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {}
    };
    const fail = (error: CommandError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killAll();
      out.length = 0;
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new CommandError(`${program} did not finish within ${timeoutMs / 1000} s`, 'timeout')),
      timeoutMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxBytes) return fail(new CommandError(`${program} printed more than ${maxBytes / 1024} KiB`));
      out.push(chunk);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_STDERR_BYTES) stderr += chunk;
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'ENOENT'
          ? new CommandError(`${program} is not installed (not found on PATH)`, 'missing')
          : new CommandError(`${program} could not start: ${error.message}`),
      );
    });
    child.once('close', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (code === null) return reject(new CommandError(`${program} was killed (${signal})`));
      resolve({ status: code, stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
    if (child.stdin) {
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    }
  });
}

/** What a reference resolved to. */
export interface ResolvedSecret {
  secret: string;
  /** The `key: value` lines of a pass entry (a deck's url, endpoints, token id…); empty for `cmd:`. */
  fields: EntryFields;
}

/** The Debian package that provides a program, for "install it" messages. */
const PACKAGES: Record<string, string> = { pass: 'pass', gpg: 'gnupg', git: 'git', 'keepassxc-cli': 'keepassxc' };

/** The one "not installed" message of a program authdeck runs: which Debian package to install. */
export function notInstalled(program: 'pass' | 'gpg' | 'git'): string {
  const pkg = PACKAGES[program]!;
  return `${program} is not installed: install the Debian package \`${pkg}\` (apt install ${pkg})`;
}

/** Resolves a reference once: runs its program and judges the output. Rejects with a {@link CommandError}. */
export async function resolveSecretRef(ref: SecretRef, options: { timeoutMs?: number } = {}): Promise<ResolvedSecret> {
  if (ref.type === 'cmd') {
    const program = ref.argv[0]!;
    const result = await runBounded(ref.argv, { timeoutMs: options.timeoutMs }).catch((error: CommandError) => {
      const pkg = PACKAGES[program.split('/').at(-1)!];
      if (error.cause_ === 'missing' && pkg)
        throw new CommandError(`${error.message}; install the ${pkg} package`, 'missing');
      throw error;
    });
    if (result.status !== 0) {
      const tail = stderrTail(result.stderr);
      throw new CommandError(`${program} exited with status ${result.status}${tail ? `: ${tail}` : ''}`);
    }
    const verdict = secretFromOutput(result.stdout);
    if (!verdict.ok) throw new CommandError(`${program}: ${verdict.reason}`);
    return { secret: verdict.secret, fields: { endpoints: {} } };
  }
  const text = await passShow(ref.entry, ref.store, options);
  const parsed = parseEntry(text);
  if (!parsed.ok) throw new CommandError(`the pass entry ${ref.entry}: ${parsed.reason}`);
  return { secret: parsed.secret, fields: parsed.fields };
}

/** The environment pass runs with for a store (nothing for the default one). */
export function passEnv(store: string | undefined): Record<string, string> {
  return store ? { PASSWORD_STORE_DIR: store } : {};
}

/**
 * `pass show <entry>`: the decrypted text. The messages say what to do: install pass, add your key to the
 * deck's recipients, or unlock gpg-agent (it cannot ask for a passphrase without a terminal, and a hang is cut
 * off at the deadline).
 */
async function passShow(
  entry: string,
  store: string | undefined,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  let result: RunResult;
  try {
    result = await runBounded(['pass', 'show', entry], { env: passEnv(store), timeoutMs: options.timeoutMs });
  } catch (error) {
    throw passError(error as CommandError, entry);
  }
  if (result.status !== 0) {
    // gpg says "No secret key" both when the entry is not encrypted for you and when your key is there but
    // locked (pass runs gpg --quiet, which hides the pinentry failure): the recipients tell which.
    if (/No secret key/i.test(result.stderr) && (await holdsLockedKey(entry, store))) {
      throw new CommandError(
        `gpg-agent needs the passphrase of your key to decrypt ${entry}, and there is no terminal to ask for it: unlock the agent in a terminal first (e.g. run \`pass show ${entry}\` there once), then try again`,
      );
    }
    throw new CommandError(passFailure(result.stderr, entry));
  }
  return result.stdout;
}

/** Whether an entry is encrypted for a secret key this user holds (so a failure to decrypt means it is locked). */
async function holdsLockedKey(entry: string, store: string | undefined): Promise<boolean> {
  const { join } = await import('node:path');
  const { defaultPassStore } = await import('./pass-deck.js');
  const file = join(store ?? defaultPassStore(), `${entry}.gpg`);
  try {
    // --list-only names the recipients' key ids without decrypting anything.
    const listed = await runBounded(['gpg', '--batch', '--list-only', '--decrypt', '--', file], { timeoutMs: 5_000 });
    const ids = [...listed.stderr.matchAll(/\bID ([0-9A-F]{8,40})\b/g)].map((m) => m[1]!);
    for (const id of ids) {
      const secret = await runBounded(['gpg', '--batch', '--with-colons', '--list-secret-keys', '--', id], {
        timeoutMs: 5_000,
      });
      if (secret.status === 0 && /^(sec|ssb):/m.test(secret.stdout)) return true;
    }
  } catch {}
  return false;
}

/** A pass run that did not finish, as a message that says what to do. */
export function passError(error: CommandError, entry: string): CommandError {
  if (error.cause_ === 'missing') {
    return new CommandError(notInstalled('pass'), 'missing');
  }
  if (error.cause_ === 'timeout') {
    return new CommandError(
      `gpg did not decrypt ${entry} in time (${error.message.replace(/^pass /, '')}): gpg-agent is probably waiting for the passphrase of your key; unlock the agent in a terminal first (e.g. run \`pass show ${entry}\` there once)`,
      'timeout',
    );
  }
  return error;
}

/** Why `pass show` failed, from its stderr. */
function passFailure(stderr: string, entry: string): string {
  const tail = stderrTail(stderr);
  if (/is not in the password store/.test(stderr)) return `the pass entry ${entry} does not exist`;
  if (/gpg: command not found|gpg2?: not found|No such file.*gpg/i.test(stderr)) {
    return notInstalled('gpg');
  }
  if (/No secret key/i.test(stderr)) {
    return `${entry} does not decrypt with your keys (${tail}): it is not encrypted for any secret key you have; ask a teammate to add your key (pass init -p <folder> KEYID…)`;
  }
  if (
    /pinentry|Inappropriate ioctl|No passphrase given|Operation cancelled|problem with the agent|Bad passphrase|cannot open tty/i.test(
      stderr,
    )
  ) {
    return `gpg could not get the passphrase of your key without a terminal (${tail}): unlock gpg-agent in a terminal first (e.g. run \`pass show ${entry}\` there once)`;
  }
  return `pass show ${entry} failed${tail ? `: ${tail}` : ''}`;
}
