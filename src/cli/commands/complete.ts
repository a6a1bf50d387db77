/**
 * `authdeck __complete -- WORDS...` (hidden): what the shell completion scripts ask at each Tab. It walks the
 * real commander tree, so completion never drifts from the commands, and asks the account service for the
 * account references. Output: a directive line, then one candidate per line as `value<TAB>description`.
 *   `:words`     complete with the candidates that follow
 *   `:dirs`      complete directory names      `:files` complete file names
 *   `:exec N`    the words from index N on are a command line of its own (`exec -- CMD ARGS`)
 */
import type { Argument, Command, Option } from 'commander';
import { IMPORT_VENDORS } from '../../core/vocabulary.js';
import { cliService } from '../context.js';
import { writeOut } from '../output.js';

/** One completion candidate. */
export interface Candidate {
  value: string;
  description?: string;
}

/** The answer to one Tab. */
export type Completion =
  | { directive: 'words'; candidates: Candidate[] }
  | { directive: 'dirs' | 'files' }
  | { directive: 'exec'; offset: number };

/** Where dynamic values come from (the account service; fakes in tests). */
export interface CompletionSources {
  accounts(): Candidate[];
  providers(): Candidate[];
}

const hidden = (c: Command) => Boolean((c as unknown as { _hidden?: boolean })._hidden);
const none: Completion = { directive: 'words', candidates: [] };

function findOption(command: Command, word: string): Option | undefined {
  return command.options.find((o) => o.long === word || o.short === word);
}

function findCommand(command: Command, word: string): Command | undefined {
  return command.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

/** Values by the name a command gives its argument (`<account>`, `[providers...]`). */
function valuesOfArgument(arg: Argument | undefined, sources: CompletionSources, offset: number): Completion {
  if (!arg) return none;
  const name = arg.name();
  if (arg.argChoices) return { directive: 'words', candidates: arg.argChoices.map((value) => ({ value })) };
  if (name === 'account' || name === 'accounts') return { directive: 'words', candidates: sources.accounts() };
  if (name === 'provider' || name === 'providers') return { directive: 'words', candidates: sources.providers() };
  if (name === 'vendor') return { directive: 'words', candidates: IMPORT_VENDORS.map((value) => ({ value })) };
  if (name === 'path') return { directive: 'dirs' };
  if (name === 'command') return { directive: 'exec', offset };
  return none;
}

/** Values of an option that takes one. */
function valuesOfOption(option: Option, sources: CompletionSources): Completion {
  if (option.argChoices) return { directive: 'words', candidates: option.argChoices.map((value) => ({ value })) };
  if (option.long === '--account') return { directive: 'words', candidates: sources.accounts() };
  if (option.long === '--dir') return { directive: 'dirs' };
  if (option.long === '--file') return { directive: 'files' };
  return none;
}

function withPrefix(completion: Completion, prefix: string): Completion {
  if (completion.directive !== 'words') return completion;
  return { directive: 'words', candidates: completion.candidates.map((c) => ({ ...c, value: prefix + c.value })) };
}

function filtered(completion: Completion, current: string): Completion {
  if (completion.directive !== 'words') return completion;
  return { directive: 'words', candidates: completion.candidates.filter((c) => c.value.startsWith(current)) };
}

/**
 * What to offer for the last word of `words` (the words after `authdeck`, the last being the one under the
 * cursor, possibly empty).
 */
export function completeWords(program: Command, words: readonly string[], sources: CompletionSources): Completion {
  const last = Math.max(0, words.length - 1);
  const current = words[last] ?? '';
  let command = program;
  let positional = 0;
  let pending: Option | undefined;
  let afterDashDash = false;
  for (let i = 0; i < last; i++) {
    const word = words[i]!;
    if (pending) {
      pending = undefined;
      continue;
    }
    const isExec = command.name() === 'exec' && command.parent === program;
    if (isExec && (afterDashDash || (!word.startsWith('-') && word !== ''))) return { directive: 'exec', offset: i };
    if (word === '--' && !afterDashDash) {
      afterDashDash = true;
      continue;
    }
    if (!afterDashDash && word.startsWith('-') && word.length > 1) {
      if (word.includes('=')) continue;
      const option = findOption(command, word);
      if (option?.required) pending = option;
      continue;
    }
    const sub = positional === 0 ? findCommand(command, word) : undefined;
    if (sub) {
      command = sub;
      afterDashDash = false;
      continue;
    }
    positional++;
  }
  if (pending) return filtered(valuesOfOption(pending, sources), current);
  const isExec = command.name() === 'exec' && command.parent === program;
  if (isExec && afterDashDash) return { directive: 'exec', offset: last };
  if (!afterDashDash && current.startsWith('-')) {
    const eq = current.indexOf('=');
    if (eq > 0) {
      const option = findOption(command, current.slice(0, eq));
      if (!option || !(option.required || option.optional)) return none;
      const prefix = current.slice(0, eq + 1);
      return filtered(withPrefix(valuesOfOption(option, sources), prefix), current);
    }
    const candidates: Candidate[] = command.options
      .filter((o) => !o.hidden && o.long)
      .map((o) => ({ value: o.long!, description: o.description }));
    candidates.push({ value: '--help', description: 'show help' });
    return filtered({ directive: 'words', candidates }, current);
  }
  const subcommands = command.commands.filter((c) => !hidden(c));
  if (subcommands.length > 0 && positional === 0) {
    return filtered(
      { directive: 'words', candidates: subcommands.map((c) => ({ value: c.name(), description: c.description() })) },
      current,
    );
  }
  const args = command.registeredArguments;
  const lastArg = args.at(-1);
  const arg = args[positional] ?? (lastArg?.variadic ? lastArg : undefined);
  return filtered(valuesOfArgument(arg, sources, last), current);
}

/** The protocol text of a completion (see the module comment). */
export function renderCompletion(completion: Completion): string {
  switch (completion.directive) {
    case 'words':
      return `:words\n${completion.candidates
        .map((c) => (c.description ? `${c.value}\t${c.description.replace(/\s+/g, ' ')}` : c.value))
        .map((line) => `${line}\n`)
        .join('')}`;
    case 'exec':
      return `:exec ${completion.offset}\n`;
    default:
      return `:${completion.directive}\n`;
  }
}

/** The `__complete` action: bound to the program in main.ts. Never fails loudly: a Tab must not print errors. */
export function completer(program: Command) {
  return async (words: string[] = []): Promise<number> => {
    const service = await cliService();
    const sources: CompletionSources = {
      accounts: () => service.referenceCandidates(),
      providers: () => service.providers.map((p) => ({ value: p.id, description: p.title })),
    };
    writeOut(renderCompletion(completeWords(program, words, sources)));
    return 0;
  };
}
