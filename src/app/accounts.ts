import { resolve } from 'node:path';
import type { CheckResult, Credential, CredentialKind, ProviderId } from '../core/adapter.js';
import type { AddInput, AddOutcome, BatchOutcome } from '../core/batch.js';
import { ExitCode, inputError, UserError } from '../core/errors.js';
import { currentHealth } from '../core/expiry.js';
import { inert, inertFields, inertList, inertOptional } from '../core/inert.js';
import { assertValidLabel } from '../core/labels.js';
import { maskSecret } from '../core/mask.js';
import { type Account, type StoreData, slotKey } from '../core/model.js';
import type { AccountStore as Store } from '../core/ports.js';
import { accountRef, resolveReference } from '../core/references.js';
import { describeSecretRef } from '../core/secret-ref.js';
import { type Resolution, type ResolveInput, resolveSources, type Source } from '../core/sources.js';
import { ports } from './ports.js';

/** An account as shown to people and scripts: the secret masked, health brought up to date. */
export interface AccountView {
  id: string;
  provider: ProviderId;
  kind: CredentialKind;
  label: string;
  ref: string;
  active: boolean;
  inEffect: boolean;
  source: Source;
  shadowedBy: string | null;
  secret: string;
  storage: Account['storage'];
  /** Where the secret comes from when authdeck does not keep it: `cmd:op read …`, `pass:work/x`; else null. */
  from: string | null;
  /** The shared deck the account belongs to; null for a local account. */
  deck: string | null;
  identity: Account['identity'];
  resource: Account['resource'];
  scopes: string[] | null;
  expiresAt: string | null;
  health: Account['health'];
  reason: string | null;
  checkedAt: string | null;
  createdAt: string;
  remoteTokenId: string | null;
  description: string | null;
  endpoints: Record<string, string>;
}

/** A vendor variable in effect: named, its value masked, and the stored account it shadows. */
export interface EnvInEffect {
  name: string;
  provider: ProviderId;
  kind: CredentialKind;
  secret: string;
  shadows: string | null;
}

export type { AddInput, AddOutcome } from '../core/batch.js';

/** An account that was there a moment ago and is not now: another process removed it. */
export function goneError(id: string): UserError {
  return new UserError(`account ${id} is gone (removed by another process?)`, { code: ExitCode.notFound });
}

/** The account with this id in `accounts`, or {@link goneError}. */
export function accountById(accounts: readonly Account[], id: string): Account {
  const account = accounts.find((a) => a.id === id);
  if (!account) throw goneError(id);
  return account;
}

/** The credential an adapter needs from a stored account. */
export function credentialOf(account: Account): Credential {
  return {
    provider: account.provider,
    kind: account.kind,
    secret: account.secret,
    endpoints: account.endpoints,
    resource: account.resource,
  };
}

/**
 * The accounts with every secret in hand: those kept in the OS keyring are fetched in one batch (one helper
 * process, not one per account); references (`--from`) and deck entries are resolved by running their program,
 * each time, in memory only. An account whose secret cannot be had is an error naming it and saying why.
 */
export async function withSecrets(accounts: readonly Account[]): Promise<Account[]> {
  const { ready, unreadable } = await fillSecrets(accounts, true);
  const first = unreadable.values().next();
  if (!first.done) throw first.value;
  return ready;
}

/**
 * Like {@link withSecrets}, for checks: an account whose secret cannot be read (a stale keyring entry, a
 * keyring that is unavailable, a reference whose program fails) is set apart with the reason, so it does not
 * stop the check of the others.
 */
export async function withSecretsApart(
  accounts: readonly Account[],
): Promise<{ ready: Account[]; unreadable: Map<string, string> }> {
  const { ready, unreadable } = await fillSecrets(accounts, false);
  return { ready, unreadable: new Map([...unreadable].map(([id, error]) => [id, error.message])) };
}

/**
 * What a replace (`add --replace`, the TUI's `e`) must carry over from the account it swaps the secret of, with a
 * deck account's entry read: listing a deck decrypts nothing, so its endpoint overrides, KB URL and description are
 * only in the entry, and rewriting the entry without them would drop what teammates put there (and check a
 * self-hosted account's new token at the vendor's public host). An entry that cannot be read leaves the target as
 * listed: the replace still works.
 */
export async function replacedWithEntry(target: Account | undefined): Promise<Account | undefined> {
  if (!target?.deck) return target;
  const { ready } = await withSecretsApart([target]);
  return ready[0] ?? target;
}

