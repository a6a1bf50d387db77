/**
 * Shared decks on pass (DESIGN.md *Concepts: Deck*): a folder of a team's pass store, one entry per account at
 * `<prefix>/<provider>/<kind>/<label>`. {@link withDecks} lays the decks over the local store: reading lists
 * their entries (no decryption: provider, kind and label come from the paths), and a write sends a deck
 * account's new secret to `pass insert` (on stdin) and a removed one to `pass rm`, so `add --deck`, `--replace`,
 * `token rotate` and `remove` all change the entry through the one store. A deck account's secret is never
 * written to authdeck's own files; what is personal (active choice, bindings, health) stays local.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { entryPath, formatEntry, slotOfEntry } from '../core/deck-entry.js';
import { ExitCode, UserError } from '../core/errors.js';
import type { Account, DeckConfig, DeckLocalState, StoreData } from '../core/model.js';
import type { Store } from './file-store.js';
import type { CommandError, RunResult } from './secret-command.js';

/** The pass store pass itself would use: `$PASSWORD_STORE_DIR`, else `~/.password-store`. */
export function defaultPassStore(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.PASSWORD_STORE_DIR || join(env.HOME || homedir(), '.password-store'));
}

/** The id of a deck account: stable, from the deck and the entry, so local choices survive a fresh listing. */
export function deckAccountId(deck: string, entry: string): string {
  // Loaded on first use: most commands, the shell hook's included, never list a deck.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(`${deck}\0${entry}`).digest('hex').slice(0, 8);
}

/** One entry of a deck, as listed from the file names. */
export interface DeckEntry {
  /** The pass entry name (`authdeck/team/curvenote/user/bot-a`). */
  entry: string;
  provider: Account['provider'];
  kind: Account['kind'];
  label: string;
  /** The encrypted file. */
  file: string;
}

/** Why a folder cannot be used as a pass store, or null. */
export function notAPassStore(store: string): string | null {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(store);
  } catch {
    return `${store} does not exist`;
  }
  if (!st.isDirectory()) return `${store} is not a directory`;
  if (!existsSync(join(store, '.gpg-id'))) {
    return `${store} is not a pass store (it has no .gpg-id); create one with \`pass init KEYID…\` or name another with --store`;
  }
  return null;
}

