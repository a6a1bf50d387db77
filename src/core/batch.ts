/**
 * The rules of storing a credential (DESIGN.md *Conventions: Labels*), in one place for `add` (one account per
 * locked write) and `import` (any number in one locked write). The rules run on a snapshot of the store taken
 * inside its lock, with indexes so that a batch of 10,000 stays linear.
 */

import type { CheckResult, CredentialKind, Identity, LocalFacts, ProviderId, Resource } from './adapter.js';
import { inputError } from './errors.js';
import { inertFields, inertOptional } from './inert.js';
import { defaultLabelBase, uniqueLabel } from './labels.js';
import { type Account, type SlotKey, type StoreData, slotKey } from './model.js';
import type { AccountStore as Store } from './ports.js';
import { accountRef } from './references.js';
import type { SecretRef } from './secret-ref.js';

/** What to store (the input of `add` and of one `import` entry). */
export interface AddInput {
  provider: ProviderId;
  kind: CredentialKind;
  secret: string;
  /** A label the person chose: taken already is an input error unless `replace`. */
  label?: string;
  /**
   * Without `label`: the base of the label to make (`base`, `base-2`…), instead of the default rule
   * (username, email, `default`). Vendor imports use the vendor's own name for the credential.
   */
  labelBase?: string;
  /** The KB URL of a KB key. */
  url?: string;
  endpoints?: Record<string, string>;
  replace?: boolean;
  /** Make it active even if another one is (the TUI's "store and make active"). */
  activate?: boolean;
  /** What an online check found; absent with `--no-check` (health `unchecked`). */
  check?: CheckResult;
  remoteTokenId?: string | null;
  description?: string | null;
  /** The expiry the service reported when it made the token. */
  expiresAt?: string | null;
  /** What the vendor's own config said about it (a Nuclia KB title…), kept until a check says more. */
  resource?: Resource | null;
  /** Where the secret is kept: the config file (default) or the OS keyring (the store moves it there). */
  storage?: Account['storage'];
  /** A reference to resolve each time instead of a secret kept here (`--from`); `secret` is then not stored. */
  from?: SecretRef;
  /** The shared deck to store it in (`--deck`): the store writes it there, never in its own file. */
  deck?: string;
}

/** The outcome of an add. */
export interface AddOutcome {
  account: Account;
  replaced: boolean;
  active: boolean;
}

/** Lookups over one snapshot's accounts, kept current as a batch adds to it. */
export interface AccountIndex {
  ids: Set<string>;
  slots: Map<SlotKey, { byLabel: Map<string, Account>; bySecret: Map<string, Account> }>;
}

/** Indexes a snapshot's accounts by id, and per provider and kind by label and by secret. */
export function indexAccounts(accounts: readonly Account[]): AccountIndex {
  const index: AccountIndex = { ids: new Set(), slots: new Map() };
  for (const account of accounts) remember(index, account);
  return index;
}

function slotOf(index: AccountIndex, slot: SlotKey) {
  let entry = index.slots.get(slot);
  if (!entry) {
    entry = { byLabel: new Map(), bySecret: new Map() };
    index.slots.set(slot, entry);
  }
  return entry;
}

/** Labels are unique per provider and kind within one deck (the local one is ''). */
function deckSlot(deck: string | null | undefined, provider: Account['provider'], kind: Account['kind']): SlotKey {
  return (deck ? `${deck}:${slotKey(provider, kind)}` : slotKey(provider, kind)) as SlotKey;
}

function remember(index: AccountIndex, account: Account): void {
  index.ids.add(account.id);
  const slot = slotOf(index, deckSlot(account.deck, account.provider, account.kind));
  slot.byLabel.set(account.label, account);
  if (account.secret) slot.bySecret.set(account.secret, account);
}

/** A new short, stable id. */
export function newAccountId(taken: ReadonlySet<string>): string {
  for (;;) {
    // Loaded on first use so that start-up pays only for the built-ins a command needs.
    const id = process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex');
    if (!taken.has(id)) return id;
  }
}

