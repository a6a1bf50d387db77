/**
 * Runs the built binary in a real pseudo-terminal and reads its screen as a person would see it:
 * `@lydell/node-pty` spawns `node bin/authdeck.js …`, `@xterm/headless` turns the output into a
 * screen. The child runs with CI=false: under CI=true Ink renders only the last frame, at exit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

/** The repository root (bin/authdeck.js and dist/ live there). */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Options for {@link spawnAuthdeck}. */
export interface SpawnOptions {
  /** Extra environment; AUTHDECK_CONFIG_DIR defaults to a fresh temp dir (removed by `dispose`). */
  env?: Record<string, string>;
  columns?: number;
  rows?: number;
  /** The program and its leading arguments, instead of `node bin/authdeck.js` (e.g. an installed `authdeck`). */
  program?: string[];
  /** Working directory. @default ROOT */
  cwd?: string;
}

/** A running authdeck in a pseudo-terminal. */
export interface TerminalSession {
  /** The config directory it was given. */
  configDir: string;
  /** What the screen shows now, one string per row, trailing spaces removed. */
  screenLines(): string[];
  /** What the screen shows now, rows joined by newlines. */
  screenText(): string;
  /** The screen's rows with the rows the terminal wrapped joined back into the line they are (as a mouse selection copies them). */
  logicalLines(): string[];
  /** Every byte the program wrote, as it wrote it (escape sequences included). */
  rawOutput(): string;
  /** Waits until the screen contains `text` (and every byte written so far has been parsed). */
  waitForText(text: string, timeoutMs?: number): Promise<void>;
  /** Waits until `condition` holds on the screen text. */
  waitFor(condition: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Sends keys (or pasted text) to the program. */
  write(keys: string): void;
  /** Resizes the terminal, as a person dragging the window would. */
  resize(columns: number, rows: number): void;
  /** Resolves with the exit code once the program has ended. */
  exited: Promise<number>;
  /** Sends a signal to the program, as `kill` or a closing terminal would. */
  signal(name: NodeJS.Signals): void;
  /** Kills the program if it still runs and removes the temp config dir. */
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Spawns `node bin/authdeck.js ...args` (or `options.program ...args`) in a pseudo-terminal of `columns` × `rows`. */
export function spawnAuthdeck(args: string[], options: SpawnOptions = {}): TerminalSession {
  const columns = options.columns ?? 120;
  const rows = options.rows ?? 35;
  const ownDir = options.env?.AUTHDECK_CONFIG_DIR ? null : mkdtempSync(join(tmpdir(), 'authdeck-e2e-'));
  const configDir = options.env?.AUTHDECK_CONFIG_DIR ?? ownDir!;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    CI: 'false',
    AUTHDECK_CONFIG_DIR: configDir,
    ...options.env,
  };
  const terminal = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true });
  const [file, ...leading] = options.program ?? [process.execPath, join(ROOT, 'bin/authdeck.js')];
  const child = pty.spawn(file!, [...leading, ...args], {
    // node-pty sets TERM to `name`, whatever `env` says: TERM=dumb must reach the program.
    name: env.TERM,
    cols: columns,
    rows,
    cwd: options.cwd ?? ROOT,
    env,
  });
  let pending = 0;
  let raw = '';
  child.onData((data) => {
    raw += data;
    pending++;
    terminal.write(data, () => {
      pending--;
    });
  });
  let alive = true;
  const exited = new Promise<number>((resolveExit) => {
    child.onExit(({ exitCode }) => {
      alive = false;
      resolveExit(exitCode);
    });
  });

  const screenLines = () => {
    const buffer = terminal.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < terminal.rows; y++)
      out.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return out;
  };
  const screenText = () => screenLines().join('\n');
  const logicalLines = () => {
    const buffer = terminal.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < terminal.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      if (!line) continue;
      // A wrapped row continues the one above it: full width, so nothing is trimmed before it.
      if (line.isWrapped && out.length > 0) out[out.length - 1] += line.translateToString(true);
      else out.push(line.translateToString(true));
    }
    return out;
  };

  const waitFor = async (condition: (screen: string) => boolean, what: string, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (pending === 0 && condition(screenText())) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen shows:\n${screenText()}`);
      await sleep(10);
    }
  };

  return {
    configDir,
    screenLines,
    screenText,
    logicalLines,
    rawOutput: () => raw,
    waitFor,
    waitForText: (text, timeoutMs) => waitFor((s) => s.includes(text), JSON.stringify(text), timeoutMs),
    write: (keys) => child.write(keys),
    resize(c, r) {
      terminal.resize(c, r);
      child.resize(c, r);
    },
    exited,
    signal: (name) => child.kill(name),
    async dispose() {
      if (alive) {
        child.kill();
        await Promise.race([exited, sleep(2_000)]);
      }
      terminal.dispose();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}
