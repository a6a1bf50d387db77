/**
 * The account service: one object that does every job the TUI offers, built from the same core
 * functions the plain commands call, so both share one implementation. The UI receives it through
 * context and never imports the store, the providers or the network itself; tests pass a fake that
 * implements {@link AccountService}.
 */

import type {
  CheckResult,
  CreatedToken,
  CredentialKind,
  EnvVarSpec,
  ProviderId,
  RemoteToken,
} from '../core/adapter.js';
import { serviceName, tokenPage } from '../core/display.js';
import { describeError, ExitCode, type ExitCodeValue, inputError, UserError } from '../core/errors.js';
import { inertLines } from '../core/inert.js';
import { assertValidLabel } from '../core/labels.js';
import type { Account } from '../core/model.js';
import type { AccountStore as Store } from '../core/ports.js';
import { redactor } from '../core/redact.js';
import { accountRef } from '../core/references.js';
import { type Revocation, revocationOf } from '../core/revocation.js';
import { describeSecretRef, type SecretRef } from '../core/secret-ref.js';
import type { Source } from '../core/sources.js';
import {
  type AccountView,
  accountById,
  addAccount,
  bindAccount,
  bindingPath,
  deckCarryOver,
  describeAccounts,
  type EnvInEffect,
  goneError,
  removeAccount,
  replacedWithEntry,
  useAccount,
  withSecrets,
} from './accounts.js';
import type { CheckItem, TimedCheckResult } from './check.js';
import { type ImportJobs, importJobs } from './jobs-import.js';
import { type ReadingJobs, readingJobs } from './jobs-read.js';
import { type TeamJobs, teamJobs } from './jobs-teams.js';
import { ports } from './ports.js';
import type { RotationStep } from './tokens.js';

/** What the UI needs to know about a provider: never the adapter itself. */
export interface ProviderInfo {
  id: ProviderId;
  title: string;
  kinds: CredentialKind[];
  /** Where a person makes a token by hand. */
  tokenPageUrl: string;
  /** The vendor variables of this provider (the ones `env` exports). */
  env: EnvVarSpec[];
  /** Personal tokens through an API (user tokens only); null for web-only services. */
  tokens: { expires: boolean } | null;
  /**
   * Its named endpoints and the URL each resolves to without an account's override (an empty URL:
   * none, so each account must set one, like Bearer's who-am-I URL).
   */
  endpoints: Record<string, string>;
}

/** Everything the accounts screen shows, read in one pass. */
export interface DeckSnapshot {
  accounts: AccountView[];
  env: EnvInEffect[];
  /** The config file, to name it in messages. */
  configPath: string;
}

/** What the person entered on the add/paste screen. */
export interface AddRequest {
  provider: ProviderId;
  kind: CredentialKind;
  /** The cleaned secret (see `sanitizeSecret`). */
  secret: string;
  /** Absent: the default label rule. */
  label?: string;
  /** The KB URL of a KB key. */
  url?: string;
  endpoints?: Record<string, string>;
  /** False stores it unchecked (`--no-check`). @default true */
  check?: boolean;
  /** Swap the secret of the existing account with this label, keeping its id (`--replace`). */
  replace?: boolean;
  /** Where the secret is kept. @default 'file' */
  storage?: 'file' | 'keyring';
  /**
   * The shared deck the account is in (`--deck`): stored there as a pass entry, and a replace swaps that deck's
   * entry, never a local account of the same label. Absent: a local account.
   */
  deck?: string;
  /** Aborted when the person cancels while the check runs: then nothing is stored. */
  signal?: AbortSignal;
  /**
   * A secret reference (`--from cmd:…`, `pass:…`) stored instead of a secret (storage `reference`): `secret` is not
   * used. With the check on, the reference is resolved once to check what it gives; only the reference is stored.
   */
  from?: SecretRef;
  /** Called when the online check starts, once the secret is in hand (a command says "Checking with …"). */
  onChecking?: () => void;
  /**
   * Whose words the hints use: the add screen's (the default), or the command line's, which name its flags
   * (`--replace`, `--no-check`, `--url`).
   */
  hints?: 'screen' | 'flags';
}

/** How an add ended: stored, or refused by the add rule with a reason and where to make a new token. */
export type AddResult =
  | {
      stored: true;
      account: AccountView;
      replaced: boolean;
      active: boolean;
      /** Stored, but something is worth saying (expiring soon, lacks a scope). */
      warning: string | null;
      check: CheckResult | null;
    }
  | { stored: false; code: ExitCodeValue; message: string; hint: string; check: CheckResult };

