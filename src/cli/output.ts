import { colorWanted } from '../core/color.js';
import { describeError, type ExitCodeValue } from '../core/errors.js';
import { inertLines } from '../core/inert.js';
import { currentIO } from './io.js';

/** Global output switches every command honours. */
export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
  /** Request traces on stderr, and the (redacted) trace of any error. */
  verbose?: boolean;
}

/** Whether this stream gets colour (the one rule: core/color.ts), for this run's streams and environment. */
export function colorEnabled(
  stream: 'stdout' | 'stderr' = 'stdout',
  env: NodeJS.ProcessEnv = currentIO().env,
): boolean {
  // By descriptor for the real process: asking process.stdout would build the stream, which plain commands never need.
  const io = currentIO();
  return colorWanted(env, stream === 'stdout' ? io.stdoutIsTTY() : io.stderrIsTTY());
}

/**
 * Data on stdout: for the real process, written synchronously to descriptor 1 (see `writeStdoutFd` in io.ts: a
 * reader that went away, `authdeck list | head -1`, ends the output quietly); in-process, the run's own stdout.
 */
export function writeOut(text: string): void {
  currentIO().out(text);
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type Style = keyof typeof CODES;

/** A painter that colours only when colour is on. */
export function painter(enabled: boolean): (style: Style, text: string) => string {
  return enabled
    ? (style, text) => `\x1b[${CODES[style]}m${text}\x1b[${style === 'bold' || style === 'dim' ? 22 : 39}m`
    : (_s, t) => t;
}

/** Data for scripts: one JSON document on stdout. */
export function printJson(value: unknown): void {
  writeOut(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The same text as `printJson({ [key]: items.map(toItem), ...rest })`, written a batch of items at a time, so
 * that a list of 10,000 accounts never exists as one document, one string and one buffer at once.
 */
export function printJsonList<T>(
  key: string,
  items: readonly T[],
  toItem: (item: T) => unknown,
  rest: Record<string, unknown> = {},
  write: (text: string) => void = writeOut,
): void {
  const BATCH = 1024;
  // One stringify per batch, of the batch where the items sit in the whole document (`{ key: [ … ] }`), so
  // JSON.stringify indents them as the document would: no second pass over the text to indent it.
  const nest = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);
  const head = `{\n  ${JSON.stringify(key)}: [`;
  const end = '\n  ]\n}';
  write(head);
  for (let start = 0; start < items.length; start += BATCH) {
    const json = JSON.stringify({ [key]: items.slice(start, start + BATCH).map(toItem) }, null, 2);
    // `{\n  "key": [\n    {…},\n    {…}\n  ]\n}` without its head and end: the items, then a comma to join.
    write(`${start === 0 ? '' : ','}${json.slice(head.length, -end.length)}`);
  }
  let tail = items.length > 0 ? '\n  ]' : ']';
  for (const [name, value] of Object.entries(rest)) {
    tail += `,\n  ${JSON.stringify(name)}: ${nest(JSON.stringify(value, null, 2), '  ')}`;
  }
  write(`${tail}\n}\n`);
}

/**
 * Notices, warnings, hints and progress go to stderr so stdout stays clean for `eval` and `--json`. They often
 * quote outside text (a username, a service's reason), so each line is made inert on the way out.
 */
export function notice(message: string, options: OutputOptions = {}): void {
  if (!options.quiet) currentIO().err(`${inertLines(message)}\n`);
}

/** A warning is shown even with --quiet: it says something is wrong. */
export function warn(message: string): void {
  const paint = painter(colorEnabled('stderr'));
  currentIO().err(`${paint('yellow', 'warning:')} ${inertLines(message)}\n`);
}

/** Maps anything thrown to an exit code and a message, and prints it per the output conventions. */
export async function reportError(error: unknown, options: OutputOptions = {}): Promise<ExitCodeValue> {
  const { redactor } = await import('../core/redact.js');
  const described = describeError(error);
  const { code, bug } = described;
  let { message, hint } = described;
  // The one redactor learns every stored secret before anything is shown, whatever path the error took.
  try {
    const { cliStore } = await import('./context.js');
    for (const account of cliStore().read().accounts) if (account.secret) redactor.add(account.secret);
  } catch {
    // An unreadable store is itself the error being reported.
  }
  const trace = bug || (options.verbose && error instanceof Error);
  const stack = trace && error instanceof Error && error.stack ? error.stack : '';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  // Redacted first, then made inert: an error may quote a service, a vendor file or a path verbatim. In one
  // pass: with thousands of stored secrets just learnt, each pass matches all of them against the texts.
  const [safeMessage = '', safeHint = '', safeStack = '', safeCause = ''] = redactor.redactAll([
    message,
    hint ?? '',
    stack,
    trace ? (cause?.stack ?? '') : '',
  ]);
  message = inertLines(safeMessage);
  if (hint !== undefined) hint = inertLines(safeHint);
  if (options.json) {
    printJson({ error: { code, message: hint ? `${message} (${hint})` : message } });
  }
  const paint = painter(colorEnabled('stderr'));
  if (!options.json || bug) {
    currentIO().err(`${paint('red', 'error:')} ${message}\n`);
    if (hint) currentIO().err(`${paint('dim', `hint: ${hint}`)}\n`);
  }
  if (trace) {
    const because = safeCause ? `\ncaused by: ${safeCause}` : '';
    const intro = bug ? 'This is a bug in authdeck. Please report it with this trace:' : 'trace:';
    currentIO().err(`${paint('dim', intro)}\n${safeStack}${because}\n`);
  }
  return code;
}