/** The stored account with this very secret in the same provider and kind, if any. */
export function findDuplicate(
  index: AccountIndex,
  input: Pick<AddInput, 'provider' | 'kind' | 'secret' | 'deck'>,
): Account | undefined {
  if (!input.secret) return undefined;
  return index.slots.get(deckSlot(input.deck, input.provider, input.kind))?.bySecret.get(input.secret);
}

/**
 * The account a `replace` input would swap the secret of, when its label is known before the check (an explicit
 * `--label`, or the label the token's offline facts give): callers check the new secret against its endpoints.
 */
export function replaceTarget(
  accounts: readonly Account[],
  input: Pick<AddInput, 'provider' | 'kind' | 'label' | 'replace' | 'deck'>,
  facts: LocalFacts = {},
): Account | undefined {
  if (!input.replace) return undefined;
  const label = input.label ?? (facts.identity ? defaultLabelBase(facts.identity) : undefined);
  if (label === undefined) return undefined;
  return accounts.find(
    (a) =>
      a.provider === input.provider &&
      a.kind === input.kind &&
      a.label === label &&
      (a.deck ?? null) === (input.deck ?? null),
  );
}

/**
 * What a replaced account keeps unless the input says otherwise: its endpoint overrides (a self-hosted instance's
 * new token must not go to the vendor's public host) and its KB URL. Endpoints given replace those of the same name.
 */
export function carriedOver(
  existing: Account | undefined,
  input: Pick<AddInput, 'endpoints' | 'url'>,
): { endpoints: Record<string, string>; url: string | undefined } {
  return {
    endpoints: { ...existing?.endpoints, ...input.endpoints },
    url: input.url ?? existing?.resource?.url ?? undefined,
  };
}

/** What an account learns from a check (or, unchecked, from the token itself). */
export function applyCheck(account: Account, result: CheckResult, now: Date = new Date()): void {
  account.health = result.health;
  account.reason = result.reason;
  account.checkedAt = now.toISOString();
  // A failed check tells nothing new about who it is: keep what was learnt before.
  if (result.identity) account.identity = result.identity;
  if (result.resource) account.resource = { ...account.resource, ...result.resource };
  if (result.scopes) account.scopes = result.scopes;
  if (result.expiresAt) account.expiresAt = result.expiresAt;
}

/**
 * Stores one credential into `data` (inside the store's lock): the default label rule, a taken explicit label
 * is an input error unless `replace`, the same secret twice in a provider and kind is an input error, the
 * first of a provider and kind becomes active, and `replace` keeps id, active state and bindings.
 */
