/**
 * The team and upkeep jobs of the account service (issue 12): the shared decks of `deck add|list|remove|sync`,
 * `doctor`'s diagnosis and repair, the audit log `log` shows, the account references shell completion offers,
 * and the demo's seed accounts. service.ts spreads them into the {@link AccountService}; the pass store, git and
 * gpg are reached through the `decks` port, the config directory's upkeep through the `upkeep` port, each loaded
 * on first use (a plain `list` never loads them).
 */

import type { CredentialKind, ProviderId } from '../core/adapter.js';
import { assertValidDeckName, normalisePrefix, slotOfEntry } from '../core/deck-entry.js';
import { ExitCode, inputError, UserError } from '../core/errors.js';
import { inert } from '../core/inert.js';
import type { Account, DeckConfig, StoreData } from '../core/model.js';
import type { AuditEntry, Finding, PassDecks, AccountStore as Store } from '../core/ports.js';
import { accountRef, shortestRefs } from '../core/references.js';
import { addAccount } from './accounts.js';
import { ports } from './ports.js';

/** What `deck add` is asked. */
export interface AttachRequest {
  name: string;
  /** The kind of deck (`--pass`): the only one there is. */
  pass?: boolean;
  /** The pass store, an absolute path (`--store`); absent: the one pass itself would use. */
  store?: string;
  /** The folder in the store (`--path`); absent: `authdeck/<name>`. */
  path?: string;
}

/** A recipient of a deck as a person reads it, and whether this user holds its secret key. */
export interface DeckRecipient {
  id: string;
  /** The key's first user id, when the public key is known here. */
  uid: string | null;
  mine: boolean;
}

/** A deck just attached. */
export interface AttachedDeck {
  deck: string;
  store: string;
  prefix: string;
  /** Its entries (nothing decrypted). */
  accounts: number;
  recipients: DeckRecipient[];
}

/** An attached deck as `deck list` shows it. */
export interface DeckRow {
  name: string;
  store: string;
  prefix: string;
  accounts: number;
  /** Why its store cannot be read, or null. */
  problem: string | null;
  recipients: string[];
}

/** What one deck's sync did. */
export interface DeckSyncReport {
  deck: string;
  /** References of the accounts teammates added, removed, or whose entry they replaced. */
  added: string[];
  removed: string[];
  replaced: string[];
  pushed: boolean;
}

/** What `doctor` found (and, with `repair`, fixed first). */
export interface DoctorReport {
  dir: string;
  repaired: string[];
  findings: Finding[];
}

/** The most recent entries of the audit log. */
export interface AuditLog {
  /** The log file, to name it in messages. */
  file: string;
  entries: AuditEntry[];
  /** Lines that are not entries, skipped. */
  skipped: number;
}

/** An account reference shell completion offers, described by provider, kind and identity. */
export interface ReferenceCandidate {
  value: string;
  description: string;
}

/** An account to store as it is, unchecked (the demo's seed credentials). */
export interface SeedAccount {
  provider: ProviderId;
  kind: CredentialKind;
  secret: string;
  label: string;
  url?: string;
}

/** The team and upkeep jobs. */
export interface TeamJobs {
  /** Attaches a folder of a pass store as a shared deck (`deck add`): only the local config changes. */
  attachDeck(request: AttachRequest): Promise<AttachedDeck>;
  /** The attached decks and how many accounts each has (nothing decrypted). */
  listDecks(): Promise<DeckRow[]>;
  /** Detaches a deck with its accounts' local state, active choices and bindings; nothing in the pass store goes. */
  detachDeck(name: string): Promise<DeckConfig>;
  /**
   * Syncs each deck (or the one named): `git pull --rebase` then `git push`, reporting what teammates changed;
   * `onSynced` hears each deck's report as it is done.
   */
  syncDecks(name?: string, onSynced?: (report: DeckSyncReport) => void): Promise<DeckSyncReport[]>;
  /** Diagnoses the config directory; with `repair`, fixes what can be fixed first. */
  doctor(options?: { repair?: boolean }): Promise<DoctorReport>;
  /** The most recent `limit` entries of the audit log, oldest first. */
  auditLog(limit: number): Promise<AuditLog>;
  /** The references completion offers: the shortest unambiguous one of each account, decks' included. Never fails. */
  referenceCandidates(): ReferenceCandidate[];
  /** Stores accounts as they are, unchecked (the demo's throw-away config). */
  seedAccounts(seeds: readonly SeedAccount[]): Promise<void>;
}

/** What the jobs are built over: the service's store and error guard. */
export interface TeamJobsContext {
  store: Store;
  env: NodeJS.ProcessEnv;
  guardAsync: <T>(work: () => Promise<T>) => Promise<T>;
}

/** The deadline of one `pass`/`gpg` run the deck jobs make. */
const PROGRAM_TIMEOUT_MS = 10_000;

