/**
 * The ports of the application layer (src/app): what the use cases need from the outside world, stated as
 * types only. The store, the HTTP client and the providers implement them; the composition root
 * (src/cli/wiring.ts) plugs the implementations in, and tests plug in the same ones or fakes.
 */
import type { HttpRequester, Provider, Resource, SessionCache } from './adapter.js';
import type { EntryFields } from './deck-entry.js';
import type { DeckConfig, StoreData } from './model.js';
import type { SecretRef } from './secret-ref.js';
import type { CredentialKind, ProviderId } from './vocabulary.js';

/** Where the store keeps its files (named in messages and watched by the TUI). */
export interface StorePaths {
  dir: string;
  config: string;
  backup: string;
  lock: string;
  log: string;
}

/** Options for one {@link AccountStore.update}. */
export interface UpdateOptions {
  /**
   * Secrets being forgotten: the last-good backup must not keep them, so it is rewritten from the
   * new content instead of the old (forgotten means gone from disk). A secret that leaves the file in the
   * change (a removed account, a `--replace`d secret, one moved to the keyring) is forgotten without being named.
   */
  forget?: readonly string[];
}

/** The accounts on disk (src/store/file-store.ts, with the shared decks over it: src/store/pass-deck.ts). */
export interface AccountStore {
  readonly paths: StorePaths;
  /** The current content, migrated in memory; an absent file is an empty store. Takes no lock. */
  read(): StoreData;
  /**
   * Runs `change` on a fresh read taken inside an inter-process lock and writes its result atomically,
   * so two processes never lose each other's change. `change` mutates `data` in place.
   */
  update<T>(change: (data: StoreData) => T | Promise<T>, options?: UpdateOptions): Promise<T>;
}

/** A reference resolved: the secret, and the `key: value` lines of a pass entry (empty for `cmd:`). */
export interface ResolvedSecret {
  secret: string;
  fields: EntryFields;
}

/** Where the secrets that are not in the config file come from: the OS keyring, a reference's program, a deck. */
export interface SecretVault {
  /** The keyring's secrets of these account ids, in order; null where it has none. */
  keyringGetAll(ids: readonly string[]): Promise<Array<string | null>>;
  /** Runs a reference's program (bounded) and reads the secret from it. */
  resolveSecretRef(ref: SecretRef): Promise<ResolvedSecret>;
}

/** Options of one HTTP client. */
export interface HttpClientOptions {
  /** Default deadline of one requester, retries included. */
  timeoutMs: number;
  /** Connections per origin. */
  connections?: number;
  /** DNS lookup used to connect (undici's `connect.lookup`); tests pass one that fails. */
  lookup?: (hostname: string, options: object, callback: (...args: never[]) => void) => void;
}

/** One HTTP client: requesters bound to deadlines, and a way to close its connections. */
export interface HttpClient {
  /** A requester whose every request shares one deadline of `ms`, never sending these secrets off their origin. */
  forDeadline(ms?: number, secrets?: readonly string[]): HttpRequester;
  close(): Promise<void>;
}

/** Makes HTTP clients (src/http): loaded on first use, so work that never talks to a service never loads it. */
export interface HttpFactory {
  open(options: HttpClientOptions): Promise<HttpClient>;
  /** An in-memory cache of session tokens for one run (each token learnt by the redactor). */
  sessionCache(): SessionCache;
}

/** The adapters authdeck ships (src/providers/registry.ts). */
export interface ProviderCatalog {
  /** Every provider, in display order. */
  readonly all: readonly Provider[];
  get(id: ProviderId): Provider;
  /** Every endpoint name of a provider with the URL it resolves to before an account's override. */
  endpointDefaults(id: ProviderId, env: NodeJS.ProcessEnv): Record<string, string>;
  /** The `exp` claim (seconds) of a value that is a JWT (an exchanged session token); undefined otherwise. */
  tokenExpiry(value: string): number | undefined;
}