export function insertAccount(
  data: StoreData,
  index: AccountIndex,
  input: AddInput,
  facts: LocalFacts,
  now: Date = new Date(),
): AddOutcome {
  const slot = slotOf(index, deckSlot(input.deck, input.provider, input.kind));
  const duplicate = input.secret ? slot.bySecret.get(input.secret) : undefined;
  const identity: Identity | null = input.check?.identity ?? facts.identity ?? null;
  const label = input.label ?? (input.replace ? defaultLabelBase(identity) : undefined);
  const existing = label !== undefined ? slot.byLabel.get(label) : undefined;
  if (existing && !input.replace) {
    throw inputError(
      `${accountRef(existing)} already exists`,
      'choose another --label, or pass --replace to swap its secret',
    );
  }
  if (duplicate && duplicate !== existing) {
    throw inputError(`this token is already stored as ${accountRef(duplicate)} (id ${duplicate.id})`);
  }
  const account: Account = existing ?? {
    id: newAccountId(index.ids),
    provider: input.provider,
    kind: input.kind,
    // A label base read from a vendor's file is outside text: it gets the label alphabet like any identity.
    label:
      label ??
      uniqueLabel(
        defaultLabelBase(input.labelBase !== undefined ? { username: input.labelBase } : identity),
        new Set(slot.byLabel.keys()),
      ),
    secret: input.secret,
    storage: 'file',
    endpoints: {},
    identity: null,
    resource: null,
    scopes: null,
    expiresAt: null,
    remoteTokenId: null,
    description: null,
    createdAt: now.toISOString(),
    checkedAt: null,
    health: 'unchecked',
    reason: null,
  };
  if (existing?.secret) slot.bySecret.delete(existing.secret);
  if (input.from) {
    // A reference is stored instead of the secret: it is resolved each time it is needed.
    account.secret = '';
    account.storage = 'reference';
    account.from = input.from;
  } else if (input.deck || existing?.deck) {
    // The store writes a deck account's entry through pass and keeps nothing of its secret.
    account.secret = input.secret;
    account.storage = 'deck';
    account.deck = input.deck ?? existing?.deck ?? null;
  } else {
    account.secret = input.secret;
    // Replacing a secret keeps it where the account keeps its secrets unless told otherwise (rotate, --replace);
    // a pasted secret replaces a reference.
    const kept = existing?.storage === 'keyring' ? 'keyring' : 'file';
    account.storage = input.storage ?? kept;
    delete account.from;
  }
  // A replaced account keeps its endpoints and KB URL (and what was learnt about that KB) unless new ones are given.
  account.endpoints = carriedOver(existing, input).endpoints;
  const keptResource = existing && !input.url ? existing.resource : null;
  // What an import file or a vendor's config says is outside text too: inert and capped like a service's answer.
  account.resource = inertFields(
    input.url || input.resource
      ? { ...keptResource, ...input.resource, ...(input.url ? { url: input.url } : {}) }
      : keptResource,
  );
  account.identity = facts.identity ?? null;
  account.scopes = facts.scopes ?? null;
  account.expiresAt = facts.expiresAt ?? input.expiresAt ?? null;
  account.remoteTokenId = input.remoteTokenId ?? null;
  account.description = inertOptional(input.description ?? facts.description ?? null);
  account.health = 'unchecked';
  account.reason = null;
  account.checkedAt = null;
  if (input.check) applyCheck(account, input.check, now);
  if (!existing) data.accounts.push(account);
  remember(index, account);
  const key = slotKey(account.provider, account.kind);
  const activeId = data.active[key];
  if (input.activate || !activeId || !index.ids.has(activeId)) data.active[key] = account.id;
  return { account, replaced: Boolean(existing), active: data.active[key] === account.id };
}

/** One entry of a batch that was not stored, and why. */
export interface SkippedEntry {
  /** Position in the input list. */
  index: number;
  input: AddInput;
  reason: string;
  /** The stored account that already has this secret, when that is the reason. */
  existing: Account | null;
}

/** What a batch did. */
export interface BatchOutcome {
  added: Array<AddOutcome & { index: number }>;
  skipped: SkippedEntry[];
}

/** Options of {@link addAccounts}. */
export interface BatchOptions {
  /** Offline facts of a secret (the provider's `inspect`); computed before the lock is taken. */
  inspect: (input: AddInput) => LocalFacts;
  now?: Date;
}

/**
 * Stores many credentials in ONE locked write. A secret already stored in the same provider and kind (or
 * twice in the batch) is skipped, not an error, so provisioning twice is harmless; any other rule broken
 * (a taken label without `replace`, two entries with one label) throws an input error and nothing is stored.
 */
export async function addAccounts(
  store: Store,
  inputs: readonly AddInput[],
  options: BatchOptions,
): Promise<BatchOutcome> {
  const facts = inputs.map((input) => options.inspect(input));
  const now = options.now ?? new Date();
  return store.update((data) => {
    const index = indexAccounts(data.accounts);
    const outcome: BatchOutcome = { added: [], skipped: [] };
    const labelled = new Map<string, number>();
    inputs.forEach((input, i) => {
      const duplicate = findDuplicate(index, input);
      if (duplicate) {
        outcome.skipped.push({
          index: i,
          input,
          reason: `already stored as ${accountRef(duplicate)}`,
          existing: duplicate,
        });
        return;
      }
      if (input.label !== undefined) {
        const key = `${input.provider}/${input.kind}/${input.label}`;
        const first = labelled.get(key);
        if (first !== undefined) throw inputError(`entries ${first + 1} and ${i + 1} both have the label ${key}`);
        labelled.set(key, i);
      }
      try {
        outcome.added.push({ ...insertAccount(data, index, input, facts[i]!, now), index: i });
      } catch (error) {
        if (error instanceof Error)
          error.message = `entry ${i + 1} (${input.provider}/${input.kind}): ${error.message}`;
        throw error;
      }
    });
    return outcome;
  });
}