/** The fields of a replace input that keep what the replaced account's deck entry holds besides its secret. */
export function deckCarryOver(
  target: Account | undefined,
  input: Pick<AddInput, 'endpoints' | 'url' | 'description'>,
): Pick<AddInput, 'endpoints' | 'url' | 'description'> {
  if (!target?.deck) return input;
  return {
    endpoints: { ...target.endpoints, ...input.endpoints },
    url: input.url ?? target.resource?.url ?? undefined,
    description: input.description ?? target.description ?? undefined,
  };
}

/** How many reference programs run at once (each may be a gpg decryption). */
const REFERENCE_CONCURRENCY = 4;

async function fillSecrets(
  accounts: readonly Account[],
  stopAtFirst: boolean,
): Promise<{ ready: Account[]; unreadable: Map<string, UserError> }> {
  const unreadable = new Map<string, UserError>();
  const filled = new Map<string, Account>();
  const inKeyring = accounts.filter((a) => !a.secret && a.storage === 'keyring');
  if (inKeyring.length > 0) {
    const { keyringGetAll } = ports().vault;
    const keyringError = (account: Account, message: string) =>
      new UserError(`cannot read the secret of ${accountRef(account)} from the OS keyring: ${message}`);
    let secrets: Array<string | null> | null = null;
    try {
      secrets = await keyringGetAll(inKeyring.map((a) => a.id));
    } catch (error) {
      if (stopAtFirst) {
        const whose =
          inKeyring.length === 1 ? `the secret of ${accountRef(inKeyring[0]!)}` : `${inKeyring.length} secrets`;
        throw new UserError(`cannot read ${whose} from the OS keyring: ${(error as Error).message}`);
      }
    }
    for (const [i, account] of inKeyring.entries()) {
      let secret: string | null;
      try {
        secret = secrets ? secrets[i]! : ((await keyringGetAll([account.id]))[0] ?? null);
      } catch (error) {
        unreadable.set(account.id, keyringError(account, (error as Error).message));
        continue;
      }
      if (!secret) {
        unreadable.set(
          account.id,
          new UserError(`the OS keyring has no secret for ${accountRef(account)} (id ${account.id})`, {
            hint: `store it again: authdeck add ${account.provider} --label ${account.label} --replace --storage keyring`,
          }),
        );
        continue;
      }
      filled.set(account.id, { ...account, secret });
    }
  }
  const referenced = accounts.filter((a) => !a.secret && a.from);
  if (referenced.length > 0) {
    const { resolveSecretRef } = ports().vault;
    let next = 0;
    const lanes = Array.from({ length: Math.min(REFERENCE_CONCURRENCY, referenced.length) }, async () => {
      while (next < referenced.length && !(stopAtFirst && unreadable.size > 0)) {
        const account = referenced[next++]!;
        const from = account.from!;
        try {
          const { secret, fields } = await resolveSecretRef(from);
          // A deck entry carries what teammates need besides the secret.
          filled.set(
            account.id,
            account.deck
              ? {
                  ...account,
                  secret,
                  endpoints: { ...fields.endpoints, ...account.endpoints },
                  resource: fields.url ? { ...account.resource, url: fields.url } : account.resource,
                  description: fields.description ?? account.description,
                  remoteTokenId: fields.tokenId ?? account.remoteTokenId,
                }
              : { ...account, secret },
          );
        } catch (error) {
          const where = account.deck ? `the deck ${account.deck}` : describeSecretRef(from);
          unreadable.set(
            account.id,
            new UserError(`cannot get the secret of ${accountRef(account)} from ${where}: ${(error as Error).message}`),
          );
        }
      }
    });
    await Promise.all(lanes);
  }
  const ready: Account[] = [];
  for (const account of accounts) {
    if (unreadable.has(account.id)) continue;
    const done = filled.get(account.id);
    if (done) ready.push(done);
    else if (account.secret) ready.push(account);
    else {
      unreadable.set(account.id, new UserError(`${accountRef(account)} has no secret stored`));
    }
  }
  return { ready, unreadable };
}

/** The result of a check that could not be made because the secret could not be read. */
export function unreadableResult(reason: string): CheckResult {
  return { health: 'unchecked', reason, identity: null, resource: null, scopes: null, expiresAt: null };
}