export function teamJobs(context: TeamJobsContext): TeamJobs {
  const { store, env, guardAsync } = context;

  /** Fails with the Debian package to install when a program the deck needs is missing. */
  async function requireProgram(decks: PassDecks, program: 'pass' | 'gpg', args: string[]): Promise<void> {
    try {
      await decks.runBounded([program, ...args], { timeoutMs: PROGRAM_TIMEOUT_MS });
    } catch (error) {
      if ((error as { cause_?: string }).cause_ === 'missing') throw new UserError(decks.notInstalled(program));
      throw error;
    }
  }

  async function describeRecipients(decks: PassDecks, ids: string[]): Promise<DeckRecipient[]> {
    return Promise.all(
      ids.map(async (id) => {
        const pub = await decks.runBounded(['gpg', '--batch', '--with-colons', '--list-keys', '--', id], {
          timeoutMs: PROGRAM_TIMEOUT_MS,
        });
        const uid = /^uid:(?:[^:]*:){8}([^:]*)/m.exec(pub.stdout)?.[1] ?? null;
        const sec = await decks.runBounded(['gpg', '--batch', '--with-colons', '--list-secret-keys', '--', id], {
          timeoutMs: PROGRAM_TIMEOUT_MS,
        });
        return {
          id,
          uid: uid ? inert(uid.replace(/\\x3a/g, ':')) : null,
          mine: sec.status === 0 && /^sec:/m.test(sec.stdout),
        };
      }),
    );
  }

  return {
    attachDeck: (request) =>
      guardAsync(async () => {
        const { name } = request;
        assertValidDeckName(name);
        if (!request.pass)
          throw inputError('say which kind of deck: --pass (a folder of a pass store) is the one there is');
        const decks = await ports().decks();
        const passStore = request.store ?? decks.defaultPassStore(env);
        const prefix = normalisePrefix(request.path ?? `authdeck/${name}`);
        await requireProgram(decks, 'pass', ['version']);
        await requireProgram(decks, 'gpg', ['--version']);
        const problem = decks.notAPassStore(passStore);
        if (problem) throw new UserError(problem, { code: request.store ? ExitCode.usage : ExitCode.failed });
        const config: DeckConfig = { type: 'pass', store: passStore, prefix };
        const recipients = await describeRecipients(decks, decks.deckRecipients(config));
        await store.update((data) => {
          const attached = data.decks?.[name];
          if (attached) {
            throw inputError(
              `a deck named ${name} is attached already (${attached.store}, folder ${attached.prefix})`,
              `detach it first: authdeck deck remove ${name}`,
            );
          }
          data.decks = { ...data.decks, [name]: config };
        });
        return { deck: name, store: passStore, prefix, accounts: decks.listDeck(config).length, recipients };
      }),

    listDecks: () =>
      guardAsync(async () => {
        const data = store.read();
        const attached = Object.entries(data.decks ?? {});
        if (attached.length === 0) return [];
        const decks = await ports().decks();
        return attached.map(([name, d]) => {
          const problem = decks.notAPassStore(d.store);
          return {
            name,
            store: d.store,
            prefix: d.prefix,
            accounts: data.accounts.filter((a) => a.deck === name).length,
            problem,
            recipients: problem ? [] : decks.deckRecipients(d),
          };
        });
      }),

    detachDeck: (name) => guardAsync(() => store.update((data) => detach(data, name))),

    syncDecks: (name, onSynced) =>
      guardAsync(async () => {
        const chosen = Object.entries(store.read().decks ?? {}).filter(([n]) => name === undefined || n === name);
        if (chosen.length === 0) {
          throw new UserError(name ? `no deck named ${JSON.stringify(name)} is attached` : 'no decks are attached', {
            code: name ? ExitCode.notFound : ExitCode.failed,
            hint: 'attach one with `authdeck deck add <name> --pass`',
          });
        }
        const decks = await ports().decks();
        const reports: DeckSyncReport[] = [];
        for (const [deck, config] of chosen) {
          const result = await decks.syncDeck(config);
          const ref = (entry: string) => {
            const slot = slotOfEntry(entry.slice(config.prefix.length + 1));
            return slot ? accountRef({ ...slot, deck }) : entry;
          };
          const report: DeckSyncReport = {
            deck,
            added: result.added.map(ref),
            removed: result.removed.map(ref),
            replaced: result.replaced.map(ref),
            pushed: result.pushed,
          };
          // What this machine learnt about a replaced or removed secret no longer holds.
          const stale = new Set([...result.removed, ...result.replaced].map((e) => decks.deckAccountId(deck, e)));
          if (stale.size > 0) {
            await store.update((data) => {
              for (const account of data.accounts) {
                if (!stale.has(account.id)) continue;
                Object.assign(account, {
                  health: 'unchecked',
                  reason: null,
                  checkedAt: null,
                  expiresAt: null,
                  scopes: null,
                });
              }
            });
          }
          reports.push(report);
          onSynced?.(report);
        }
        return reports;
      }),

    doctor: (options = {}) =>
      guardAsync(async () => {
        const upkeep = await ports().upkeep();
        const { dir } = store.paths;
        const repaired = options.repair ? upkeep.repair(dir) : [];
        return { dir, repaired, findings: upkeep.diagnose(dir) };
      }),

    auditLog: (limit) =>
      guardAsync(async () => {
        const upkeep = await ports().upkeep();
        const file = store.paths.log;
        return { file, ...upkeep.readAudit(file, limit) };
      }),

    referenceCandidates() {
      try {
        // Every account, the shared decks' too (listing a deck decrypts nothing).
        return accountCandidates(store.read().accounts);
      } catch {
        return [];
      }
    },

    seedAccounts: (seeds) =>
      guardAsync(async () => {
        for (const seed of seeds) {
          await addAccount(store, {
            provider: seed.provider,
            kind: seed.kind,
            secret: seed.secret,
            label: seed.label,
            url: seed.url,
          });
        }
      }),
  };
}

/**
 * Account references for completion: the shortest unambiguous one of each, described by provider, kind, identity
 * and, for an account of a shared deck, the deck.
 */
export function accountCandidates(accounts: readonly Account[]): ReferenceCandidate[] {
  const refs = shortestRefs(accounts);
  return accounts.map((a, i) => ({
    value: refs[i]!,
    description: [
      a.provider,
      a.kind === 'user' ? '' : a.kind,
      a.identity?.username ?? a.identity?.email ?? '',
      a.deck ? `(deck ${a.deck})` : '',
    ]
      .filter(Boolean)
      .join(' '),
  }));
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
