/**
 * The OS keyring backend: headless detection, a 3 s bound, a loud fallback to the file — and a round trip
 * through a real Secret Service (Debian's gnome-keyring under dbus-run-session, which `.ci/run` installs).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringUnavailableReason } from '../../src/store/keyring.js';
import { authdeckAsync } from '../support/cli.js';
import { type EmulatorProcess, startEmulatorProcess } from '../support/emulator-process.js';
import { tempDir } from '../support/fixtures.js';
import { type SecretService, secretServiceAvailable, startSecretService } from '../support/secret-service.js';

const SECRET = 'bt_keyring_test_secret_0123456789';
/** No session bus at all, whatever the machine running the tests has. */
const HEADLESS = { DBUS_SESSION_BUS_ADDRESS: undefined, XDG_RUNTIME_DIR: undefined };

const listed = async (dir: string, env: Record<string, string | undefined>) => {
  const r = await authdeckAsync(['list', '--json'], { env: { AUTHDECK_CONFIG_DIR: dir, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout).accounts as Array<{
    id: string;
    label: string;
    storage: string;
    secret: string;
    checkedAt: string | null;
  }>;
};

describe('headless detection', () => {
  it('no D-Bus session bus, and no per-user bus socket, means no keyring — said up front, not found by a hang', () => {
    const runtime = tempDir();
    expect(keyringUnavailableReason({})).toMatch(/no D-Bus session bus/);
    expect(keyringUnavailableReason({ XDG_RUNTIME_DIR: runtime })).toMatch(/headless/);
    expect(keyringUnavailableReason({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' })).toBeNull();
    expect(keyringUnavailableReason({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x', AUTHDECK_KEYRING: 'off' })).toBe(
      'AUTHDECK_KEYRING=off',
    );
  });
});

describe('fallback to the file is loud, never silent', () => {
  it('on a headless machine: a warning naming the account, exit 0, the secret in the 0600 file, list says "file"', async () => {
    const dir = join(tempDir(), 'cfg');
    const r = await authdeckAsync(['add', 'bearer', '--label', 'kr', '--storage', 'keyring', '--no-check', '-q'], {
      input: SECRET,
      env: { AUTHDECK_CONFIG_DIR: dir, ...HEADLESS },
    });
    expect(r.status, r.stderr).toBe(0);
    // Even with --quiet: a fallback is a warning.
    expect(r.stderr).toMatch(/warning: the OS keyring is unavailable: no D-Bus session bus/);
    expect(r.stderr).toContain('bearer/kr is kept in the config file (0600) instead');
    expect(r.stderr).not.toContain(SECRET);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toContain(SECRET);
    expect((await listed(dir, HEADLESS))[0]!.storage).toBe('file');
  });

  describe('a keyring that never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();
    let address: string;
    beforeAll(async () => {
      // A session bus that accepts the connection and then says nothing, as a keyring waiting on an unlock prompt.
      const socket = join(tempDir(), 'bus');
      server = createServer((socket) => void sockets.add(socket));
      await new Promise<void>((resolve) => server.listen(socket, resolve));
      address = `unix:path=${socket}`;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('gives up after 3 s, falls back to the file with a warning, and the command still ends', async () => {
      const dir = join(tempDir(), 'cfg');
      const started = performance.now();
      const r = await authdeckAsync(['add', 'bearer', '--label', 'slow', '--storage', 'keyring', '--no-check'], {
        input: SECRET,
        env: { AUTHDECK_CONFIG_DIR: dir, DBUS_SESSION_BUS_ADDRESS: address },
      });
      const seconds = (performance.now() - started) / 1000;
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/warning: the OS keyring did not answer within 3 s \(store a secret\)/);
      expect(r.stderr).toContain('bearer/slow is kept in the config file (0600) instead');
      // Bounded: the 3 s timeout plus start-up, not the library's own (unbounded) wait.
      expect(seconds).toBeLessThan(15);
      expect((await listed(dir, HEADLESS)).map((a) => [a.label, a.storage])).toEqual([['slow', 'file']]);
    }, 30_000);
  });
});

describe.skipIf(!secretServiceAvailable())('a real Secret Service (gnome-keyring under dbus-run-session)', () => {
  let keyring: SecretService;
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    [keyring, emulator] = await Promise.all([startSecretService(), startEmulatorProcess()]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([keyring?.stop(), emulator?.stop()]);
  });

  it('stores the secret in the keyring only, uses it for check, secret and env, and deletes it on remove', async () => {
    const dir = join(tempDir(), 'cfg');
    const valid = emulator.seed.find((s) => s.provider === 'bearer' && s.expect === 'valid')!;
    const env = { ...keyring.env, AUTHDECK_CONFIG_DIR: dir, AUTHDECK_ENDPOINTS: emulator.endpointsEnv };

    const added = await authdeckAsync(['add', 'bearer', '--label', 'kr', '--storage', 'keyring'], {
      input: valid.secret,
      env,
    });
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).not.toContain('warning');

    // Not in any file of the config directory; in the keyring under the account id.
    const [account] = await listed(dir, env);
    expect(account).toMatchObject({ label: 'kr', storage: 'keyring', secret: '(keyring)' });
    for (const file of ['config.json', 'config.backup.json', 'audit.log']) {
      let text = '';
      try {
        text = readFileSync(join(dir, file), 'utf8');
      } catch {}
      expect(text, file).not.toContain(valid.secret);
    }
    expect(await keyring.lookup(account!.id)).toBe(valid.secret);

    // Everything that needs the secret fetches it from the keyring.
    const checkedBefore = (await listed(dir, env))[0]!.checkedAt;
    const checked = await authdeckAsync(['check', 'bearer/kr', '--json'], { env });
    expect(checked.status, checked.stderr + checked.stdout).toBe(0);
    expect(JSON.parse(checked.stdout).results[0].health).toBe('valid');
    // Saved: the secret it checked is still the keyring's (compared inside the lock).
    expect((await listed(dir, env))[0]!.checkedAt).not.toBe(checkedBefore);
    const secret = await authdeckAsync(['secret', 'bearer/kr'], { env });
    expect(secret.stdout.trim()).toBe(valid.secret);
    const exported = await authdeckAsync(['env', 'bearer', '--format', 'json'], { env });
    expect(JSON.parse(exported.stdout).AUTHDECK_BEARER_TOKEN).toBe(valid.secret);

    // Forgotten means gone from the keyring too.
    const removed = await authdeckAsync(['remove', 'bearer/kr', '--yes'], { env });
    expect(removed.status, removed.stderr).toBe(0);
    expect(await keyring.lookup(account!.id)).toBeNull();
  });

  it('--replace keeps a keyring account in the keyring: the new secret never touches the file', async () => {
    const dir = join(tempDir(), 'cfg');
    const env = { ...keyring.env, AUTHDECK_CONFIG_DIR: dir };
    const add = (secret: string, ...flags: string[]) =>
      authdeckAsync(['add', 'bearer', '--label', 'kept', '--no-check', ...flags], { input: secret, env });
    expect((await add(SECRET, '--storage', 'keyring')).status).toBe(0);
    const replaced = await add(`${SECRET}-rotated`, '--replace');
    expect(replaced.status, replaced.stderr).toBe(0);
    const [account] = await listed(dir, env);
    expect(account).toMatchObject({ storage: 'keyring', secret: '(keyring)' });
    expect(await keyring.lookup(account!.id)).toBe(`${SECRET}-rotated`);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).not.toContain(SECRET);
  });

  it('an entry deleted behind authdeck’s back is a clear error naming the account, not a crash', async () => {
    const dir = join(tempDir(), 'cfg');
    const env = { ...keyring.env, AUTHDECK_CONFIG_DIR: dir };
    const gone = await authdeckAsync(['add', 'bearer', '--label', 'gone', '--storage', 'keyring', '--no-check'], {
      input: SECRET,
      env,
    });
    expect(gone.status, gone.stderr).toBe(0);
    const [account] = await listed(dir, env);
    expect(await keyring.lookup(account!.id)).toBe(SECRET);
    await keyring.clear(account!.id);
    const r = await authdeckAsync(['secret', 'bearer/gone'], { env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the OS keyring has no secret for bearer\/(user\/)?gone/);
    expect(r.stderr).not.toContain(SECRET);
    // A check of everything goes on for the others, and names the account it could not read.
    expect(
      (await authdeckAsync(['add', 'bearer', '--label', 'plain', '--no-check'], { input: `${SECRET}-plain`, env }))
        .status,
    ).toBe(0);
    const checked = await authdeckAsync(['check', '--json', '--timeout', '2'], {
      env: { ...env, AUTHDECK_ENDPOINTS: emulator.endpointsEnv },
    });
    const results = JSON.parse(checked.stdout).results as Array<{ label: string; health: string; reason: string }>;
    expect(results.find((x) => x.label === 'gone')).toMatchObject({ health: 'unchecked' });
    expect(results.find((x) => x.label === 'gone')!.reason).toMatch(/OS keyring has no secret/);
    expect(results.find((x) => x.label === 'plain')!.health).toBe('rejected');
  });
});
