/**
 * The reading and selecting jobs of the account service (issue 12): what `list`, `use`, `unbind`, `remove`,
 * `explain`, `secret`, `env`, `exec`, `hook` and `check` ask before they render. service.ts spreads them into the
 * {@link AccountService}, so the plain commands and the TUI reach the store, the providers and the network
 * through one object. Network code is loaded only by the jobs that may talk to a service, on first use.
 */

import type { Credential, CredentialKind, ProviderId } from '../core/adapter.js';
import { ExitCode, inputError, UserError } from '../core/errors.js';
import type { Account } from '../core/model.js';
import type { HookStamp, AccountStore as Store } from '../core/ports.js';
import { accountRef, matchReference, resolveReference } from '../core/references.js';
import type { Resolution } from '../core/sources.js';
import { accountById, credentialOf, unbindDirectory } from './accounts.js';
import {
  exchangeError,
  exportVariables,
  type InEffect,
  providersWithNothing,
  secretOf,
  selectInEffect,
  type UserVarInEffect,
} from './in-effect.js';
import { ports } from './ports.js';

/** An account named by a job: who it is, never its secret. */
export interface AccountName {
  id: string;
  provider: ProviderId;
  kind: CredentialKind;
  label: string;
  deck: string | null;
  ref: string;
  /** The id on the service of the account's own token, when authdeck made it (else null). */
  remoteTokenId: string | null;
}

/** What `unbind` removed. */
export interface UnbindResult {
  /** The directory as asked (the current one when none was named). */
  dir: string;
  /** The accounts that were bound there. */
  accounts: AccountName[];
}

/** The precedence chains `explain` shows. */
export interface Explanation {
  resolutions: Resolution[];
  /** AUTHDECK_ACCOUNT references that select nothing. */
  problems: string[];
}

/** Which credential `secret <ref>` prints, chosen before anything secret is read. */
export interface SecretSelection {
  /** The reference as typed (named in a hint). */
  ref: string;
  provider: ProviderId;
  kind: CredentialKind;
  /** The stored account; null when the user's own vendor variable is in effect. */
  account: AccountName | null;
  /** The precedence source that chose it, when the reference named a provider rather than an account. */
  source: string | null;
  /** The user's vendor variable in effect, when no stored account is (its value is read on reveal). */
  envName: string | null;
  /** When the user's variable was chosen: what `env` would say of it (variables that win, bad AUTHDECK_ACCOUNT). */
  userVars: UserVarInEffect[];
  problems: string[];
}

/** What `env` and `exec` are asked for. */
export interface EnvRequest {
  /** Provider ids (empty: all). */
  only?: readonly string[];
  /** `--account` references. */
  accounts?: readonly string[];
  /** Run by the shell hook with this shell's id: the config is looked at before the read and the stamp written. */
  hook?: string;
}

/** What is in effect for `env` and `exec`, selected before any secret is read. */
export interface EnvSelection {
  inEffect: InEffect;
  /** Providers named that have nothing in effect. */
  missing: string[];
  /** This shell's stamp (`hook` asked); else null. */
  hook: HookStamp | null;
  /** The config file (the hook state names it). */
  configPath: string;
}

/** The variables of an {@link EnvSelection}. */
export interface EnvExport {
  vars: Record<string, string>;
  /** With a hook: the `exp` of each value that is a JWT (an exchanged session), in the order of `vars`. */
  expiries: Array<number | undefined>;
}

/** The reading and selecting jobs; every one that fails rejects (or throws) with a {@link UserError}. */
export interface ReadingJobs {
  /** The accounts these references name, in order (exit 2 when one is ambiguous, 4 when it names none). */
  resolveAccounts(refs: readonly string[]): AccountName[];
  /** Removes the directory bindings of `dir` (default: the current directory); exit 4 when there is none. */
  unbind(dir?: string): Promise<UnbindResult>;
  /** Every provider and kind's precedence chain (or only `provider`'s): which source wins and what it shadows. */
  explain(provider?: string): Explanation;
  /**
   * The credential `secret <ref>` means: an account reference first; else a provider (`curvenote`) or provider
   * and kind (`nuclia/kb`) resolved by precedence, the user's own vendor variable included. Reads no secret.
   */
  selectSecret(ref: string): SecretSelection;
  /** The secret of a selection, or with `session` an exchanged session token. */
  revealSecret(selection: SecretSelection, options?: { session?: boolean }): Promise<string>;
  /** What is in effect for `env` and `exec`; with `hook`, the shell's stamp is written too. Reads no secret. */
  selectEnv(request: EnvRequest): Promise<EnvSelection>;
  /** The vendor variables of what is in effect, exchanged where the vendor wants a session: all or nothing. */
  exportEnv(selection: EnvSelection): Promise<EnvExport>;
  /** Every vendor variable name (what the shell hook unsets); unknown provider names in `only` are exit 2. */
  vendorVariables(only?: readonly string[]): string[];
}

/** What the jobs are built over: the service's store, environment and error guard. */
export interface ReadingJobsContext {
  store: Store;
  env: NodeJS.ProcessEnv;
  cwd: string;
  guard: <T>(work: () => T) => T;
  guardAsync: <T>(work: () => Promise<T>) => Promise<T>;
}

const nameOf = (account: Account): AccountName => ({
  id: account.id,
  provider: account.provider,
  kind: account.kind,
  label: account.label,
  deck: account.deck ?? null,
  ref: accountRef(account),
  remoteTokenId: account.remoteTokenId ?? null,
});

