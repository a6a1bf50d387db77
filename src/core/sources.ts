import { dirname, resolve } from 'node:path';
import type { CredentialKind, EnvVarSpec, Provider, ProviderId } from './adapter.js';
import { type Account, type SlotKey, type StoreData, slotKey } from './model.js';
import { matchReference } from './references.js';

/** Where the credential in effect comes from, highest first. */
export type Source = 'flag' | `env:${string}` | 'AUTHDECK_ACCOUNT' | `dir:${string}` | 'store';

/** One source in a provider-and-kind's chain. */
export interface ChainLink {
  source: Source;
  /** The stored account it names; null for a vendor env var (its value is not an account). */
  account: Account | null;
  /** The variable's name, for `env:` links. */
  envName?: string;
  /** Whether a higher source wins over this one. */
  shadowed: boolean;
}

/** Which source wins for one provider and kind, and what it shadows. */
export interface Resolution {
  provider: ProviderId;
  kind: CredentialKind;
  winner: ChainLink | null;
  chain: ChainLink[];
}

/** Everything precedence depends on besides the store. */
export interface ResolveInput {
  /** `--account` references given on the command line. */
  flagAccounts?: readonly Account[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The vendor variables that stand for a credential of this kind (not the KB URL companion). */
export function overrideVars(provider: Provider, kind: CredentialKind): EnvVarSpec[] {
  return provider.env.filter((v) => v.kind === kind && v.role !== 'url');
}

/**
 * Names authdeck itself exported (AUTHDECK_EXPORTED): such a variable is not a user's override,
 * so a shell hook that re-runs `eval "$(authdeck env)"` follows `use` and bindings.
 */
export function exportedByAuthdeck(env: NodeJS.ProcessEnv): Set<string> {
  return new Set((env.AUTHDECK_EXPORTED ?? '').split(/[,:\s]+/).filter(Boolean));
}

/** What `AUTHDECK_ACCOUNT` selects, and the references in it that select nothing (for a warning). */
export interface PerShellSelection {
  /** The accounts it names, in its order. */
  accounts: Account[];
  /** Human descriptions of references that match no account or several (those are ignored). */
  problems: string[];
}

/**
 * Parses `AUTHDECK_ACCOUNT`: comma-separated references (DESIGN.md *Conventions: References*). A reference
 * that matches nothing or more than one account is ignored, never guessed, and reported in `problems`.
 */
export function perShellSelection(env: NodeJS.ProcessEnv, accounts: readonly Account[]): PerShellSelection {
  const out: PerShellSelection = { accounts: [], problems: [] };
  for (const ref of (env.AUTHDECK_ACCOUNT ?? '').split(',').map((s) => s.trim())) {
    if (!ref) continue;
    const found = matchReference(ref, accounts);
    if (found.length === 1) out.accounts.push(found[0]!);
    else if (found.length === 0)
      out.problems.push(`AUTHDECK_ACCOUNT names ${JSON.stringify(ref)}, which matches no account`);
    else
      out.problems.push(
        `AUTHDECK_ACCOUNT names ${JSON.stringify(ref)}, which is ambiguous (${found.length} accounts); use provider/kind/label or the id`,
      );
  }
  return out;
}

/** The nearest ancestor of `cwd` (itself included) that has a binding for this slot. */
function findBinding(
  data: StoreData,
  byId: Map<string, Account>,
  slot: SlotKey,
  cwd: string,
): { dir: string; account: Account } | null {
  let dir = resolve(cwd);
  for (;;) {
    const ids = data.bindings[dir];
    if (ids) {
      for (const id of ids) {
        const account = byId.get(id);
        if (account && slotKey(account.provider, account.kind) === slot) return { dir, account };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The precedence chain of every provider and kind (issue: `--account` > a vendor env var set by the
 * user > AUTHDECK_ACCOUNT > the nearest directory binding > the stored active account).
 * Pure: the store, env and cwd are inputs.
 */
export function resolveSources(
  data: StoreData,
  providers: readonly Provider[],
  input: ResolveInput = {},
): Resolution[] {
  const env = input.env ?? process.env;
  const cwd = input.cwd ?? process.cwd();
  const byId = new Map(data.accounts.map((a) => [a.id, a]));
  const ours = exportedByAuthdeck(env);
  const perShell = perShellSelection(env, data.accounts).accounts;
  const out: Resolution[] = [];
  for (const provider of providers) {
    for (const kind of provider.kinds) {
      const slot = slotKey(provider.id, kind);
      const chain: ChainLink[] = [];
      const inSlot = (a: Account) => a.provider === provider.id && a.kind === kind;
      const flag = input.flagAccounts?.find(inSlot);
      if (flag) chain.push({ source: 'flag', account: flag, shadowed: false });
      for (const v of overrideVars(provider, kind)) {
        if (env[v.name] && !ours.has(v.name)) {
          chain.push({ source: `env:${v.name}`, account: null, envName: v.name, shadowed: false });
        }
      }
      const shell = perShell.find(inSlot);
      if (shell) chain.push({ source: 'AUTHDECK_ACCOUNT', account: shell, shadowed: false });
      const bound = findBinding(data, byId, slot, cwd);
      if (bound) chain.push({ source: `dir:${bound.dir}`, account: bound.account, shadowed: false });
      const activeId = data.active[slot];
      const active = activeId ? byId.get(activeId) : undefined;
      if (active) chain.push({ source: 'store', account: active, shadowed: false });
      chain.forEach((link, i) => {
        link.shadowed = i > 0;
      });
      out.push({ provider: provider.id, kind, winner: chain[0] ?? null, chain });
    }
  }
  return out;
}
