import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
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
    control: controlOf(info.url),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** POSTs control requests under /_emulator/ of the emulator at `url`. */
export function controlOf(url: string): EmulatorProcess['control'] {
  return (path, body = {}) => {
    // A fresh connection per control request (agent: false): a pooled keep-alive socket that the server has
    // already closed failed a CI run once with "other side closed".
    return new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(
        `${url}/_emulator/${path}`,
        {
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => {
            text += d;
          });
          res.on('end', () => {
            try {
              resolve(JSON.parse(text));
            } catch (error) {
              reject(new Error(`emulator control ${path}: ${res.statusCode} ${text.slice(0, 200)}`, { cause: error }));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
}

/** The first seed matching a filter; throws when the emulator has none (a test bug). */
export function seedOf(emulator: EmulatorProcess, match: Partial<Seed>): Seed {
  const found = emulator.seed.find((s) => Object.entries(match).every(([k, v]) => s[k as keyof Seed] === v));
  if (!found) throw new Error(`no seed matches ${JSON.stringify(match)}`);
  return found;
}
