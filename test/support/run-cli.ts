/**
 * Runs `authdeck …` in-process: the TypeScript source's `run(argv, io)` (src/cli/run.ts) with its own stdin,
 * stdout, stderr, environment and working directory, in the same shape as {@link authdeck} of cli.ts. No Node
 * start-up per run (60–100 ms each through the binary), and runs at the same time are independent (each has its
 * own context, src/cli/io.ts). What only the real process can show (exit through the launcher, a real stdin pipe,
 * EPIPE, signals, which modules a plain command loads) stays tested through the binary (cli.ts).
 */
import { Readable } from 'node:stream';
import type { CliIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { startEmulator } from '../../src/emulator/index.js';
import { type CliOptions, type CliResult, cleanEnv } from './cli.js';
import { controlOf, type EmulatorProcess } from './emulator-process.js';

/** One run of `authdeck <args…>` in this process; stdin is `options.input` (never a TTY), as in cli.ts. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env = cleanEnv(options.env);
  const cwd = options.cwd ?? process.cwd();
  const input = options.input ?? '';
  const io: CliIO = {
    env,
    cwd: () => cwd,
    stdin: () => Readable.from([typeof input === 'string' ? Buffer.from(input) : input]),
    stdinIsTTY: () => false,
    stdoutIsTTY: () => false,
    stderrIsTTY: () => false,
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
  };
  const status = await run(args, io);
  return { status, stdout, stderr };
}

/** The emulator served by this process, with the same face as `authdeck emulator` in a child (emulator-process.ts). */
export async function startEmulatorInProcess(): Promise<EmulatorProcess> {
  const running = await startEmulator({ port: 0 });
  return {
    url: running.url,
    endpoints: running.endpoints as unknown as EmulatorProcess['endpoints'],
    seed: running.seed as EmulatorProcess['seed'],
    endpointsEnv: JSON.stringify(running.endpoints),
    control: controlOf(running.url),
    stop: () => running.close(),
  };
}