export type { Revocation } from '../core/revocation.js';

/** The honest outcome of a remove. */
export interface RemoveResult {
  ref: string;
  /** True when the token was revoked on the service before it was forgotten. */
  revoked: boolean;
  /** What the person must still do, when revoking was asked for but not possible. */
  note: string | null;
}

/** What `use` did, seen from where it applies. */
export interface UseResult {
  account: AccountView;
  /** The bound directory, when the choice was a directory binding. */
  dir: string | null;
  /** What is in effect for its provider and kind there (this account, or what wins over it). */
  source: Source;
  /** Said when something else still wins over the choice there; null when the choice is in effect. */
  warning: string | null;
}

/** Options for storing a token just created. */
export interface StoreCreatedOptions {
  description: string;
  /** Make it the active account of its provider and kind. */
  activate: boolean;
  /** Absent: the default label rule (a taken default gets `-2`, `-3`…). */
  label?: string;
}

/** How one {@link AccountService.check} runs; absent fields: the service's defaults. */
export interface CheckOptions {
  /** Bounds each account's whole check. */
  timeoutMs?: number;
  /** Checks at once. */
  concurrency?: number;
  /** Also check the vendor variables set in the environment that are in effect (keys `env:NAME`, never saved). */
  vendorVariables?: boolean;
}

/**
 * The service the TUI and the plain commands talk to. Every method that fails rejects with a {@link UserError}
 * (message + hint). The reading and selecting jobs are in ./jobs-read.ts.
 */
export interface AccountService extends ReadingJobs, ImportJobs, TeamJobs {
  /** The providers authdeck ships, in display order. */
  readonly providers: readonly ProviderInfo[];
  /** The accounts and env vars in effect as they are on disk now. */
  snapshot(): DeckSnapshot;
  /** Calls `onChange` (debounced) whenever the config file changes underneath, by us or another process. */
  subscribe(onChange: () => void): () => void;
  /** Checks a secret (unless `check: false`), applies the add rule, and stores it. */
  add(request: AddRequest): Promise<AddResult>;
  /** Checks accounts in parallel; `onResult` fires as each result arrives; the results are saved at the end. */
  check(
    ids: readonly string[] | 'all',
    onResult?: (id: string, result: CheckResult) => void,
    options?: CheckOptions,
  ): Promise<Map<string, TimedCheckResult>>;
  /**
   * Makes an account the active one of its provider and kind, or (with `dir`) binds it to a directory and below.
   * The result is seen from where the choice applies; the warning says when something else still wins there.
   */
  use(id: string, options?: { dir?: string }): Promise<UseResult>;
  /** Whether a remove can revoke this account's token on the service. */
  revocation(id: string): Revocation;
  /** Forgets an account; with `revoke`, revokes its token on the service first where it can. */
  remove(id: string, options: { revoke: boolean }): Promise<RemoveResult>;
  /** Creates a personal token with the account's credential; its value is seen only here. */
  createToken(id: string, options: { description: string; days: number }): Promise<CreatedToken>;
  /** Stores a token just made with `id`'s credential as a new account of the same provider and kind. */
  storeCreated(id: string, created: CreatedToken, options: StoreCreatedOptions): Promise<AccountView>;
  /** Revokes a token just made with `id`'s credential and never stored (the person chose to drop it). */
  revokeCreated(id: string, created: CreatedToken): Promise<void>;
  /**
   * Revokes one of the account's personal tokens on the service by its id (`token revoke`); a token the service
   * cannot be reached for is exit 3. Revoking the account's own token leaves the account stored (it no longer works).
   */
  revokeToken(id: string, tokenId: string): Promise<void>;
  /** Rotates a token authdeck can make: create, check, store in place, revoke the old; each step reported. */
  rotate(id: string, days?: number): Promise<{ ok: boolean; steps: RotationStep[] }>;
  /** The account's personal tokens on the service (never their values). */
  listTokens(id: string): Promise<RemoteToken[]>;
  /** An account's endpoint overrides as stored: a deck account's are read from its entry (a listing decrypts nothing). */
  readEndpoints(id: string): Promise<Record<string, string>>;
  /**
   * Sets an account's endpoint overrides (an empty URL: back to the default); its health becomes unchecked. A deck
   * account's are written to its entry (`pass insert -f`), with its secret and the rest of what the entry says.
   */
  setEndpoints(id: string, endpoints: Record<string, string>): Promise<AccountView>;
  /** Stops watching the config directory. */
  close(): void;
}