/**
 * Stores a credential under the store's lock, by the rules of {@link insertAccount} (DESIGN.md
 * *Conventions: Labels*): one locked write per call. `import` stores many in one write with
 * {@link addAccountsInOneWrite}.
 */
export async function addAccount(store: Store, input: AddInput, now: Date = new Date()): Promise<AddOutcome> {
  const provider = ports().providers.get(input.provider);
  if (input.label !== undefined) assertValidLabel(input.label);
  const facts = provider.inspect(input.secret, input.kind);
  // The add rules load with the first add: reading commands (list, env) never need them.
  const { indexAccounts, insertAccount } = await import('../core/batch.js');
  return store.update((data) => insertAccount(data, indexAccounts(data.accounts), input, facts, now));
}

/**
 * Stores many credentials in ONE locked write (`import`), by the rules of `addAccounts` (core/batch.ts): a secret
 * already stored is skipped, any other broken rule stores nothing. Each secret is inspected before the lock.
 */
export async function addAccountsInOneWrite(
  store: Store,
  inputs: readonly AddInput[],
  now: Date = new Date(),
): Promise<BatchOutcome> {
  const { addAccounts } = await import('../core/batch.js');
  return addAccounts(store, inputs, {
    inspect: (input) => ports().providers.get(input.provider).inspect(input.secret, input.kind),
    now,
  });
}

/** Makes an account the active one of its provider and kind. */
export async function useAccount(store: Store, ref: string): Promise<Account> {
  return store.update((data) => {
    const account = resolveReference(ref, data.accounts);
    data.active[slotKey(account.provider, account.kind)] = account.id;
    return account;
  });
}

/**
 * The key a directory is bound under: its real path, because the working directory a process sees has its
 * symlinks resolved (macOS `/tmp` is `/private/tmp`). A path that no longer exists keeps its plain form, so
 * the binding of a deleted directory can still be removed.
 */
export function bindingPath(dir: string): string {
  const path = resolve(dir);
  return ports().files.realpath(path);
}

/** Binds an account to a directory (and below); one binding per provider and kind per directory. */
export async function bindAccount(store: Store, ref: string, dir: string): Promise<Account> {
  const path = bindingPath(dir);
  if (ports().files.isDirectory(path) !== true)
    throw inputError(`${path} is not a directory`, 'bind an existing directory: authdeck use <account> --dir=PATH');
  return store.update((data) => {
    const account = resolveReference(ref, data.accounts);
    const byId = new Map(data.accounts.map((a) => [a.id, a]));
    const kept = (data.bindings[path] ?? []).filter((id) => {
      const other = byId.get(id);
      return other && slotKey(other.provider, other.kind) !== slotKey(account.provider, account.kind);
    });
    data.bindings[path] = [...kept, account.id];
    return account;
  });
}

/** Removes the bindings of a directory; returns the accounts that were bound there. */
export async function unbindDirectory(store: Store, dir: string): Promise<Account[]> {
  const path = bindingPath(dir);
  return store.update((data) => {
    const ids = data.bindings[path];
    if (!ids)
      throw new UserError(`no binding for ${path}`, { code: ExitCode.notFound, hint: 'see `authdeck explain`' });
    delete data.bindings[path];
    return data.accounts.filter((a) => ids.includes(a.id));
  });
}

/**
 * Forgets an account: it leaves the store, its active slot and every binding, and its secret is
 * scrubbed from the last-good backup.
 */
export async function removeAccount(store: Store, id: string): Promise<Account> {
  const secret = store.read().accounts.find((a) => a.id === id)?.secret;
  return store.update(
    (data) => {
      const account = data.accounts.find((a) => a.id === id);
      if (!account) throw new UserError(`account ${id} is gone already`, { code: ExitCode.notFound });
      data.accounts = data.accounts.filter((a) => a.id !== id);
      const slot = slotKey(account.provider, account.kind);
      if (data.active[slot] === id) delete data.active[slot];
      for (const [dir, ids] of Object.entries(data.bindings)) {
        const kept = ids.filter((x) => x !== id);
        if (kept.length === 0) delete data.bindings[dir];
        else data.bindings[dir] = kept;
      }
      return account;
    },
    { forget: secret ? [secret] : [] },
  );
}

/**
 * Saves check results (health, identity, checkedAt…) for the accounts that still exist and still hold the secret
 * that was checked (`checkedWith`, by account id): a check that started before a `--replace` (or a rotation)
 * must not put the old secret's verdict on the new one. The comparison runs inside the lock, on the fresh read;
 * a keyring-backed account's current secret is read from the keyring there (one batch), and when it cannot be
 * read its result is not saved.
 */
