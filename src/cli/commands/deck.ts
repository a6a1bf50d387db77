/**
 * `authdeck deck add|list|remove|sync`: shared decks in a team's pass store (DESIGN.md *Concepts: Deck*).
 * Attaching and detaching change only the local config; the store's entries are changed by `add --deck`,
 * `remove`, `--replace` and `token rotate`, and shared by `deck sync` (git pull --rebase, git push).
 */
import { resolve } from 'node:path';
import { assertValidDeckName, normalisePrefix, slotOfEntry } from '../../core/deck-entry.js';
import { ExitCode, inputError, UserError } from '../../core/errors.js';
import { inert } from '../../core/inert.js';
import type { DeckConfig, StoreData } from '../../core/model.js';
import { accountRef } from '../../core/references.js';
import { deckAccountId, deckRecipients, defaultPassStore, listDeck, notAPassStore } from '../../store/pass-deck.js';
import { notInstalled, runBounded } from '../../store/secret-command.js';
import { cliStore } from '../context.js';
import { notice, type OutputOptions, printJson, warn, writeOut } from '../output.js';

interface DeckAddOptions extends OutputOptions {
  pass?: boolean;
  store?: string;
  path?: string;
}

/** Fails with the Debian package to install when a program the deck needs is missing. */
async function requireProgram(program: 'pass' | 'gpg', args: string[]): Promise<void> {
  try {
    await runBounded([program, ...args], { timeoutMs: 10_000 });
  } catch (error) {
    if ((error as { cause_?: string }).cause_ === 'missing') {
      throw new UserError(notInstalled(program));
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
  await requireProgram('pass', ['version']);
  await requireProgram('gpg', ['--version']);
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
  const rows = Object.entries(data.decks ?? {}).map(([name, d]) => {
    const problem = notAPassStore(d.store);
    return {
      name,
      store: d.store,
      prefix: d.prefix,
      accounts: data.accounts.filter((a) => a.deck === name).length,
      problem,
      recipients: problem ? [] : deckRecipients(d),
    };
  });
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

/** What one deck's sync did. */
interface SyncReport {
  deck: string;
  /** References of the accounts teammates added, removed, or whose entry they replaced. */
  added: string[];
  removed: string[];
  replaced: string[];
  pushed: boolean;
}

/**
 * `authdeck deck sync [<name>]`: `git pull --rebase` then `git push` of each deck's store, reporting what
 * teammates changed (the deck's entries and their blobs before and after). A conflict undoes the pull
 * (`git rebase --abort`: the local commits stay), names the entries, and exits 1.
 */
async function sync(name: string | undefined, options: OutputOptions): Promise<number> {
  const store = cliStore();
  const decks = Object.entries(store.read().decks ?? {}).filter(([n]) => name === undefined || n === name);
  if (decks.length === 0) {
    throw new UserError(name ? `no deck named ${JSON.stringify(name)} is attached` : 'no decks are attached', {
      code: name ? ExitCode.notFound : ExitCode.failed,
      hint: 'attach one with `authdeck deck add <name> --pass`',
    });
  }
  const reports: SyncReport[] = [];
  for (const [deck, config] of decks) {
    const { syncDeck } = await import('../../store/deck-sync.js');
    const result = await syncDeck(config);
    const ref = (entry: string) => {
      const slot = slotOfEntry(entry.slice(config.prefix.length + 1));
      return slot ? accountRef({ ...slot, deck }) : entry;
    };
    const report: SyncReport = {
      deck,
      added: result.added.map(ref),
      removed: result.removed.map(ref),
      replaced: result.replaced.map(ref),
      pushed: result.pushed,
    };
    // What this machine learnt about a replaced or removed secret no longer holds.
    const stale = new Set([...result.removed, ...result.replaced].map((e) => deckAccountId(deck, e)));
    if (stale.size > 0) {
      await store.update((data) => {
        for (const account of data.accounts) {
          if (!stale.has(account.id)) continue;
          Object.assign(account, { health: 'unchecked', reason: null, checkedAt: null, expiresAt: null, scopes: null });
        }
      });
    }
    reports.push(report);
    const changes = [
      report.added.length > 0 && `added ${report.added.join(', ')}`,
      report.removed.length > 0 && `removed ${report.removed.join(', ')}`,
      report.replaced.length > 0 && `replaced ${report.replaced.join(', ')}`,
    ].filter(Boolean);
    notice(
      `${deck}: ${changes.length > 0 ? `teammates ${changes.join('; ')}` : 'nothing new from teammates'}${
        report.pushed ? '; pushed your changes' : ''
      }.`,
      options,
    );
  }
  if (options.json) printJson({ decks: reports });
  return 0;
}
