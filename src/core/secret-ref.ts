/**
 * Secret references (DESIGN.md *Concepts: Secret reference*): an account whose secret authdeck does not keep,
 * resolved each time it is needed. Pure: parsing `--from`, splitting the program's argv (once, at `add`),
 * showing the source, and judging a program's output. Running programs is src/store/secret-command.ts.
 */
import { inputError } from './errors.js';
import { sanitizeSecret } from './secret-input.js';

/** Where an account's secret comes from when authdeck does not keep it. */
export type SecretRef =
  /** Any program (a password manager's CLI), run without a shell; its one line of output is the secret. */
  | { type: 'cmd'; argv: string[] }
  /** An entry of a pass store: the first line of `pass show <entry>`; `store` is its PASSWORD_STORE_DIR. */
  | { type: 'pass'; entry: string; store?: string };

/** The longest `--from` accepted, in characters. */
const MAX_REF_CHARS = 4096;

/**
 * Parses `--from 'cmd:<program> <args…>'` or `--from 'pass:<entry>'`. The argv is split here, once, with
 * POSIX-shell quoting (single quotes, double quotes, backslash) but no expansion of any kind: what is stored is
 * exactly what will run. Anything else is an input error (exit 2).
 */
export function parseSecretRef(text: string): SecretRef {
  if (text.length > MAX_REF_CHARS) throw inputError(`--from is longer than ${MAX_REF_CHARS} characters`);
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/u.test(text)) throw inputError('--from contains a control character');
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? '' : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1).trim();
  if (scheme === 'cmd') {
    const argv = splitArgv(rest);
    if (argv.length === 0)
      throw inputError('--from cmd: names no program', "e.g. --from 'cmd:op read op://vault/item/token'");
    return { type: 'cmd', argv };
  }
  if (scheme === 'pass') {
    const entry = rest.replace(/^\/+|\/+$/g, '');
    if (
      !entry ||
      entry.split('/').some((part) => part === '' || part === '.' || part === '..' || part.startsWith('-'))
    ) {
      throw inputError(`--from pass: needs an entry name such as pass:work/curvenote, got ${JSON.stringify(rest)}`);
    }
    return { type: 'pass', entry };
  }
  throw inputError(
    `--from must start with cmd: or pass:, got ${JSON.stringify(text.slice(0, 40))}`,
    "e.g. --from 'cmd:op read op://vault/item/token' or --from 'pass:work/curvenote'",
  );
}

/** Splits a command line into words: quotes group, backslash escapes, nothing is expanded. */
export function splitArgv(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += c;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\') {
      if (i + 1 >= line.length) throw inputError('--from cmd: ends with a lone backslash');
      word += line[++i];
    } else word += c;
  }
  if (quote) throw inputError(`--from cmd: has an unclosed ${quote === "'" ? 'single' : 'double'} quote`);
  if (inWord) words.push(word);
  return words;
}

/** Quotes one word for display so that {@link splitArgv} gives it back. */
function quoteWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** How a reference is shown (`list`, the TUI): `cmd:op read op://…`, `pass:work/curvenote`. */
export function describeSecretRef(ref: SecretRef): string {
  return ref.type === 'cmd' ? `cmd:${ref.argv.map(quoteWord).join(' ')}` : `pass:${ref.entry}`;
}

/** The verdict on what a program printed: the secret, or why there is none (never a part of it). */
export type OutputVerdict = { ok: true; secret: string } | { ok: false; reason: string };

/**
 * Judges a `cmd:` program's output: exactly one non-empty line (a final newline allowed), which must then pass
 * the secret-input rules. The reason never quotes the output.
 */
export function secretFromOutput(output: string): OutputVerdict {
  const body = output.replace(/\r?\n$/, '');
  if (body.trim() === '') return { ok: false, reason: 'it printed nothing' };
  if (/\r?\n/.test(body)) {
    return { ok: false, reason: `it printed ${body.split(/\r?\n/).length} lines, not one (nothing was used)` };
  }
  const cleaned = sanitizeSecret(body);
  return cleaned.ok ? cleaned : { ok: false, reason: `what it printed is not usable: ${cleaned.reason}` };
}