/** What the use cases ask of the local filesystem: directory bindings and watching the config directory. */
export interface HostFiles {
  /** The real path (symlinks resolved), or the path itself when it does not exist. */
  realpath(path: string): string;
  /** Whether a path is a directory; null when it does not exist. */
  isDirectory(path: string): boolean | null;
  exists(path: string): boolean;
  /** Calls `onChange(file)` on each change in `dir` (`file` null when unknown); returns the stop function. */
  watch(dir: string, onChange: (file: string | null) => void): () => void;
}

/** Every port, as the composition root wires them. */
export interface Ports {
  vault: SecretVault;
  http: HttpFactory;
  providers: ProviderCatalog;
  files: HostFiles;
  clock: { now(): Date };
  /** The shell hook's stamp files, loaded only when `env --hook` runs (src/store/hook-stamp.ts). */
  hookStamps(): Promise<HookStamps>;
  /** The vendor CLIs' own config files, loaded only when `import <vendor>` runs (src/providers/vendor-configs.ts). */
  vendors(): Promise<VendorConfigs>;
  /** The pass-store side of shared decks, loaded only by the deck jobs (src/store/deck-ops.ts). */
  decks(): Promise<PassDecks>;
  /** Diagnosing and repairing the config directory, and reading the audit log (src/store/upkeep.ts). */
  upkeep(): Promise<Upkeep>;
}

// Reading and selecting jobs (issue 12): the shell hook's stamps, as `env --hook` writes them.

/** The config file's mtime as seen just before a read. */
export interface ConfigObservation {
  /** null when there is no config file yet. */
  mtimeNs: bigint | null;
  /** When it was looked at (wall clock). */
  atNs: bigint;
}

/** A shell's id and stamp file; the stamp is empty when it could not be written. */
export interface HookStamp {
  id: string;
  stamp: string;
}

/** The stamp files (`<config dir>/hook/<shell id>`) the prompt hook compares with the config file. */
export interface HookStamps {
  /** Looks at the config file; called before reading the config, so a write in between is seen next time. */
  observeConfig(configFile: string): ConfigObservation;
  /** Writes this shell's stamp with the config's mtime as observed. Never fails. */
  writeHookStamp(configDir: string, requestedId: string, seen: ConfigObservation): HookStamp;
}

// Importing (issue 12): the vendor CLIs' own config files, as `import <vendor>` reads them.

/** One credential found in a vendor config, before it is cleaned and stored. */
export interface FoundCredential {
  provider: ProviderId;
  kind: CredentialKind;
  /** As found: sanitised by the caller. */
  secret: string;
  /** The vendor's own name for it, used as the label base (`alice`, `alice-2`…). */
  labelBase?: string;
  url?: string;
  resource?: Resource;
  endpoints?: Record<string, string>;
  /** The vendor CLI's current selection: imported first, so it becomes active when nothing else is. */
  current: boolean;
  /** Where in the file it was found (`tokens[1]`, `kbs_token[0]`): for messages, never the secret. */
  where: string;
}

/** What a vendor config gave. */
export interface VendorFindings {
  /** The files read (or looked for), for messages. */
  files: string[];
  /** Whether any of them exists. */
  exists: boolean;
  found: FoundCredential[];
  /** Entries that could not be used, with why (never containing a secret). */
  problems: string[];
}

/**
 * The vendor CLIs' config files, where each vendor keeps them for a given environment (HOME, XDG_CONFIG_HOME,
 * APPDATA), read through the bounded reader: a file too large or not a regular file is a UserError.
 */
export interface VendorConfigs {
  /** The vendors whose CLI config holds durable credentials. */
  readonly importable: readonly ProviderId[];
  /** Reads one of {@link importable}'s config. */
  read(vendor: ProviderId, env: NodeJS.ProcessEnv): VendorFindings;
  /** The Appcircle CLI's config file, and whether it holds a (short-lived) session: said, never imported. */
  appcircleSession(env: NodeJS.ProcessEnv): { file: string; found: boolean };
}

