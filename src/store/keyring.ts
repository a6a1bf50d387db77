/**
 * The OS keyring as an optional secret backend (@napi-rs/keyring: Secret Service on Linux, Keychain
 * on macOS). Every call is bounded by a 3 s timeout because a desktop keyring can sit waiting on an
 * unlock prompt; a headless machine (no D-Bus session) is detected up front rather than discovered
 * by a hang.
 */

/** The keyring service name entries are filed under; the account id is the entry's user name. */
export const KEYRING_SERVICE = 'authdeck';
/** How long one keyring operation may take. */
export const KEYRING_TIMEOUT_MS = 3_000;

type KeyringModule = typeof import('@napi-rs/keyring');
let loaded: Promise<KeyringModule> | undefined;

/** Why the keyring cannot be used here, or null when it may be tried. */
export function keyringUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.AUTHDECK_KEYRING === 'off') return 'AUTHDECK_KEYRING=off';
  if (process.platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS) {
    return 'no D-Bus session bus (a headless machine: no Secret Service to talk to)';
  }
  return null;
}

/** Raised when the keyring cannot do what was asked; the message says why, never a secret. */
export class KeyringError extends Error {}

async function entry(id: string) {
  const reason = keyringUnavailableReason();
  if (reason) throw new KeyringError(`the OS keyring is unavailable: ${reason}`);
  loaded ??= import('@napi-rs/keyring');
  let mod: KeyringModule;
  try {
    mod = await loaded;
  } catch {
    throw new KeyringError('the OS keyring is unavailable: @napi-rs/keyring is not installed for this platform');
  }
  return new mod.AsyncEntry(KEYRING_SERVICE, id);
}

async function bounded<T>(what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(KEYRING_TIMEOUT_MS);
  try {
    return await run(signal);
  } catch (error) {
    if (signal.aborted)
      throw new KeyringError(`the OS keyring did not answer within ${KEYRING_TIMEOUT_MS / 1000} s (${what})`);
    throw new KeyringError(`the OS keyring refused to ${what}: ${(error as Error).message}`);
  }
}

/** Stores a secret under the account id. */
export async function keyringSet(id: string, secret: string): Promise<void> {
  const e = await entry(id);
  await bounded('store a secret', (signal) => e.setPassword(secret, signal));
}

/** Reads the secret of an account id; null when the keyring has none. */
export async function keyringGet(id: string): Promise<string | null> {
  const e = await entry(id);
  return bounded('read a secret', (signal) => e.getPassword(signal));
}

/** Deletes the secret of an account id; false when there was none. */
export async function keyringDelete(id: string): Promise<boolean> {
  const e = await entry(id);
  return bounded('delete a secret', (signal) => e.deletePassword(signal));
}