/** Lists a deck's entries from the file names alone; anything that is not `<provider>/<kind>/<label>.gpg` is skipped. */
export function listDeck(config: DeckConfig): DeckEntry[] {
  const root = join(config.store, config.prefix);
  const found: DeckEntry[] = [];
  const dirs = (path: string) => {
    try {
      return readdirSync(path, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  for (const p of dirs(root)) {
    if (!p.isDirectory()) continue;
    for (const k of dirs(join(root, p.name))) {
      if (!k.isDirectory()) continue;
      for (const f of dirs(join(root, p.name, k.name))) {
        if (!f.isFile() || !f.name.endsWith('.gpg')) continue;
        const label = f.name.slice(0, -4);
        const slot = slotOfEntry(`${p.name}/${k.name}/${label}`);
        if (!slot) continue;
        found.push({ ...slot, entry: entryPath(config.prefix, slot), file: join(root, p.name, k.name, f.name) });
      }
    }
  }
  return found.sort((a, b) => a.entry.localeCompare(b.entry));
}

/** The recipients a deck is encrypted for: the nearest `.gpg-id` from its folder up to the store's root. */
export function deckRecipients(config: DeckConfig): string[] {
  let dir = join(config.store, config.prefix);
  const root = resolve(config.store);
  for (;;) {
    const file = join(dir, '.gpg-id');
    if (existsSync(file)) {
      return readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean);
    }
    if (resolve(dir) === root || dirname(dir) === dir) return [];
    dir = dirname(dir);
  }
}

const EMPTY_STATE: DeckLocalState = {
  identity: null,
  resource: null,
  scopes: null,
  expiresAt: null,
  checkedAt: null,
  health: 'unchecked',
  reason: null,
  createdAt: new Date(0).toISOString(),
};

/** The account a deck entry stands for, with what this machine learnt about it. */
function accountOfEntry(
  id: string,
  deck: string,
  config: DeckConfig,
  e: DeckEntry,
  state: DeckLocalState | undefined,
): Account {
  return {
    id,
    provider: e.provider,
    kind: e.kind,
    label: e.label,
    secret: '',
    storage: 'deck',
    deck,
    from: { type: 'pass', entry: e.entry, store: config.store },
    endpoints: {},
    remoteTokenId: null,
    description: null,
    ...EMPTY_STATE,
    ...state,
  };
}

/** Options of {@link withDecks}. */
export interface DeckOptions {
  /** Called once per distinct warning (a deck folder that is gone…). */
  onWarning?: (message: string) => void;
}

/** Adds the accounts of every attached deck to `data` (in place); returns them. */
function mergeDecks(data: StoreData, warn: (m: string) => void = () => {}): Account[] {
  const added: Account[] = [];
  const unreadable = new Set<string>();
  for (const [name, config] of Object.entries(data.decks ?? {})) {
    const problem = notAPassStore(config.store);
    if (problem) {
      warn(`the deck ${name} cannot be read: ${problem}`);
      unreadable.add(name);
      continue;
    }
    for (const e of listDeck(config)) {
      const id = deckAccountId(name, e.entry);
      const account = accountOfEntry(id, name, config, e, data.deckState?.[id]);
      added.push(account);
    }
  }
  data.accounts.push(...added);
  unreadableDecks.set(data, unreadable);
  return added;
}

/** The decks a merge could not list, per data object: their accounts' local state must be kept, not dropped. */
const unreadableDecks = new WeakMap<StoreData, Set<string>>();

/** The store with the attached decks laid over it. */
export function withDecks(inner: Store, options: DeckOptions = {}): Store {
  const seen = new Set<string>();
  const warn = (message: string) => {
    if (seen.has(message)) return;
    seen.add(message);
    options.onWarning?.(message);
  };
  const read = () => {
    const data = inner.read();
    mergeDecks(data, warn);
    return data;
  };
  return {
    paths: inner.paths,
    read,
    update(change, updateOptions) {
      return inner.update(async (data) => {
        const before = new Map(mergeDecks(data, warn).map((a) => [a.id, a.from?.type === 'pass' ? a.from.entry : '']));
        const result = await change(data);
        await writeDeckChanges(data, before);
        return result;
      }, updateOptions);
    },
  };
}

/**
 * After a change: writes the entries of deck accounts that got a secret, removes those that left, keeps what is
 * personal in `deckState`, and takes every deck account out of `data` so nothing of theirs reaches the file.
 */
async function writeDeckChanges(data: StoreData, before: Map<string, string>): Promise<void> {
  const decks = data.decks ?? {};
  const kept = new Set<string>();
  const state: Record<string, DeckLocalState> = {};
  for (const account of data.accounts) {
    if (!account.deck) continue;
    const config = decks[account.deck];
    if (!config) {
      throw new UserError(`no deck named ${JSON.stringify(account.deck)} is attached`, {
        code: ExitCode.usage,
        hint: 'see `authdeck deck list`, or attach one with `authdeck deck add <name> --pass`',
      });
    }
    const entry = entryPath(config.prefix, account);
    if (account.secret) {
      const text = formatEntry(account.secret, {
        url: account.resource?.url,
        endpoints: account.endpoints,
        description: account.description ?? undefined,
        tokenId: account.remoteTokenId ?? undefined,
      });
      await passInsert(config, entry, text);
      account.secret = '';
    }
    const id = deckAccountId(account.deck, entry);
    if (account.id !== id) renameAccount(data, account.id, id);
    account.id = id;
    kept.add(id);
    state[id] = {
      deck: account.deck,
      identity: account.identity,
      resource: account.resource,
      scopes: account.scopes,
      expiresAt: account.expiresAt,
      checkedAt: account.checkedAt,
      health: account.health,
      reason: account.reason,
      createdAt: account.createdAt,
    };
  }
  for (const [id, entry] of before) {
    if (kept.has(id) || !entry) continue;
    const deck = Object.entries(decks).find(
      ([name, c]) => deckAccountId(name, entry) === id && entry.startsWith(`${c.prefix}/`),
    );
    if (deck) await passRemove(deck[1], entry);
  }
  data.accounts = data.accounts.filter((a) => !a.deck);
  // The state of accounts of a deck that could not be listed this time (a folder briefly gone) is kept, not lost;
  // that of entries that are gone from a listed deck goes with them.
  const unreadable = unreadableDecks.get(data) ?? new Set();
  const old = Object.entries(data.deckState ?? {}).filter(
    ([id, s]) => !kept.has(id) && s.deck != null && unreadable.has(s.deck) && decks[s.deck] !== undefined,
  );
  const deckState = { ...Object.fromEntries(old), ...state };
  if (Object.keys(deckState).length > 0 || data.deckState) data.deckState = deckState;
}

/** Points the active choice and the bindings of one account id at another. */
function renameAccount(data: StoreData, from: string, to: string): void {
  for (const [slot, id] of Object.entries(data.active))
    if (id === from) data.active[slot as keyof typeof data.active] = to;
  for (const ids of Object.values(data.bindings)) {
    const i = ids.indexOf(from);
    if (i >= 0) ids[i] = to;
  }
}

/** Runs pass on a deck's store; a missing pass or a run that hangs becomes a message that says what to do. */
async function runPass(
  config: DeckConfig,
  args: string[],
  input?: string,
  timeoutMs?: number,
): Promise<RunResult & { tail: string }> {
  // Loaded on first use: listing a deck (every command's read) runs no program.
  const { passEnv, passError, runBounded, stderrTail } = await import('./secret-command.js');
  try {
    const r = await runBounded(['pass', ...args], { env: passEnv(config.store), input, timeoutMs });
    return { ...r, tail: stderrTail(r.stderr) };
  } catch (error) {
    throw new UserError(passError(error as CommandError, args.at(-1) ?? '').message);
  }
}

/** `pass insert --multiline --force`, the entry's text on stdin (never in argv). */
async function passInsert(config: DeckConfig, entry: string, text: string): Promise<void> {
  const r = await runPass(config, ['insert', '--multiline', '--force', entry], text);
  if (r.status !== 0) {
    throw new UserError(`pass could not write ${entry}: ${r.tail || `exit ${r.status}`}; nothing was changed`, {
      hint: /encryption failed|public key|No public key|unusable/i.test(r.stderr)
        ? "gpg cannot encrypt for every key in the deck's .gpg-id: import the teammates' public keys (gpg --import)"
        : undefined,
    });
  }
}

/** `pass rm --force`: the entry leaves the store (and its git history records who removed it). */
async function passRemove(config: DeckConfig, entry: string): Promise<void> {
  const r = await runPass(config, ['rm', '--force', entry]);
  if (r.status !== 0) throw new UserError(`pass could not remove ${entry}: ${r.tail || `exit ${r.status}`}`);
}
