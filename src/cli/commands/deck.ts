/**
 * `authdeck deck add|list|remove|sync`: shared decks in a team's pass store (DESIGN.md *Concepts: Deck*).
 * Attaching and detaching change only the local config; the store's entries are changed by `add --deck`,
 * `remove`, `--replace` and `token rotate`, and shared by `deck sync` (git pull --rebase, git push). The jobs are
 * the account service's (src/app/jobs-teams.ts); this module parses and renders.
 */
import { resolve } from 'node:path';
import { cliService } from '../context.js';
import { notice, type OutputOptions, printJson, warn, writeOut } from '../output.js';

interface DeckAddOptions extends OutputOptions {
  pass?: boolean;
  store?: string;
  path?: string;
}

/** `authdeck deck add <name> --pass [--store DIR] [--path PREFIX]`. */
async function add(name: string, options: DeckAddOptions): Promise<number> {
  const service = await cliService();
  const attached = await service.attachDeck({
    name,
    pass: options.pass,
    store: options.store ? resolve(options.store) : undefined,
    path: options.path,
  });
  const { store, prefix, accounts, recipients } = attached;
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
  const rows = await (await cliService()).listDecks();
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
  const detached = await (await cliService()).detachDeck(name);
  if (options.json) printJson({ detached: name, ...detached });
  notice(
    `Detached the deck ${name} (${detached.store}, folder ${detached.prefix}); nothing in the pass store was deleted.`,
    options,
  );
  return 0;
}

/** The `deck` command's actions, by subcommand. */
export const actions = { add, list, remove, sync };

/**
 * `authdeck deck sync [<name>]`: `git pull --rebase` then `git push` of each deck's store, reporting what
 * teammates changed (the deck's entries and their blobs before and after). A conflict undoes the pull
 * (`git rebase --abort`: the local commits stay), names the entries, and exits 1.
 */
async function sync(name: string | undefined, options: OutputOptions): Promise<number> {
  const reports = await (await cliService()).syncDecks(name, (report) => {
    const changes = [
      report.added.length > 0 && `added ${report.added.join(', ')}`,
      report.removed.length > 0 && `removed ${report.removed.join(', ')}`,
      report.replaced.length > 0 && `replaced ${report.replaced.join(', ')}`,
    ].filter(Boolean);
    notice(
      `${report.deck}: ${changes.length > 0 ? `teammates ${changes.join('; ')}` : 'nothing new from teammates'}${
        report.pushed ? '; pushed your changes' : ''
      }.`,
      options,
    );
  });
  if (options.json) printJson({ decks: reports });
  return 0;
}
