/**
 * The credentials `env`, `exec` and `secret` hand over: for each provider and kind in scope, the winner of the
 * precedence chain (src/core/sources.ts), and the vendor variables each winning account stands for.
 */

import type { CredentialKind, Provider, ProviderId } from '../core/adapter.js';
import { ExitCode, inputError, UserError } from '../core/errors.js';
import type { Account, StoreData } from '../core/model.js';
import { accountRef, resolveReference } from '../core/references.js';
import { perShellSelection, type Resolution, resolveSources } from '../core/sources.js';
import { credentialOf, withSecrets } from './accounts.js';
import { ports } from './ports.js';
import { withProviderContext } from './provider-context.js';

/** A vendor variable the user set that wins for its provider and kind: authdeck leaves it alone. */
export interface UserVarInEffect {
  name: string;
  provider: ProviderId;
  kind: CredentialKind;
  /** The stored account it shadows, if any. */
  shadows: Account | null;
}

/** What is in effect for the providers in scope. */
export interface InEffect {
  /** The providers in scope: those named, else all. */
  providers: readonly Provider[];
  resolutions: Resolution[];
  /** Winning stored accounts, one per provider and kind. */
  accounts: Array<{ account: Account; source: string }>;
  /** Winning user-set vendor variables. */
  userVars: UserVarInEffect[];
  /** Every vendor variable name of the providers in scope (what an earlier `env` may have set). */
  scope: Set<string>;
  /** AUTHDECK_ACCOUNT references that select nothing. */
  problems: string[];
}

/** Input of {@link selectInEffect}. */
export interface SelectInput {
  data: StoreData;
  /** Every provider (the registry). */
  all: readonly Provider[];
  /** Provider ids named on the command line (empty: all). */
  only?: readonly string[];
  /** `--account` references. */
  flagRefs?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Resolves what is in effect. Unknown provider names and two `--account`s for one provider and kind are input
 * errors (exit 2); an `--account` that names no account is exit 4.
 */
export function selectInEffect(input: SelectInput): InEffect {
  const env = input.env ?? process.env;
  const only = input.only ?? [];
  for (const name of only) {
    if (!input.all.some((p) => p.id === name)) {
      throw inputError(
        `unknown provider ${JSON.stringify(name)}`,
        `known providers: ${input.all.map((p) => p.id).join(', ')}`,
      );
    }
  }
  const providers = only.length > 0 ? input.all.filter((p) => only.includes(p.id)) : input.all;
  const flagAccounts = (input.flagRefs ?? []).map((ref) => resolveReference(ref, input.data.accounts));
  const seen = new Map<string, Account>();
  for (const account of flagAccounts) {
    const slot = `${account.provider}/${account.kind}`;
    const other = seen.get(slot);
    if (other && other.id !== account.id) {
      throw inputError(`--account names two ${slot} accounts: ${accountRef(other)} and ${accountRef(account)}`);
    }
    seen.set(slot, account);
    if (!providers.some((p) => p.id === account.provider)) {
      throw inputError(
        `--account ${accountRef(account)} is a ${account.provider} account, but only ${providers.map((p) => p.id).join(', ')} ${
          providers.length === 1 ? 'was' : 'were'
        } named`,
      );
    }
  }
  const resolutions = resolveSources(input.data, providers, { flagAccounts, env, cwd: input.cwd });
  const out: InEffect = {
    providers,
    resolutions,
    accounts: [],
    userVars: [],
    scope: new Set(providers.flatMap((p) => p.env.map((v) => v.name))),
    problems: perShellSelection(env, input.data.accounts).problems,
  };
  for (const r of resolutions) {
    const winner = r.winner;
    if (!winner) continue;
    if (winner.account) out.accounts.push({ account: winner.account, source: winner.source });
    else if (winner.envName) {
      out.userVars.push({
        name: winner.envName,
        provider: r.provider,
        kind: r.kind,
        shadows: r.chain.find((l) => l.account)?.account ?? null,
      });
    }
  }
  return out;
}

/** Providers named on the command line that have nothing in effect at all (no account, no variable). */
export function providersWithNothing(inEffect: InEffect, only: readonly string[]): string[] {
  return only.filter((id) => !inEffect.resolutions.some((r) => r.provider === id && r.winner));
}

/** The secret of a stored account: in the file, or in the OS keyring. */
export async function secretOf(account: Account): Promise<string> {
  const [filled] = await withSecrets([account]);
  if (filled?.secret) return filled.secret;
  throw new UserError(`${accountRef(account)} has no secret stored`);
}

/**
 * The vendor variables of every winning account, exchanged where the vendor wants a session (Appcircle's
 * `AC_ACCESS_TOKEN` is a fresh access token, never the PAT). All or nothing: when one exchange fails, the
 * error names the provider and account and says whether the service was unreachable (exit 3) or refused the
 * credential (exit 1).
 */
export async function exportVariables(
  inEffect: InEffect,
  options: { timeoutMs?: number } = {},
): Promise<Record<string, string>> {
  if (inEffect.accounts.length === 0) return {};
  // One keyring batch for all of them, not a helper process each.
  const filled = await withSecrets(inEffect.accounts.map(({ account }) => account));
  const credentials = filled.map((account) => ({ account, credential: credentialOf(account) }));
  const parts = await withProviderContext(
    credentials.map((c) => c.credential.secret),
    (ctx) =>
      Promise.all(
        credentials.map(async ({ account, credential }) => {
          const provider = ports().providers.get(account.provider);
          try {
            return await provider.exportEnv(credential, ctx);
          } catch (error) {
            throw exchangeError(error, provider.title, account);
          }
        }),
      ),
    options.timeoutMs ?? 15_000,
  );
  return Object.assign({}, ...parts) as Record<string, string>;
}

/** A failed exchange as a user-facing error: which service, which account, what happened. */
export function exchangeError(error: unknown, title: string, account: Account): Error {
  const health = (error as { health?: unknown } | null)?.health;
  if (error instanceof Error && typeof health === 'string') {
    const reason = error.message;
    if (health === 'unreachable') {
      return new UserError(
        `could not reach ${title} to exchange ${accountRef(account)} for a session token: ${reason}`,
        {
          code: ExitCode.unreachable,
          hint: 'nothing was exported; check the network (or the service status) and try again',
        },
      );
    }
    return new UserError(`${title} refused ${accountRef(account)}: ${reason}`, {
      code: ExitCode.failed,
      hint: `nothing was exported; run \`authdeck check ${accountRef(account)}\``,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