/** Options for {@link createAccountService}. */
export interface AccountServiceOptions {
  store: Store;
  /** The environment precedence is resolved against. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The directory bindings are resolved against. @default process.cwd() */
  cwd?: string;
  /** Bounds each account's whole check. @default 10_000 */
  checkTimeoutMs?: number;
  /** How long to wait after a change on disk before reloading: writes come in bursts (temp file, rename, lock). @default 80 */
  debounceMs?: number;
}

/** Builds the service over a store, with the shipped providers. */
export function createAccountService(options: AccountServiceOptions): AccountService {
  const { store } = options;
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const timeoutMs = options.checkTimeoutMs ?? 10_000;
  const debounceMs = options.debounceMs ?? 80;
  const closers = new Set<() => void>();

  const providers: ProviderInfo[] = ports().providers.all.map((p) => ({
    id: p.id,
    title: p.title,
    kinds: [...p.kinds],
    tokenPageUrl: p.tokenPageUrl,
    env: p.env,
    tokens: p.tokens ? { expires: p.tokens.expires } : null,
    // As the checks resolve them (AUTHDECK_ENDPOINTS included), so a URL set there is not asked for again.
    // Read when asked (a plain command that never asks never parses AUTHDECK_ENDPOINTS); a broken variable
    // is reported by the check that needs it, so here the provider's own defaults stand.
    get endpoints() {
      try {
        return ports().providers.endpointDefaults(p.id, env);
      } catch {
        return Object.fromEntries(Object.keys(p.endpoints).map((name) => [name, p.endpoints[name] ?? '']));
      }
    },
  }));

  function snapshot(): DeckSnapshot {
    const { accounts, env: envInEffect } = describeAccounts(store.read(), { env, cwd });
    return { accounts, env: envInEffect, configPath: store.paths.config };
  }

  function viewOf(id: string): AccountView {
    const view = snapshot().accounts.find((a) => a.id === id);
    if (!view) throw goneError(id);
    return view;
  }

  const accountOf = (id: string): Account => accountById(store.read().accounts, id);

  function revocation(id: string): Revocation {
    const account = accountOf(id);
    return revocationOf(account, ports().providers.get(account.provider));
  }

  /** The vendor variables set in the environment that are in effect, as check items keyed `env:NAME`. */
  function vendorVariableItems(data: ReturnType<Store['read']>): CheckItem[] {
    return describeAccounts(data, { env, cwd }).env.map((e) => {
      const provider = ports().providers.get(e.provider);
      const spec = provider.env.find((v) => v.name === e.name)!;
      const kbUrl = provider.env.find((v) => v.kind === e.kind && v.role === 'url');
      const url = kbUrl ? env[kbUrl.name] : undefined;
      return {
        key: `env:${e.name}`,
        credential: {
          provider: e.provider,
          kind: e.kind,
          secret: env[e.name]!,
          endpoints: {},
          resource: url ? { url } : null,
          isSession: spec.role === 'session',
        },
      };
    });
  }

  async function checkOne(request: AddRequest, url: string | undefined): Promise<CheckResult> {
    const item: CheckItem = {
      key: 'new',
      credential: {
        provider: request.provider,
        kind: request.kind,
        secret: request.secret,
        endpoints: request.endpoints ?? {},
        resource: url ? { url } : null,
      },
    };
    const { runChecks } = await network();
    const results = await runChecks([item], { timeoutMs });
    return results.get('new')!;
  }

  return {
    providers,
    snapshot: () => guard(snapshot),

    subscribe(onChange) {
      let timer: NodeJS.Timeout | undefined;
      let stopWatching: (() => void) | undefined;
      let poll: NodeJS.Timeout | undefined;
      const { files } = ports();
      const fire = () => {
        clearTimeout(timer);
        timer = setTimeout(onChange, debounceMs);
      };
      const attach = () => {
        stopWatching = files.watch(store.paths.dir, (file) => {
          // The lock directory and the backup change too; only the config itself matters.
          if (file === null || (file.startsWith('config.json') && !file.includes('.lock'))) fire();
        });
      };
      if (files.exists(store.paths.dir)) attach();
      else {
        // Nothing is created until the first write: wait for the directory to appear.
        poll = setInterval(() => {
          if (!files.exists(store.paths.dir)) return;
          clearInterval(poll);
          attach();
          fire();
        }, 500);
        poll.unref();
      }
      const close = () => {
        clearTimeout(timer);
        clearInterval(poll);
        stopWatching?.();
        closers.delete(close);
      };
      closers.add(close);
      return close;
    },

    async add(request) {
      return guardAsync(async () => {
        const { admit, carriedOver, replaceTarget, parseKbUrl } = await addingRules();
        const flags = request.hints === 'flags';
        const provider = ports().providers.get(request.provider);
        if (request.label !== undefined) assertValidLabel(request.label);
        const url = request.url ? parseKbUrl(request.url) : undefined;
        const checking = request.check !== false;
        // A reference is resolved only to be checked; unchecked, nothing is run now.
        const secret = request.from ? (checking ? await resolveFrom(request.from, flags) : '') : request.secret;
        let check: CheckResult | null = null;
        let warning: string | null = null;
        // A replaced deck account keeps what its entry says besides the secret (read from the entry).
        const target = await replacedWithEntry(
          replaceTarget(store.read().accounts, request, provider.inspect(secret, request.kind)),
        );
        const kept = deckCarryOver(target, { endpoints: request.endpoints, url });
        // A replaced account's new secret goes where the account lives (its endpoints and KB URL).
        const where = carriedOver(target, { endpoints: request.endpoints, url });
        if (request.kind === 'kb' && !where.url) {
          throw inputError(`a KB key needs its knowledge box URL${flags ? ': --url <KB URL>' : ''}`);
        }
        if (checking) {
          request.onChecking?.();
          check = await checkOne({ ...request, secret, endpoints: where.endpoints }, where.url);
          const verdict = admit(check, provider);
          if (!verdict.store) {
            // The screen offers storing it unchecked itself (no `--no-check` there).
            const hint =
              !flags && verdict.code === ExitCode.unreachable
                ? 'check your network, or store it without a check'
                : verdict.hint;
            return { stored: false, code: verdict.code, message: verdict.message, hint, check };
          }
          warning = verdict.warning;
        }
        if (request.signal?.aborted) throw new UserError('cancelled; nothing was stored');
        if (!flags && request.label !== undefined && !request.replace) {
          // Taken since the screen asked (another process): say what the screen offers, not `--replace` (the
          // store's own rule below words it for the command line).
          const taken = store
            .read()
            .accounts.find(
              (a) =>
                a.provider === request.provider &&
                a.kind === request.kind &&
                a.label === request.label &&
                (a.deck ?? null) === (request.deck ?? null),
            );
          if (taken)
            throw new UserError(`${accountRef(taken)} already exists; nothing was stored`, {
              code: ExitCode.usage,
              hint: 'choose another label, or replace its secret from its details (e)',
            });
        }
        const outcome = await addAccount(store, {
          provider: request.provider,
          kind: request.kind,
          secret,
          label: request.label,
          url: kept.url,
          endpoints: kept.endpoints,
          description: kept.description,
          check: check ?? undefined,
          replace: request.replace,
          storage: request.storage,
          from: request.from,
          deck: request.deck,
        });
        return {
          stored: true,
          account: viewOf(outcome.account.id),
          replaced: outcome.replaced,
          active: outcome.active,
          warning,
          check,
        };
      });
    },

    async check(ids, onResult, checkOptions = {}) {
      return guardAsync(async () => {
        const wanted = ids === 'all' ? null : new Set(ids);
        const data = store.read();
        const accounts = data.accounts.filter((a) => wanted === null || wanted.has(a.id));
        const extra = checkOptions.vendorVariables ? vendorVariableItems(data) : [];
        if (accounts.length + extra.length === 0) return new Map();
        // The same batch as `authdeck check`: one write for the whole batch, unreadable secrets reported, not saved.
        const { checkAccounts } = await network();
        return checkAccounts(store, accounts, {
          timeoutMs: checkOptions.timeoutMs ?? timeoutMs,
          concurrency: checkOptions.concurrency,
          extra,
          onResult,
        });
      });
    },

    async use(id, useOptions = {}) {
      return guardAsync(async () => {
        const dir = useOptions.dir === undefined ? null : bindingPath(useOptions.dir);
        const chosen = dir ? await bindAccount(store, id, dir) : await useAccount(store, id);
        const seen = describeAccounts(store.read(), { env, cwd: dir ?? cwd });
        const account = seen.accounts.find((a) => a.id === chosen.id)!;
        const winner = seen.resolutions.find((r) => r.provider === chosen.provider && r.kind === chosen.kind)?.winner;
        let warning: string | null = null;
        if (account.shadowedBy) {
          warning = `${account.shadowedBy} is set in this shell and wins until it is unset (unset ${account.shadowedBy})`;
        } else if (!account.inEffect && winner) {
          warning = `${dir ? `in ${dir}` : 'here'}, ${winner.source} wins over this choice; see \`authdeck explain ${chosen.provider}\``;
        }
        return { account, dir, source: winner?.source ?? account.source, warning };
      });
    },

    revocation: (id) => guard(() => revocation(id)),

    async remove(id, { revoke }) {
      return guardAsync(async () => {
        const account = accountOf(id);
        const ref = accountRef(account);
        const can = revocation(id);
        let revoked = false;
        let note: string | null = null;
        if (revoke) {
          if (can.possible) {
            try {
              await (await network()).revokeToken(account, account.remoteTokenId!);
              revoked = true;
            } catch (error) {
              throw new UserError(
                `could not revoke ${ref} on ${ports().providers.get(account.provider).title}: ${messageOf(error)}; it is still stored`,
                {
                  code: describeError(error).code,
                  hint: 'try again, or forget it without revoking and revoke it on the web',
                },
              );
            }
          } else {
            note = can.reason;
          }
        }
        await removeAccount(store, id);
        return { ref, revoked, note };
      });
    },

    async createToken(id, tokenOptions) {
      return guardAsync(async () => {
        const account = accountOf(id);
        const title = serviceName(ports().providers.get(account.provider), true);
        const { createToken, tokenApi } = await network();
        // A provider without a token API says so as it is ("Bearer (generic) has no API…"), not as a failure.
        tokenApi(account);
        try {
          return await createToken(account, tokenOptions);
        } catch (error) {
          // A failure names the service it came from: "Upsun: connection refused", not "connection refused".
          const { code, message, hint } = describeError(error);
          if (message.toLowerCase().includes(title.toLowerCase())) throw error;
          throw new UserError(`${title}: ${message}`, { code, hint });
        }
      });
    },

    async storeCreated(id, created, storeOptions) {
      return guardAsync(async () => {
        const parent = accountOf(id);
        if (storeOptions.label !== undefined) assertValidLabel(storeOptions.label);
        // Learn who it belongs to; a check that cannot reach the service just leaves it unchecked.
        const check = await checkOne(
          { provider: parent.provider, kind: parent.kind, secret: created.token, endpoints: parent.endpoints },
          parent.resource?.url,
        );
        const usable = check.health === 'valid' || check.health === 'expiring' || check.health === 'insufficient_scope';
        const outcome = await addAccount(store, {
          provider: parent.provider,
          kind: parent.kind,
          secret: created.token,
          label: storeOptions.label,
          endpoints: parent.endpoints,
          activate: storeOptions.activate,
          remoteTokenId: created.id,
          description: storeOptions.description,
          expiresAt: created.expiresAt,
          check: usable ? check : undefined,
          // A token made with a deck account's credential is the team's: it goes to the same deck.
          deck: parent.deck ?? undefined,
        });
        return viewOf(outcome.account.id);
      });
    },

    async revokeCreated(id, created) {
      return guardAsync(async () => {
        const parent = accountOf(id);
        try {
          await (await network()).revokeToken(parent, created.id);
        } catch (error) {
          throw new UserError(
            `could not revoke the new token ${created.id} on ${ports().providers.get(parent.provider).title}: ${messageOf(error)}`,
            {
              code: describeError(error).code,
              hint: 'it still works: store it, or try again',
            },
          );
        }
      });
    },

    async revokeToken(id, tokenId) {
      return guardAsync(async () => {
        const account = accountOf(id);
        const { revokeToken, tokenApi } = await network();
        // A provider without a token API says so as it is, not as a failed revoke.
        const { provider } = tokenApi(account);
        try {
          await revokeToken(account, tokenId);
        } catch (error) {
          throw new UserError(`could not revoke token ${tokenId} on ${provider.title}: ${messageOf(error)}`, {
            code: describeError(error).code,
            hint: `check its id among the account's tokens, or revoke it on the web: ${tokenPage(provider)}`,
          });
        }
      });
    },

    async rotate(id, days) {
      return guardAsync(async () => {
        const { ok, steps } = await (await network()).rotateToken(store, id, days);
        return { ok, steps };
      });
    },

    async listTokens(id) {
      return guardAsync(async () => {
        const account = accountOf(id);
        const { listTokens, tokenApi } = await network();
        tokenApi(account);
        return listTokens(account);
      });
    },

    async readEndpoints(id) {
      return guardAsync(async () => {
        const account = accountOf(id);
        if (!account.deck) return { ...account.endpoints };
        const [read] = await withSecrets([account]);
        return { ...read!.endpoints };
      });
    },

    async setEndpoints(id, endpoints) {
      return guardAsync(async () => {
        const { endpointOverrides } = await addingRules();
        const stored = accountOf(id);
        const provider = ports().providers.get(stored.provider);
        // An empty URL is no override: back to the default.
        const overrides = endpointOverrides(
          { id: provider.id, names: Object.keys(provider.endpoints) },
          Object.entries(endpoints)
            .map(([name, url]) => [name, url.trim()] as const)
            .filter(([, url]) => url !== ''),
          (name) => `the ${name} URL`,
        );
        // A deck account's endpoints live in its entry: it is written again whole, so read it first.
        const [entry] = stored.deck ? await withSecrets([stored]) : [];
        await store.update((data) => {
          const account = accountById(data.accounts, id);
          if (entry) {
            account.secret = entry.secret;
            account.resource = entry.resource;
            account.description = entry.description;
            account.remoteTokenId = entry.remoteTokenId;
          }
          account.endpoints = overrides;
          // What was learnt came from the old endpoints.
          account.health = 'unchecked';
          account.reason = null;
        });
        // A listing does not decrypt a deck entry: its view is told what was just written.
        return stored.deck ? { ...viewOf(id), endpoints: overrides } : viewOf(id);
      });
    },

    close() {
      for (const close of [...closers]) close();
    },

    // Reading and selecting jobs
    ...readingJobs({ store, env, cwd, guard, guardAsync }),
    ...importJobs({ store, env, timeoutMs, guardAsync }),
    // Team and upkeep jobs: decks, doctor, log, completion, the demo's seeds
    ...teamJobs({ store, env, guardAsync }),
  };
}

