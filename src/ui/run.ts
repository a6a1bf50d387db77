/**
 * The one entry point of the TUI, and the only module that imports Ink at top level: the CLI
 * imports this file lazily, so plain commands never load Ink or React.
 */

import { setFlagsFromString } from 'node:v8';
import { render } from 'ink';
import { createElement } from 'react';
import type { AccountService } from '../app/service.js';
import { ExitCode, UserError } from '../core/errors.js';
import { App } from './App.js';
import type { AddPreset, Route } from './hooks/use-router.js';
import { unbrokenStream } from './unbroken.js';

/** How the TUI is opened: a screen, what the add screen starts with (validated by the CLI), and the service. */
export interface RunAppOptions extends AddPreset {
  /** `home`: the accounts; `add`: the paste screen, cursor in the token field. */
  screen: 'home' | 'add';
  /** The service the screens use, wired by the CLI (`authdeck demo` over its throw-away store). */
  service: AccountService;
  /** `authdeck demo`: the title says so. */
  demo?: boolean;
}

/** Terminals wrap pastes in ESC[200~ … ESC[201~ once asked: then a pasted newline is text, not Enter. */
const BRACKETED_PASTE_ON = '\x1b[?2004h';
const BRACKETED_PASTE_OFF = '\x1b[?2004l';

/** Whether the output gets the plain, line-oriented rendering: TERM=dumb, or not a terminal. */
export function plainOutput(env: NodeJS.ProcessEnv, stdout: { isTTY?: boolean }): boolean {
  return env.TERM === 'dumb' || !stdout.isTTY;
}

/**
 * The stream of the plain rendering: each frame Ink writes (whole, in debug mode) on lines of its
 * own, and a frame identical to the last one not written again.
 */
export function plainStream(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  let last = '';
  const write = (chunk: unknown, ...rest: unknown[]) => {
    const write = stdout.write as (...args: unknown[]) => boolean;
    if (typeof chunk !== 'string') return write.call(stdout, chunk, ...rest);
    const frame = chunk.replace(/\s+$/, '');
    if (frame === last) return true;
    last = frame;
    return write.call(stdout, `${frame}\n`, ...rest);
  };
  return new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Runs the TUI until the person leaves; resolves with the exit code: 0 on quit or once `add` has
 * stored the token; 1 when `add` is cancelled (Esc, q, Ctrl+C), with nothing stored.
 */
export async function runApp(options: RunAppOptions): Promise<number> {
  if (!process.stdin.isTTY) {
    // Enabling raw mode without a terminal throws inside Ink: say what to do instead.
    throw new UserError('the interactive screen needs a terminal', {
      code: ExitCode.usage,
      hint:
        options.screen === 'add'
          ? 'pipe the token instead: `authdeck add <provider> < token.txt`'
          : 'use the plain commands: `authdeck list`, `authdeck --help`',
    });
  }
  // A long-lived screen over a large, stable data set: each frame Ink draws allocates megabytes of
  // short-lived cells, and V8 would let them pile up to about four times the live heap before collecting
  // (with 10,000 accounts, peak memory climbed past 190 MiB after 150 keys). Grow the heap limit by 30% at a
  // time, from here on; and once the first frame is drawn (below), keep the young generation at the size it has
  // reached: peak RSS stays near 136 MiB however long one scrolls. Held at its start size from the beginning, the
  // young generation was collected some 35 times while the store of 10,000 accounts was read (50-70 ms of the
  // first frame, measured); left to grow for good, peak RSS passed 210 MiB.
  setFlagsFromString('--heap-growing-percent=30');
  const { service } = options;
  // Read once before the screen opens: a broken config is reported by the CLI, not drawn half-way.
  const initial = service.snapshot();
  const start: Route =
    options.screen === 'add'
      ? {
          name: 'add',
          entry: 'cli',
          preset: {
            provider: options.provider,
            kind: options.kind,
            label: options.label,
            url: options.url,
            endpoints: options.endpoints,
            check: options.check,
            replace: options.replace,
            storage: options.storage,
            deck: options.deck,
          },
        }
      : { name: 'home' };

  let code: number = ExitCode.ok;
  // TERM=dumb, or output that is no terminal at all: no cursor movement, synchronized output or
  // bracketed paste, each frame printed whole as plain lines (Ink's debug rendering), spinners still.
  const plain = plainOutput(process.env, process.stdout);
  const pasteOff = () => {
    if (!plain) process.stdout.write(BRACKETED_PASTE_OFF);
  };
  if (!plain) process.stdout.write(BRACKETED_PASTE_ON);
  process.once('exit', pasteOff);
  const instance = render(
    createElement(App, {
      service,
      start,
      initial,
      demo: options.demo ?? false,
      checkOnStart: options.demo ?? false,
      plain,
      onExit: (exitCode: number) => {
        code = exitCode;
      },
    }),
    // Ctrl+C is ours (it cancels `add` with a failure); 60 fps so a key shows within a frame.
    plain
      ? { exitOnCtrlC: false, debug: true, patchConsole: false, stdout: plainStream(process.stdout) }
      : { exitOnCtrlC: false, maxFps: 60, stdout: unbrokenStream(process.stdout) },
  );
  setFlagsFromString('--semi-space-growth-factor=1');
  try {
    await instance.waitUntilExit();
    // `authdeck add` left without storing (Esc, q, Ctrl+C): say so in one line, then exit non-zero.
    if (options.screen === 'add' && code !== ExitCode.ok) process.stderr.write('Cancelled: nothing was stored\n');
  } finally {
    pasteOff();
    process.off('exit', pasteOff);
  }
  return code;
}
