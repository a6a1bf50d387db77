import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, cleanEnv } from './cli.js';

/** One seed credential as `authdeck emulator` prints it. */
export interface Seed {
  provider: 'curvenote' | 'nuclia' | 'appcircle' | 'platformsh' | 'upsun' | 'etm' | 'bearer';
  kind: 'user' | 'kb' | 'processing';
  label: string;
  secret: string;
  url?: string;
  expect: string;
}

/** A running `authdeck emulator` child process. */
export interface EmulatorProcess {
  url: string;
  endpoints: Record<string, Record<string, string>>;
  seed: Seed[];
  /** AUTHDECK_ENDPOINTS for commands that should talk to it. */
  endpointsEnv: string;
  /** POSTs a control request under /_emulator/. */
  control(path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts the emulator as a separate process, as a user would, so tests can run the CLI with
 * spawnSync without blocking the server's event loop.
 */
export async function startEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'emulator', ...args], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${err}`)));
  });
  const info = JSON.parse(line) as Pick<EmulatorProcess, 'url' | 'endpoints' | 'seed'>;
  return {
    ...info,
    endpointsEnv: JSON.stringify(info.endpoints),
    async control(path, body = {}) {
      const res = await fetch(`${info.url}/_emulator/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return res.json();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The first seed matching a filter; throws when the emulator has none (a test bug). */
export function seedOf(emulator: EmulatorProcess, match: Partial<Seed>): Seed {
  const found = emulator.seed.find((s) => Object.entries(match).every(([k, v]) => s[k as keyof Seed] === v));
  if (!found) throw new Error(`no seed matches ${JSON.stringify(match)}`);
  return found;
}
