/**
 * The shared harness of the real-PTY tests: one in-process emulator per file, the sessions opened by a test
 * disposed after it, and the temporary directories removed after the file. Call at the top of a test file.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { ROOT, type TerminalSession } from './pty.js';

export interface E2eHarness {
  /** The running emulator (from `beforeAll` on). */
  readonly emulator: RunningEmulator;
  /** AUTHDECK_ENDPOINTS pointing at it. */
  readonly endpoints: string;
  /** The emulator's user seed of `provider` with the expected health `expect`. */
  seed(provider: string, expect: string): RunningEmulator['seed'][number];
  /** A fresh temporary directory, removed after the file. */
  tempDir(prefix?: string): string;
  /** Disposes `session` after the test; returns it. */
  track(session: TerminalSession): TerminalSession;
}

export function e2eHarness(options: { latencyMs?: number } = {}): E2eHarness {
  let emulator: RunningEmulator | undefined;
  const sessions: TerminalSession[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/main.js')))
      throw new Error('run `npm run build` first: the e2e tests run the built binary');
    emulator = await startEmulator({ port: 0, ...options });
  });
  afterAll(async () => {
    await emulator?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.dispose();
  });
  const running = () => {
    if (!emulator) throw new Error('the emulator starts in beforeAll');
    return emulator;
  };
  return {
    get emulator() {
      return running();
    },
    get endpoints() {
      return JSON.stringify(running().endpoints);
    },
    seed(provider, expect) {
      const found = running().seed.find((s) => s.provider === provider && s.kind === 'user' && s.expect === expect);
      if (!found) throw new Error(`no ${provider} seed that is ${expect}`);
      return found;
    },
    tempDir(prefix = 'authdeck-e2e-') {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    track(session) {
      sessions.push(session);
      return session;
    },
  };
}