/** Builds the jobs over the service's context. */
export function readingJobs(context: ReadingJobsContext): ReadingJobs {
  const { store, env, cwd, guard, guardAsync } = context;
  const all = () => ports().providers.all;

  const accountOf = (id: string): Account => accountById(store.read().accounts, id);

  function credentialFor(selection: SecretSelection): { account: Account | null; credential: Credential } {
    if (selection.account) {
      const account = accountOf(selection.account.id);
      return { account, credential: credentialOf(account) };
    }
    const provider = ports().providers.get(selection.provider);
    const spec = provider.env.find((v) => v.name === selection.envName)!;
    const urlVar = provider.env.find((v) => v.kind === selection.kind && v.role === 'url');
    const url = urlVar ? env[urlVar.name] : undefined;
    return {
      account: null,
      credential: {
        provider: provider.id,
        kind: selection.kind,
        secret: env[spec.name] ?? '',
        endpoints: {},
        resource: url ? { url } : null,
        isSession: spec.role === 'session',
      },
    };
  }

  return {
    resolveAccounts: (refs) =>
      guard(() => {
        const { accounts } = store.read();
        return refs.map((ref) => nameOf(resolveReference(ref, accounts)));
      }),

    unbind: (dir) =>
      guardAsync(async () => {
        const path = dir ?? cwd;
        const accounts = await unbindDirectory(store, path);
        return { dir: path, accounts: accounts.map(nameOf) };
      }),

    explain: (provider) =>
      guard(() => {
        const inEffect = selectInEffect({
          data: store.read(),
          all: all(),
          only: provider ? [provider] : [],
          env,
          cwd,
        });
        return { resolutions: inEffect.resolutions, problems: inEffect.problems };
      }),

    selectSecret: (ref) =>
      guard(() => {
        const data = store.read();
        const named = (account: Account, source: string | null): SecretSelection => ({
          ref,
          provider: account.provider,
          kind: account.kind,
          account: nameOf(account),
          source,
          envName: null,
          userVars: [],
          problems: [],
        });
        const [providerName = '', kindName = 'user', ...rest] = ref.split('/');
        const provider = all().find((p) => p.id === providerName);
        if (matchReference(ref, data.accounts).length > 0 || !provider || rest.length > 0) {
          return named(resolveReference(ref, data.accounts), null);
        }
        if (!(provider.kinds as string[]).includes(kindName)) {
          throw inputError(
            `${provider.id} has no kind ${JSON.stringify(kindName)}`,
            `${provider.id} kinds: ${provider.kinds.join(', ')}`,
          );
        }
        const kind = kindName as CredentialKind;
        const inEffect = selectInEffect({ data, all: all(), only: [provider.id], env, cwd });
        const winner = inEffect.resolutions.find((r) => r.kind === kind)?.winner;
        if (!winner) {
          throw new UserError(`no ${provider.id}${kind === 'user' ? '' : ` ${kind}`} credential is in effect here`, {
            code: ExitCode.notFound,
            hint: `add one (authdeck add ${provider.id}), or name an account: authdeck secret ${provider.id}/<label>`,
          });
        }
        if (winner.account) return named(winner.account, winner.source);
        return {
          ref,
          provider: provider.id,
          kind,
          account: null,
          source: winner.source,
          envName: winner.envName ?? null,
          userVars: inEffect.userVars.filter((v) => v.kind === kind),
          problems: inEffect.problems,
        };
      }),

    revealSecret: (selection, options = {}) =>
      guardAsync(async () => {
        const { account, credential } = credentialFor(selection);
        const provider = ports().providers.get(selection.provider);
        const secret = account ? await secretOf(account) : credential.secret;
        if (!options.session) return secret;
        if (!provider.session) {
          throw inputError(
            `${provider.title} has no session token to exchange`,
            `\`authdeck secret ${selection.ref}\` prints its secret`,
          );
        }
        const exchange = provider.session.bind(provider);
        const { withProviderContext } = await import('./provider-context.js');
        try {
          return await withProviderContext([secret], (ctx) => exchange({ ...credential, secret }, ctx));
        } catch (error) {
          throw account ? exchangeError(error, provider.title, account) : error;
        }
      }),

    selectEnv: (request) =>
      guardAsync(async () => {
        const only = request.only ?? [];
        // Looked at before the read, so a write in between is seen at the next prompt rather than missed.
        // (Only the hook loads the stamps: a plain `env` stays at a plain command's cost.)
        const stamps = request.hook !== undefined ? await ports().hookStamps() : null;
        const seen = stamps ? stamps.observeConfig(store.paths.config) : null;
        const data = store.read();
        // Written before any exchange: a failing one is reported once, not again at every prompt.
        const hook = stamps && seen ? stamps.writeHookStamp(store.paths.dir, request.hook!, seen) : null;
        const inEffect = selectInEffect({ data, all: all(), only, flagRefs: request.accounts, env, cwd });
        return { inEffect, missing: providersWithNothing(inEffect, only), hook, configPath: store.paths.config };
      }),

    exportEnv: (selection) =>
      guardAsync(async () => {
        const vars = await exportVariables(selection.inEffect);
        const expiries = selection.hook ? Object.values(vars).map((v) => ports().providers.tokenExpiry(v)) : [];
        return { vars, expiries };
      }),

    vendorVariables: (only = []) =>
      guard(() => {
        for (const name of only) {
          if (!all().some((p) => p.id === name)) {
            throw inputError(
              `unknown provider ${JSON.stringify(name)}`,
              `known providers: ${all()
                .map((p) => p.id)
                .join(', ')}`,
            );
          }
        }
        return [...new Set(all().flatMap((p) => p.env.map((v) => v.name)))];
      }),
  };
}
