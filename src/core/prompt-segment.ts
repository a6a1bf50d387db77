/**
 * `AUTHDECK_PROMPT`: which identity a shell acts as, one short segment per provider and kind with something in
 * effect (`curvenote:work etm:main`), for PS1, starship's `env_var` module or oh-my-posh. `env` computes it when
 * the shell hook runs it, never per prompt. Pure: no I/O.
 */
import { inputError } from './errors.js';
import type { Resolution } from './sources.js';

/** The variable the shell hook keeps current. */
export const PROMPT_VAR = 'AUTHDECK_PROMPT';

/** One segment per winner: provider (with the kind when it is not `user`), a colon, the label. */
export const DEFAULT_PROMPT_FORMAT = '{slot}:{label}';

/** The placeholders a format may use. */
const PROMPT_PLACEHOLDERS = ['provider', 'kind', 'slot', 'label', 'source'] as const;
type Placeholder = (typeof PROMPT_PLACEHOLDERS)[number];

/** Longest format accepted: it ends up in every prompt. */
const MAX_FORMAT = 200;

/** One winner of the precedence chain, as the prompt shows it. */
export interface PromptItem {
  provider: Resolution['provider'];
  kind: Resolution['kind'];
  /** The account's label; for a variable the user set, `env:NAME`. */
  label: string;
  /** Where it comes from: `flag`, `env`, `shell` (AUTHDECK_ACCOUNT), `dir` or `store`. */
  source: 'flag' | 'env' | 'shell' | 'dir' | 'store';
}

/**
 * Checks a `--prompt-format`: printable text, at most 200 characters, whose `{…}` placeholders are all known.
 * A bad one is an input error (exit 2) naming what is wrong.
 */
export function checkPromptFormat(format: string): string {
  if (format.length === 0) throw inputError('the prompt format is empty', `e.g. ${DEFAULT_PROMPT_FORMAT}`);
  if (format.length > MAX_FORMAT) throw inputError(`the prompt format is longer than ${MAX_FORMAT} characters`);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(format))
    throw inputError('the prompt format has a control character (a line break, an escape…)');
  for (const [, name] of format.matchAll(/\{([^{}]*)\}/g)) {
    if (!(PROMPT_PLACEHOLDERS as readonly string[]).includes(name!)) {
      throw inputError(
        `the prompt format has an unknown placeholder {${name}}`,
        `placeholders: ${PROMPT_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
      );
    }
  }
  return format;
}

/** The winners of `resolutions`, in their order (providers as registered, then kinds). */
export function promptItems(resolutions: readonly Resolution[]): PromptItem[] {
  const items: PromptItem[] = [];
  for (const r of resolutions) {
    const w = r.winner;
    if (!w) continue;
    const source: PromptItem['source'] =
      w.source === 'flag'
        ? 'flag'
        : w.source === 'AUTHDECK_ACCOUNT'
          ? 'shell'
          : w.source === 'store'
            ? 'store'
            : w.source.startsWith('dir:')
              ? 'dir'
              : 'env';
    const label = w.account ? w.account.label : `env:${w.envName ?? ''}`;
    items.push({ provider: r.provider, kind: r.kind, label, source });
  }
  return items;
}

/**
 * What a value may carry into a prompt: the label characters, and `:` and `/` of slots and `env:NAME`. Prompts are
 * expanded again by the shells (bash's `PS1="…$AUTHDECK_PROMPT…"` built in PROMPT_COMMAND, zsh's PROMPT_SUBST and
 * `%` escapes), so a `$NAME` there would print that variable (a token) and `$(…)` or a backtick would run; and a
 * label in a hand-edited config is not checked on load, so one could also carry an escape sequence. Anything else
 * is shown as `?`, and a value is cut at the longest a label may be.
 */
const PROMPT_UNSAFE = /[^A-Za-z0-9._@:/-]/g;
const MAX_VALUE = 64;

function promptValue(value: string): string {
  return value.replace(PROMPT_UNSAFE, '?').slice(0, MAX_VALUE);
}

/** The segment: each item through the format, joined by single spaces; empty when nothing is in effect. */
export function formatPrompt(items: readonly PromptItem[], format: string = DEFAULT_PROMPT_FORMAT): string {
  checkPromptFormat(format);
  return items
    .map((item) => {
      const values: Record<Placeholder, string> = {
        provider: item.provider,
        kind: item.kind,
        slot: item.kind === 'user' ? item.provider : `${item.provider}/${item.kind}`,
        label: item.label,
        source: item.source,
      };
      return format.replace(/\{([^{}]*)\}/g, (_, name: string) => promptValue(values[name as Placeholder]));
    })
    .join(' ');
}
