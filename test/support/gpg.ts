/**
 * Throw-away GnuPG homes and pass stores for the tests of secret references and shared decks: real gpg, real
 * pass, passphrase-less keys so nothing ever prompts. Kill the agent with {@link killAgent} in afterAll.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './fixtures.js';

/** A GnuPG home with some keys in it. */
export interface GpgHome {
  home: string;
  /** The fingerprint of each key, by the name it was made for. */
  keys: Record<string, string>;
}

/** Makes a GNUPGHOME with one passphrase-less key per name (`alice` → `alice@example.com`). */
export function makeGpgHome(names: string[], passphrase = ''): GpgHome {
  const home = join(tempDir(), 'gnupg');
  mkdirSync(home, { mode: 0o700 });
  chmodSync(home, 0o700);
  const keys: Record<string, string> = {};
  for (const name of names) {
    const uid = `${name} <${name}@example.com>`;
    gpg(home, ['--batch', '--passphrase', passphrase, '--quick-gen-key', uid, 'default', 'default', 'never']);
    const out = gpg(home, ['--with-colons', '--list-secret-keys', `${name}@example.com`]);
    keys[name] = /^fpr:+([0-9A-F]+):/m.exec(out)![1]!;
  }
  return { home, keys };
}

/** Runs gpg in a home; throws with its stderr on failure. */
export function gpg(home: string, args: string[], input?: string): string {
  return execFileSync('gpg', ['--homedir', home, ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs pass against a store with a GnuPG home; throws with its stderr on failure. */
export function pass(home: string, store: string, args: string[], input?: string): string {
  const r = spawnSync('pass', args, {
    encoding: 'utf8',
    input: input ?? '',
    env: { ...process.env, GNUPGHOME: home, PASSWORD_STORE_DIR: store },
  });
  if (r.status !== 0) throw new Error(`pass ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Stops the agents of a GnuPG home (each test file starts its own). */
export function killAgent(home: string | undefined): void {
  if (home) spawnSync('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: home } });
}

/** The programs of `names` that are not installed, comma-separated; '' when all are (tests skip, naming them). */
export function missingPrograms(names: string[]): string {
  return names.filter((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).error !== undefined).join(', ');
}
