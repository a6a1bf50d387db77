/**
 * Driving Ink screens in tests: write a key, wait for the frame to change, then yield once more
 * (ink-testing-library updates the frame a tick after `stdin.write`, and a bare Escape is only
 * emitted after `setImmediate`). Works under CI=true: ink-testing-library renders in debug mode,
 * which writes every frame.
 */
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';

/** What `render` returns. */
export type Rendered = ReturnType<typeof render>;

/** Key sequences as a terminal sends them. */
export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  left: '\x1b[D',
  right: '\x1b[C',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  tab: '\t',
  ctrlC: '\x03',
  ctrlU: '\x15',
  pasteStart: '\x1b[200~',
  pasteEnd: '\x1b[201~',
} as const;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The last frame, never undefined. */
export function frame(app: Rendered): string {
  return app.lastFrame() ?? '';
}

/** Renders a tree and waits for its first frame. */
export async function renderScreen(tree: ReactElement): Promise<Rendered> {
  const app = render(tree);
  await waitFor(() => frame(app).trim() !== '', 'the first frame');
  // Effects (key registration, viewport) run after the first frame.
  await tick();
  await tick();
  return app;
}

/** Polls `condition` until true, or fails naming `what` and showing the last frame. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  // A deadline, not a wait: a condition that holds returns at once; a loaded machine gets room.
  timeoutMs = 10_000,
  app?: Rendered,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${app ? `; the screen shows:\n${frame(app)}` : ''}`);
    }
    await sleep(5);
  }
}

/**
 * Waits until a frame drawn since the call contains `text`. Any frame, not only the last: a screen that shows
 * "Stored" and then exits (`authdeck add`) may draw its next frame before a poll on a loaded machine sees it.
 */
export async function waitForText(app: Rendered, text: string, timeoutMs = 10_000): Promise<void> {
  const from = Math.max(0, app.frames.length - 1);
  await waitFor(() => app.frames.slice(from).some((f) => f.includes(text)), JSON.stringify(text), timeoutMs, app);
  await tick();
}

/**
 * Writes `keys` and waits for the frame to change, then yields once more. With
 * `{ change: false }` (a key that changes nothing on screen) it waits until Ink has read the input;
 * with `until`, until that condition holds (an exit, a call to the service).
 */
export async function press(
  app: Rendered,
  keys: string,
  options: { change?: boolean; until?: () => boolean; timeoutMs?: number } = {},
): Promise<void> {
  const before = frame(app);
  app.stdin.write(keys);
  if (options.until) {
    await waitFor(options.until, `what ${JSON.stringify(keys)} does`, options.timeoutMs, app);
    await tick();
    return;
  }
  if (options.change === false) {
    // Nothing on screen to wait for: wait until Ink has read the input, then for the bare-Escape
    // flush (Ink emits a lone ESC after setImmediate) and the renders it starts.
    await waitFor(() => app.stdin.data === null, `Ink to read ${JSON.stringify(keys)}`, options.timeoutMs, app);
    await tick();
    await tick();
    return;
  }
  await waitFor(
    () => frame(app) !== before,
    `the frame to change after ${JSON.stringify(keys)}`,
    options.timeoutMs,
    app,
  );
  await tick();
}

/** Writes keys one write at a time, each waiting for the frame to change. */
export async function pressEach(app: Rendered, keys: readonly string[]): Promise<void> {
  for (const key of keys) await press(app, key);
}

/** The frame's lines, trailing spaces removed. */
export function lines(app: Rendered): string[] {
  return frame(app)
    .split('\n')
    .map((l) => l.trimEnd());
}

/** Resizes the fake terminal and tells the app, as a real terminal does. */
export function resize(app: Rendered, columns: number, rows?: number): void {
  Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
  if (rows !== undefined) Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
  app.stdout.emit('resize');
}
