import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './fixtures.js';

/** The built launcher, exactly what users run. */
export const BIN = fileURLToPath(new URL('../../bin/authdeck.js', import.meta.url));

/** What one run of the binary produced. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Options for one run. */
export interface CliOptions {
  /** Bytes on stdin (stdin is a pipe, never a TTY, in these tests). */
  input?: string | Buffer;
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

const VENDOR_VARS = [
  'CURVENOTE_TOKEN',
  'PLATFORMSH_CLI_TOKEN',
  'UPSUN_CLI_TOKEN',
  'ETM_API_TOKEN',
  'AC_ACCESS_TOKEN',
  'NUCLIA_TOKEN',
  'NUCLIA_KB_API_KEY',
  'NUCLIA_KB_URL',
  'NUCLIA_NUA_KEY',
  'AUTHDECK_BEARER_TOKEN',
  'AUTHDECK_ACCOUNT',
  'AUTHDECK_EXPORTED',
  'AUTHDECK_ENDPOINTS',
  'AUTHDECK_CONFIG_DIR',
];

/** A clean environment: no vendor variables or authdeck settings leak in from the machine. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of VENDOR_VARS) delete env[name];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `authdeck …` and waits for it. */
export function authdeck(args: string[], options: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input ?? '',
    env: cleanEnv(options.env),
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `authdeck …` without blocking the event loop (for concurrency, and while an in-process emulator serves). */
export function authdeckAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return runProgram(process.execPath, [BIN, ...args], options);
}

/**
 * Runs any program without blocking the event loop, its stdin `options.input` and its environment the clean one
 * of {@link cleanEnv}: a shell script over the binary put on PATH by {@link authdeckOnPath}, say.
 */
export function runProgram(command: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: cleanEnv(options.env), cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh directory holding an `authdeck` that runs the built binary, to put on PATH for shell scripts. */
export function authdeckOnPath(): string {
  const binDir = tempDir('authdeck-bin-');
  writeFileSync(join(binDir, 'authdeck'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(binDir, 'authdeck'), 0o755);
  return binDir;
}
