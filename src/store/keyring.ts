/**
 * The OS keyring as an optional secret backend (@napi-rs/keyring: Secret Service on Linux, Keychain
 * on macOS). A desktop keyring can sit waiting on an unlock prompt, and the library blocks the calling
 * thread while it connects (its abort signal cannot interrupt that, and a blocked thread keeps the process
 * alive), so every keyring call runs in a short-lived helper process that is killed when an operation takes
 * longer than 3 s. Secrets travel on the helper's stdin and stdout pipes, never in its arguments. A headless
 * machine (no D-Bus session) is detected up front rather than discovered by a hang.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The keyring service name entries are filed under; the account id is the entry's user name. */
export const KEYRING_SERVICE = 'authdeck';
/** How long one keyring operation may take. */
export const KEYRING_TIMEOUT_MS = 3_000;

/** Why the keyring cannot be used here, or null when it may be tried. */
export function keyringUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.AUTHDECK_KEYRING === 'off') return 'AUTHDECK_KEYRING=off';
  // Without DBUS_SESSION_BUS_ADDRESS a client still finds systemd's per-user bus at $XDG_RUNTIME_DIR/bus.
  const userBus = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'bus') : null;
  if (process.platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS && !(userBus && existsSync(userBus))) {
    return 'no D-Bus session bus (a headless machine: no Secret Service to talk to)';
  }
  return null;
}

/** Raised when the keyring cannot do what was asked; the message says why, never a secret. */
export class KeyringError extends Error {}

/** One keyring operation on the entry of an account id. */
export type KeyringOp =
  | { op: 'get'; id: string }
  | { op: 'set'; id: string; secret: string }
  | { op: 'delete'; id: string };

/** What one operation gave: a get's secret (null when there is no entry), a delete's `true`/`false`. */
type Answer = { value?: string | boolean | null; error?: string };

/**
 * The helper, run by `node -e`: reads one operation per line on stdin and answers each with one line on
 * stdout, in order. It loads the library from the path the parent resolved.
 */
const HELPER = `
let AsyncEntry, loadError;
try {
  ({ AsyncEntry } = require(process.env.AUTHDECK_KEYRING_MODULE));
} catch (error) {
  loadError = 'cannot load @napi-rs/keyring: ' + String((error && error.message) || error).split('\\n')[0];
}
const lines = require('node:readline').createInterface({ input: process.stdin });
(async () => {
  for await (const line of lines) {
    const op = JSON.parse(line);
    let answer;
    try {
      if (loadError) throw new Error(loadError);
      const entry = new AsyncEntry(${JSON.stringify(KEYRING_SERVICE)}, op.id);
      if (op.op === 'get') answer = { value: (await entry.getPassword()) ?? null };
      else if (op.op === 'set') answer = { value: (await entry.setPassword(op.secret), true) };
      else answer = { value: Boolean(await entry.deletePassword()) };
    } catch (error) {
      answer = { error: String((error && error.message) || error) };
    }
    process.stdout.write(JSON.stringify(answer) + '\\n');
  }
})();
`;

function what(op: KeyringOp['op']): string {
  return op === 'get' ? 'read a secret' : op === 'set' ? 'store a secret' : 'delete a secret';
}

/**
 * Runs operations in order in one helper process; each may take {@link KEYRING_TIMEOUT_MS}. Rejects with a
 * {@link KeyringError} on the first failure (the helper is killed on a timeout).
 */
export async function keyringRun(ops: readonly KeyringOp[]): Promise<Array<string | boolean | null>> {
  if (ops.length === 0) return [];
  const reason = keyringUnavailableReason();
  if (reason) throw new KeyringError(`the OS keyring is unavailable: ${reason}`);
  let module: string;
  try {
    module = createRequire(import.meta.url).resolve('@napi-rs/keyring');
  } catch {
    throw new KeyringError('the OS keyring is unavailable: @napi-rs/keyring is not installed for this platform');
  }
  // Without NODE_OPTIONS: a preload that prints would corrupt the answers.
  const { NODE_OPTIONS: _preload, ...env } = process.env;
  const child = spawn(process.execPath, ['-e', HELPER], {
    env: { ...env, AUTHDECK_KEYRING_MODULE: module },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const answers: Array<string | boolean | null> = [];
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new KeyringError(message));
    };
    const arm = () => {
      clearTimeout(timer);
      const op = ops[answers.length]!.op;
      timer = setTimeout(
        () => fail(`the OS keyring did not answer within ${KEYRING_TIMEOUT_MS / 1000} s (${what(op)})`),
        KEYRING_TIMEOUT_MS,
      );
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0 && !settled; nl = buffered.indexOf('\n')) {
        let answer: Answer;
        try {
          answer = JSON.parse(buffered.slice(0, nl)) as Answer;
        } catch {
          // Never quote the line: it may be a secret.
          return fail('the OS keyring helper answered something unreadable');
        }
        buffered = buffered.slice(nl + 1);
        const op = ops[answers.length]!.op;
        if (answer.error !== undefined) return fail(`the OS keyring refused to ${what(op)}: ${answer.error}`);
        answers.push(answer.value ?? null);
        if (answers.length === ops.length) {
          settled = true;
          clearTimeout(timer);
          child.stdin.end();
          // Done with it: a helper slow to exit must not keep authdeck waiting.
          child.unref();
          return resolve(answers);
        }
        arm();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', (error) => fail(`the OS keyring helper could not start: ${error.message}`));
    // 'close', not 'exit': answers the helper wrote just before ending may still be in the pipe at 'exit'.
    child.once('close', (code, signal) => {
      if (answers.length < ops.length && signal !== 'SIGKILL') {
        const last = stderr.trim().split('\n').at(-1) ?? '';
        fail(`the OS keyring helper stopped (${signal ?? `exit ${code}`})${last ? `: ${last}` : ''}`);
      }
    });
    // The helper may die before it reads: a broken pipe is reported by 'exit', not as a crash.
    child.stdin.on('error', () => {});
    arm();
    child.stdin.write(ops.map((op) => `${JSON.stringify(op)}\n`).join(''));
  });
}

/** Reads the secrets of many account ids in one helper; null for each the keyring has none of. */
export async function keyringGetAll(ids: readonly string[]): Promise<Array<string | null>> {
  const values = await keyringRun(ids.map((id) => ({ op: 'get' as const, id })));
  return values.map((v) => (typeof v === 'string' ? v : null));
}

/** Deletes the secrets of account ids; for each, false when there was none. */
export async function keyringDelete(...ids: string[]): Promise<boolean[]> {
  return (await keyringRun(ids.map((id) => ({ op: 'delete' as const, id })))).map(Boolean);
}