export async function saveChecks(
  store: Store,
  results: ReadonlyMap<string, CheckResult>,
  now = new Date(),
  checkedWith?: ReadonlyMap<string, string>,
): Promise<void> {
  if (results.size === 0) return;
  const { applyCheck } = await import('../core/batch.js');
  await store.update(async (data) => {
    const withResult = data.accounts.filter((a) => results.has(a.id));
    const current = new Map(withResult.map((a) => [a.id, a.secret]));
    const inKeyring = withResult.filter((a) => !a.secret && a.storage === 'keyring' && checkedWith?.has(a.id));
    if (inKeyring.length > 0) {
      try {
        const { keyringGetAll } = ports().vault;
        const secrets = await keyringGetAll(inKeyring.map((a) => a.id));
        for (const [i, account] of inKeyring.entries()) current.set(account.id, secrets[i] ?? '');
      } catch {
        for (const account of inKeyring) current.set(account.id, '');
      }
    }
    for (const account of withResult) {
      const checked = checkedWith?.get(account.id);
      // A deck entry or a `--from` reference is resolved each time it is needed: no secret is kept here to compare.
      const resolvedEachTime = account.from !== undefined && !account.secret;
      if (checked !== undefined && !resolvedEachTime && current.get(account.id) !== checked) continue;
      applyCheck(account, results.get(account.id)!, now);
    }
  });
}

/** Every provider and kind's precedence chain, and the views of all accounts, in one pass. */
export function describeAccounts(
  data: StoreData,
  input: ResolveInput = {},
  now: Date = new Date(),
): { accounts: AccountView[]; env: EnvInEffect[]; resolutions: Resolution[] } {
  const env = input.env ?? process.env;
  const resolutions = resolveSources(data, ports().providers.all, input);
  const winners = new Map<string, Source>();
  const shadowedBy = new Map<string, string>();
  const envInEffect: EnvInEffect[] = [];
  for (const r of resolutions) {
    const w = r.winner;
    if (!w) continue;
    if (w.account) winners.set(w.account.id, w.source);
    if (w.envName) {
      const shadowed = r.chain.find((l) => l.account)?.account ?? null;
      if (shadowed) shadowedBy.set(shadowed.id, w.envName);
      envInEffect.push({
        name: w.envName,
        provider: r.provider,
        kind: r.kind,
        secret: maskSecret(env[w.envName] ?? ''),
        shadows: shadowed?.id ?? null,
      });
    }
  }
  const accounts = data.accounts.map((a): AccountView => {
    const slot = slotKey(a.provider, a.kind);
    return {
      id: a.id,
      provider: a.provider,
      kind: a.kind,
      label: a.label,
      ref: accountRef(a),
      active: data.active[slot] === a.id,
      inEffect: winners.has(a.id),
      source: winners.get(a.id) ?? 'store',
      shadowedBy: shadowedBy.get(a.id) ?? null,
      secret: shownSecret(a),
      storage: a.storage,
      from: a.storage === 'reference' && a.from ? inert(describeSecretRef(a.from)) : null,
      deck: a.deck ?? null,
      // Outside text is made inert here too, for the CLI and the TUI alike: a config written before ingestion
      // sanitised it (or edited by hand) may still hold escape sequences.
      identity: inertFields(a.identity),
      resource: inertFields(a.resource),
      scopes: inertList(a.scopes),
      expiresAt: inertOptional(a.expiresAt),
      health: currentHealth(a.health, a.expiresAt, now),
      reason: inertOptional(a.reason),
      checkedAt: a.checkedAt,
      createdAt: a.createdAt,
      remoteTokenId: inertOptional(a.remoteTokenId),
      description: inertOptional(a.description),
      endpoints: a.endpoints,
    };
  });
  return { accounts, env: envInEffect, resolutions };
}

/** What stands for the secret in a view: its mask, or where it is when authdeck does not hold it. */
function shownSecret(a: Account): string {
  if (a.secret) return maskSecret(a.secret);
  if (a.storage === 'keyring') return '(keyring)';
  if (a.storage === 'deck') return `(deck ${a.deck})`;
  if (a.storage === 'reference') return a.from?.type === 'pass' ? '(pass)' : '(cmd)';
  return maskSecret(a.secret);
}
