/**
 * `authdeck deck add|list|remove|sync`: shared decks in a team's pass store (DESIGN.md *Concepts: Deck*).
 * Attaching and detaching change only the local config; the store's entries are changed by `add --deck`,
 * `remove`, `--replace` and `token rotate`, and shared by `deck sync` (git pull --rebase, git push).
 */
import { resolve } from 'node:path';
import { assertValidDeckName, normalisePrefix } from '../../core/deck-entry.js';
import { ExitCode, inputError, UserError } from '../../core/errors.js';
import { inert } from '../../core/inert.js';
import { deckRecipients, defaultPassStore, listDeck, notAPassStore } from '../../store/pass-deck.js';
import type { DeckConfig, StoreData } from '../../store/schema.js';
import { runBounded } from '../../store/secret-command.js';
import { cliStore } from '../context.js';
import { notice, type OutputOptions, printJson, warn, writeOut } from '../output.js';

interface DeckAddOptions extends OutputOptions {
  pass?: boolean;
  store?: string;
  path?: string;
}

/** Fails with the Debian package to install when a program the deck needs is missing. */
async function requireProgram(program: string, pkg: string, args: string[]): Promise<void> {
  try {
    await runBounded([program, ...args], { timeoutMs: 10_000 });
  } catch (error) {
    if ((error as { cause_?: string }).cause_ === 'missing') {
      throw new UserError(`${program} is not installed: install the Debian package \`${pkg}\` (apt install ${pkg})`);
    }
    throw error;
  }
}

/** A recipient as a person reads it, and whether this user holds its secret key. */
interface Recipient {
  id: string;
  /** The key's first user id, when the public key is known here. */
  uid: string | null;
  mine: boolean;
}

async function describeRecipients(ids: string[]): Promise<Recipient[]> {
  return Promise.all(
    ids.map(async (id) => {
      const pub = await runBounded(['gpg', '--batch', '--with-colons', '--list-keys', '--', id], { timeoutMs: 10_000 });
      const uid = /^uid:(?:[^:]*:){8}([^:]*)/m.exec(pub.stdout)?.[1] ?? null;
      const sec = await runBounded(['gpg', '--batch', '--with-colons', '--list-secret-keys', '--', id], {
        timeoutMs: 10_000,
      });
      return {
        id,
        uid: uid ? inert(uid.replace(/\\x3a/g, ':')) : null,
        mine: sec.status === 0 && /^sec:/m.test(sec.stdout),
      };
    }),
  );
}

/** `authdeck deck add <name> --pass [--store DIR] [--path PREFIX]`. */
async function add(name: string, options: DeckAddOptions): Promise<number> {
  assertValidDeckName(name);
  if (!options.pass) throw inputError('say which kind of deck: --pass (a folder of a pass store) is the one there is');
  const store = options.store ? resolve(options.store) : defaultPassStore();
  const prefix = normalisePrefix(options.path ?? `authdeck/${name}`);
  await requireProgram('pass', 'pass', ['version']);
  await requireProgram('gpg', 'gnupg', ['--version']);
  const problem = notAPassStore(store);
  if (problem) throw new UserError(problem, { code: options.store ? ExitCode.usage : ExitCode.failed });
  const config: DeckConfig = { type: 'pass', store, prefix };
  const recipients = await describeRecipients(deckRecipients(config));
  await cliStore().update((data) => {
    if (data.decks?.[name]) {
      const d = data.decks[name]!;
      throw inputError(
        `a deck named ${name} is attached already (${d.store}, folder ${d.prefix})`,
        `detach it first: authdeck deck remove ${name}`,
      );
    }
    data.decks = { ...data.decks, [name]: config };
  });
  const accounts = listDeck(config).length;
  if (options.json) printJson({ deck: name, store, prefix, accounts, recipients });
  notice(
    `Attached the deck ${name}: ${store}, folder ${prefix}, ${accounts} account${accounts === 1 ? '' : 's'}.`,
    options,
  );
  notice(
    `Encrypted for (.gpg-id): ${recipients.map((r) => `${r.uid ?? r.id}${r.uid ? ` [${r.id}]` : ''}${r.mine ? ' (you)' : ''}`).join(', ') || 'nobody'}.`,
    options,
  );
  if (!recipients.some((r) => r.mine)) {
    warn(
      `none of your secret keys is among the deck's recipients: you will not be able to read its accounts until a teammate runs \`pass init -p ${prefix} <their keys> <your key>\``,
    );
  }
  return 0;
}

/** `authdeck deck list [--json]`: the attached decks and how many accounts each has (nothing decrypted). */
async function list(options: OutputOptions): Promise<number> {
  const data = cliStore().read();
  const rows = Object.entries(data.decks ?? {}).map(([name, d]) => ({
    name,
    store: d.store,
    prefix: d.prefix,
    accounts: data.accounts.filter((a) => a.deck === name).length,
    problem: notAPassStore(d.store),
    recipients: d && !notAPassStore(d.store) ? deckRecipients(d) : [],
  }));
  if (options.json) {
    printJson({ decks: rows });
    return 0;
  }
  if (rows.length === 0) {
    writeOut('No decks attached. Attach one with `authdeck deck add <name> --pass [--store DIR] [--path PREFIX]`.\n');
    return 0;
  }
  writeOut(
    `${rows
      .map(
        (r) =>
          `${r.name}  ${r.store}  ${r.prefix}  ${r.problem ? `unreadable: ${r.problem}` : `${r.accounts} account${r.accounts === 1 ? '' : 's'}, for ${r.recipients.join(', ')}`}`,
      )
      .join('\n')}\n`,
  );
  return 0;
}

/** `authdeck deck remove <name>`: detaches; nothing in the pass store is deleted. */
async function remove(name: string, options: OutputOptions): Promise<number> {
  const detached = await cliStore().update((data) => detach(data, name));
  if (options.json) printJson({ detached: name, ...detached });
  notice(
    `Detached the deck ${name} (${detached.store}, folder ${detached.prefix}); nothing in the pass store was deleted.`,
    options,
  );
  return 0;
}

/** Takes a deck out of the local config with its accounts' local state, active choices and bindings. */
function detach(data: StoreData, name: string): DeckConfig {
  const config = data.decks?.[name];
  if (!config) {
    throw new UserError(`no deck named ${JSON.stringify(name)} is attached`, {
      code: ExitCode.notFound,
      hint: 'see `authdeck deck list`',
    });
  }
  const ids = new Set(data.accounts.filter((a) => a.deck === name).map((a) => a.id));
  // Out of the listing before the decks change, so the store does not take them for removed accounts.
  data.accounts = data.accounts.filter((a) => a.deck !== name);
  delete data.decks![name];
  for (const [slot, id] of Object.entries(data.active))
    if (ids.has(id!)) delete data.active[slot as keyof typeof data.active];
  for (const [dir, bound] of Object.entries(data.bindings)) {
    const kept = bound.filter((id) => !ids.has(id));
    if (kept.length === 0) delete data.bindings[dir];
    else data.bindings[dir] = kept;
  }
  for (const id of ids) delete data.deckState?.[id];
  return config;
}

/** The `deck` command's actions, by subcommand. */
export const actions = { add, list, remove, sync };

/** `authdeck deck sync [<name>]`. */
async function sync(_name: string | undefined, _options: OutputOptions): Promise<number> {
  throw new UserError('deck sync is not available yet');
}
