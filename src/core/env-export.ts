/**
 * What `env` prints and what `exec` hands its child: the vendor variables in effect, the stale ones authdeck
 * set before and must now take back, and `AUTHDECK_EXPORTED` (the names authdeck set, so a shell hook that
 * re-runs `eval "$(authdeck env)"` can tell its own variables from the user's). Pure: no I/O.
 */
import { inputError } from './errors.js';
import { exportedByAuthdeck } from './sources.js';

/** The variable that lists the names `env` set. */
export const EXPORTED_VAR = 'AUTHDECK_EXPORTED';

/** The syntaxes `env --format` writes. */
export const ENV_FORMATS = ['sh', 'fish', 'powershell', 'dotenv', 'json'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

/** What to do to an environment: set these, remove those. */
export interface EnvPlan {
  /** Variables to set, in output order; `AUTHDECK_EXPORTED` last when there is anything to list. */
  set: Array<[name: string, value: string]>;
  /** Variables to remove: names authdeck exported earlier that nothing is in effect for any more. */
  unset: string[];
}

/** Input of {@link planExport}. */
export interface PlanInput {
  /** The vendor variables of the credentials in effect, by name. */
  vars: Readonly<Record<string, string>>;
  /**
   * Every vendor variable name of the providers this run is about (all providers, or those named on the
   * command line). Earlier exports of these names are replaced; other earlier exports are kept as they are.
   */
  scope: ReadonlySet<string>;
  /** The environment the command runs in (its `AUTHDECK_EXPORTED` says what authdeck set before). */
  env: NodeJS.ProcessEnv;
}

/**
 * Plans the change: set `vars`; unset each earlier export in scope that is not set again (so leaving a bound
 * directory takes its token away); and set `AUTHDECK_EXPORTED` to the earlier exports out of scope plus the
 * names set now — or unset it when that is empty and it was set.
 */
export function planExport(input: PlanInput): EnvPlan {
  const before = exportedByAuthdeck(input.env);
  const names = Object.keys(input.vars);
  const unset = [...before].filter((n) => input.scope.has(n) && !(n in input.vars) && n !== EXPORTED_VAR);
  const kept = [...before].filter((n) => !input.scope.has(n) && n !== EXPORTED_VAR && input.env[n] !== undefined);
  const listed = [...new Set([...kept, ...names])];
  const set: Array<[string, string]> = names.map((n) => [n, input.vars[n]!]);
  if (listed.length > 0) set.push([EXPORTED_VAR, listed.join(',')]);
  else if (input.env[EXPORTED_VAR] !== undefined) unset.push(EXPORTED_VAR);
  return { set, unset };
}

/**
 * The environment of a child started by `exec`: the parent's, minus stale authdeck exports in scope, plus the
 * variables in effect. The names set here are dropped from the child's `AUTHDECK_EXPORTED`, so they count as
 * set by the user there: an `authdeck` run inside the child keeps the selection `exec --account` made.
 */
export function childEnvironment(input: PlanInput): NodeJS.ProcessEnv {
  const before = exportedByAuthdeck(input.env);
  const child: NodeJS.ProcessEnv = { ...input.env };
  for (const name of before) if (input.scope.has(name) && !(name in input.vars)) delete child[name];
  Object.assign(child, input.vars);
  const still = [...before].filter((n) => !input.scope.has(n) && n !== EXPORTED_VAR && input.env[n] !== undefined);
  if (still.length > 0) child[EXPORTED_VAR] = still.join(',');
  else delete child[EXPORTED_VAR];
  return child;
}

/** Names the formats can write: a portable shell identifier. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function assertName(name: string): void {
  // Names come from the providers, never from users; this guards against a provider bug producing shell code.
  if (!NAME.test(name)) throw new Error(`invalid environment variable name ${JSON.stringify(name)}`);
}

/** A POSIX shell single-quoted word: nothing inside is special; a `'` is closed, escaped and reopened. */
export function quoteSh(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A fish single-quoted word: inside, only `\\` and `\'` are escapes. */
export function quoteFish(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/**
 * A PowerShell single-quoted (verbatim) string: a quote is doubled. PowerShell also takes the typographic
 * single quotes U+2018–U+201B as quote marks, so those are doubled too.
 */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** Characters a dotenv value may carry bare in every common reader (dotenv, python-dotenv, docker compose). */
const DOTENV_BARE = /^[A-Za-z0-9_./:@%+,=~-]+$/;

/**
 * Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: a shell's `eval` or a
 * reader's line splitting would not keep them (fish rejects the whole output over one NUL), so no text
 * format carries them. JSON escapes them exactly.
 */
const UNWRITABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/**
 * A dotenv value that python-dotenv (0.21+) and the Node `dotenv` package (both of its parsers) read back
 * exactly — the two disagree on every escape: python-dotenv decodes `\\` and `\'` inside single quotes and
 * `\\ \" \n \t…` inside double quotes, dotenv only `\n` and `\r` inside double quotes; python-dotenv keeps
 * backticks as part of the value, and expands `${NAME}` whatever the quotes. So no escape is ever written:
 * - bare, when the value is plain;
 * - single quotes, when it has no `'` and no backslash that either reader could take as an escape;
 * - double quotes, when it has no `"` and no backslash;
 * - unquoted, when it has no `#`, does not start with a quote and has no surrounding space (both readers
 *   take the rest of the line literally);
 * and a value that fits none of these, or holds `${…}`, a line break or a control character, is an input
 * error (exit 2). test/core/env-export.test.ts checks this against both real readers.
 */
export function quoteDotenv(value: string): string {
  if (DOTENV_BARE.test(value)) return value;
  if (UNWRITABLE.test(value))
    throw inputError('a value with a line break or control character cannot be written as dotenv', 'use --format json');
  if (/\$\{[^}]*\}/.test(value))
    throw inputError(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the very text python-dotenv expands
      'a value holding ${…} cannot be written as dotenv: python-dotenv would expand it',
      'use --format json or sh',
    );
  if (!value.includes("'") && !/\\(?:[\\']|$)/.test(value)) return `'${value}'`;
  if (!value.includes('"') && !value.includes('\\')) return `"${value}"`;
  if (!value.includes('#') && !/^['"`\s]|\s$/u.test(value)) return value;
  throw inputError(
    'a value mixes quote characters, backslashes and # that dotenv readers cannot agree on',
    'use --format json or sh',
  );
}

/** Refuses a value no shell syntax may carry (see {@link UNWRITABLE}); JSON escapes everything. */
function assertWritable(name: string, value: string, format: EnvFormat): void {
  if (format !== 'json' && UNWRITABLE.test(value))
    throw inputError(
      `the value of ${name} holds a line break or control character, which ${format} output cannot carry`,
      'use --format json',
    );
}

/** Renders a plan in one format; every format ends with a newline (json: one object). */
export function renderEnv(plan: EnvPlan, format: EnvFormat): string {
  for (const [name, value] of plan.set) {
    assertName(name);
    assertWritable(name, value, format);
  }
  for (const name of plan.unset) assertName(name);
  const lines: string[] = [];
  switch (format) {
    case 'sh':
      for (const name of plan.unset) lines.push(`unset ${name}`);
      for (const [name, value] of plan.set) lines.push(`export ${name}=${quoteSh(value)}`);
      break;
    case 'fish':
      for (const name of plan.unset) lines.push(`set -e ${name}`);
      for (const [name, value] of plan.set) lines.push(`set -gx ${name} ${quoteFish(value)}`);
      break;
    case 'powershell':
      for (const name of plan.unset) lines.push(`Remove-Item Env:${name} -ErrorAction SilentlyContinue`);
      for (const [name, value] of plan.set) lines.push(`$env:${name} = ${quotePowerShell(value)}`);
      break;
    case 'dotenv':
      // A dotenv file describes what to set; it has no way to remove a variable.
      for (const [name, value] of plan.set) lines.push(`${name}=${quoteDotenv(value)}`);
      break;
    case 'json':
      return `${JSON.stringify(Object.fromEntries(plan.set))}\n`;
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
