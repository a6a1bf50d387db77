import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './fixtures.js';

/** Whether a real Secret Service can be started here (Debian: dbus, gnome-keyring, libsecret-tools). */
export function secretServiceAvailable(): boolean {
  return ['dbus-run-session', 'gnome-keyring-daemon', 'secret-tool'].every(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
  );
}

/** A private D-Bus session with an unlocked gnome-keyring in it, for as long as the test needs. */
export interface SecretService {
  /** The environment that points a process at this session (and at a throw-away HOME). */
  env: Record<string, string>;
  /** `secret-tool lookup service authdeck username <id>`: the stored secret, or null. */
  lookup(id: string): Promise<string | null>;
  /** `secret-tool clear service authdeck username <id>`. */
  clear(id: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `dbus-run-session` with gnome-keyring unlocked by a throw-away password, in a throw-away HOME so the
 * person's own keyring is never touched, and hands back the session's bus address.
 */
export async function startSecretService(): Promise<SecretService> {
  const home = tempDir('authdeck-keyring-');
  const runtime = join(home, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const base = {
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_RUNTIME_DIR: runtime,
  };
  const script =
    'printf throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; ' +
    'echo "$DBUS_SESSION_BUS_ADDRESS"; exec sleep 600';
  const child: ChildProcess = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...base },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.once('exit', (code) => reject(new Error(`dbus-run-session exited ${code}: ${err}`)));
  });
  const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
  return {
    env,
    // Asynchronous, with no time limit of its own: a spawnSync bound (30 s) was hit under load once; the test's
    // own timeout bounds these, and the event loop (an in-process server) keeps running meanwhile.
    async lookup(id) {
      const r = await secretTool(['lookup', 'service', 'authdeck', 'username', id], env);
      return r.status === 0 ? r.stdout : null;
    },
    async clear(id) {
      await secretTool(['clear', 'service', 'authdeck', 'username', id], env);
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      await exited;
    },
  };
}

/** Runs secret-tool against a session and waits for it to end. */
function secretTool(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('secret-tool', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout }));
  });
}