/**
 * The jobs that talk to a service, loaded on first use: `use` and `remove` without `--revoke` never load the HTTP
 * client (a plain command loads only what it needs).
 */
async function network() {
  const [check, tokens] = await Promise.all([import('./check.js'), import('./tokens.js')]);
  return { ...check, ...tokens };
}

/**
 * The rules only adding and editing an account need, loaded on first use: a plain command that only reads
 * (`list`, `env`, `hook`) never loads them.
 */
async function addingRules() {
  const [admission, batch, validate] = await Promise.all([
    import('../core/admission.js'),
    import('../core/batch.js'),
    import('../core/validate.js'),
  ]);
  return { ...admission, ...batch, ...validate };
}

/** The secret a reference gives now, to check it; a failure stores nothing and says how to go on. */
async function resolveFrom(from: SecretRef, flags: boolean): Promise<string> {
  try {
    return (await ports().vault.resolveSecretRef(from)).secret;
  } catch (error) {
    throw new UserError(
      `cannot get the secret from ${describeSecretRef(from)}: ${messageOf(error)}; nothing was stored`,
      {
        hint: `try the command by hand, or store the reference unchecked${flags ? ' with --no-check' : ''}`,
      },
    );
  }
}

/** The message of anything thrown, without a stack. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Everything that reaches the UI is a UserError whose text went through the redactor: a store that
 * cannot be read, an HTTP failure, even a bug, so that a screen can always show message + hint.
 */
function toUserError(error: unknown): UserError {
  const { code, message, hint } = describeError(error);
  const shownError = new UserError(shown(message), { code, hint: hint === undefined ? undefined : shown(hint) });
  // Kept for `--verbose`, which prints the (redacted) trace of the cause: a plain command's bug keeps its stack.
  if (error instanceof Error) Object.defineProperty(shownError, 'cause', { value: error });
  return shownError;
}

/** What the UI may show of an error's text: redacted first, then made inert (it can quote a service). */
function shown(text: string): string {
  return inertLines(redactor.redact(text));
}

function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toUserError(error);
  }
}

async function guardAsync<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toUserError(error);
  }
}