// Team and upkeep jobs (issue 12): shared decks in a pass store, `doctor`, `log`.

/** What a program that ran to its end gave. */
export interface ProgramRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** One entry of a deck, as listed from the file names (nothing decrypted). */
export interface DeckListedEntry {
  /** The pass entry name (`authdeck/team/curvenote/user/bot-a`). */
  entry: string;
  provider: ProviderId;
  kind: CredentialKind;
  label: string;
}

/** What a `deck sync` changed, as pass entry names. */
export interface DeckSyncResult {
  added: string[];
  removed: string[];
  replaced: string[];
  /** Whether local commits were pushed. */
  pushed: boolean;
}

/** The pass store and the programs around it (src/store/pass-deck.ts, deck-sync.ts, secret-command.ts). */
export interface PassDecks {
  /** The pass store pass itself would use: `$PASSWORD_STORE_DIR`, else `~/.password-store`. */
  defaultPassStore(env?: NodeJS.ProcessEnv): string;
  /** Why a folder cannot be used as a pass store, or null. */
  notAPassStore(store: string): string | null;
  listDeck(config: DeckConfig): DeckListedEntry[];
  /** The recipients a deck is encrypted for (the nearest `.gpg-id`). */
  deckRecipients(config: DeckConfig): string[];
  /** The id of a deck account, from the deck and the entry. */
  deckAccountId(deck: string, entry: string): string;
  /** `git pull --rebase` then `git push` of the deck's store; rejects with a UserError saying why not. */
  syncDeck(config: DeckConfig): Promise<DeckSyncResult>;
  /**
   * Runs a program without a shell, bounded by a deadline. Rejects when it cannot run it to its end, with
   * `cause_: 'missing'` when it is not installed; a non-zero status is the caller's to judge.
   */
  runBounded(argv: readonly string[], options: { timeoutMs: number }): Promise<ProgramRun>;
  /** The one "not installed" message of a program authdeck runs. */
  notInstalled(program: 'pass' | 'gpg' | 'git'): string;
}

/** One finding of `authdeck doctor`. */
export interface Finding {
  /** What was looked at. */
  check: 'directory' | 'permissions' | 'config' | 'backup' | 'lock' | 'leftovers';
  status: 'ok' | 'warning' | 'problem';
  message: string;
  /** What `--repair` would do about it, when it can. */
  repair?: string;
  /** The file the finding is about, when it is one file. */
  path?: string;
}

/** Who ran a command. */
export type Invoker = 'terminal' | 'CI' | 'script';

/** How a run ended, from its exit code (DESIGN.md *Conventions: Exit codes*). */
export type Outcome = 'ok' | 'failed' | 'usage' | 'unreachable' | 'not_found';

/** One line of the audit log. */
export interface AuditEntry {
  /** ISO 8601, UTC. */
  time: string;
  /** The command path: `env`, `token create`, `exec`… */
  command: string;
  /** Ids of the accounts the command used or changed. */
  accounts: string[];
  /** Providers the command was about. */
  providers: string[];
  outcome: Outcome;
  /** The exit code (for `exec`, the child's). */
  exit: number;
  invoker: Invoker;
  /** For `exec`: the program's name (never its arguments). */
  program?: string;
}

/** What reading the audit log found. */
export interface AuditRead {
  /** Oldest first; at most `limit`, the most recent ones. */
  entries: AuditEntry[];
  /** Lines that are not entries (a torn write, a hand edit), skipped. */
  skipped: number;
}

/** The config directory's upkeep (src/store/doctor.ts, audit.ts). */
export interface Upkeep {
  /** Inspects the config directory without changing anything. */
  diagnose(dir: string): Finding[];
  /** Fixes what can be fixed; says what it did. */
  repair(dir: string): string[];
  /** Reads the audit log (the most recent `limit` entries); an absent log is empty. */
  readAudit(file: string, limit?: number): AuditRead;
}
