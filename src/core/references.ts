import { splitDeckRef } from './deck-entry.js';
import { ExitCode, inputError, UserError } from './errors.js';
import type { Account } from './model.js';

/** How an account is named in messages: `provider/label`, or `provider/kind/label` for non-user kinds. */
export function accountRef(account: Pick<Account, 'provider' | 'kind' | 'label' | 'deck'>): string {
  const local =
    account.kind === 'user'
      ? `${account.provider}/${account.label}`
      : `${account.provider}/${account.kind}/${account.label}`;
  return account.deck ? `${account.deck}:${local}` : local;
}

/**
 * The shortest reference that names each account alone among `accounts`, in their order (for completion and
 * hints): the bare label, then `provider/label`, then `provider/kind/label` (after `<deck>:` for an account of a
 * deck, where these count only that deck's accounts), and the id when even that is shared (a local account whose
 * provider, kind and label a deck account has too). Each is what {@link matchReference} resolves to that account
 * alone; counted once for all, so completion over 10,000 accounts stays linear.
 */
export function shortestRefs(accounts: readonly Account[]): string[] {
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  // The keys a reference form matches on, in the scope it searches: every account, or one deck's.
  const keys = (a: Account, scope: string) => [
    `${scope}\0${a.provider}\0${a.label}`,
    `${scope}\0${a.provider}\0${a.kind}\0${a.label}`,
  ];
  for (const a of accounts) {
    count(`\0${a.label}`);
    for (const key of keys(a, '')) count(key);
    if (a.deck) for (const key of keys(a, `:${a.deck}`)) count(key);
  }
  return accounts.map((a) => {
    if (counts.get(`\0${a.label}`) === 1) return a.label;
    const scope = a.deck ? `:${a.deck}` : '';
    const pre = a.deck ? `${a.deck}:` : '';
    const [byProvider, byKind] = keys(a, scope);
    if (counts.get(byProvider!) === 1) return `${pre}${a.provider}/${a.label}`;
    if (counts.get(byKind!) === 1) return `${pre}${a.provider}/${a.kind}/${a.label}`;
    return a.id;
  });
}

/**
 * Finds the accounts a reference can mean (DESIGN.md *Conventions: References*): the id;
 * `provider/label`; `provider/kind/label`; a bare label; any of those after `<deck>:`. Pure: no throwing, the caller decides.
 */
export function matchReference(ref: string, all: readonly Account[]): Account[] {
  const byId = all.filter((a) => a.id === ref);
  if (byId.length > 0) return byId;
  // `team:curvenote/bot-a` names an account of the shared deck `team` (labels never hold a colon).
  const inDeck = splitDeckRef(ref);
  const accounts = inDeck ? all.filter((a) => a.deck === inDeck.deck) : all;
  if (inDeck) ref = inDeck.rest;
  const parts = ref.split('/');
  if (parts.length === 3) {
    const [provider, kind, label] = parts;
    return accounts.filter((a) => a.provider === provider && a.kind === kind && a.label === label);
  }
  if (parts.length === 2) {
    const [provider, label] = parts;
    return accounts.filter((a) => a.provider === provider && a.label === label);
  }
  if (parts.length === 1) return accounts.filter((a) => a.label === ref);
  return [];
}

/** Resolves a reference to exactly one account: ambiguous is an input error listing the candidates, none is exit 4. */
export function resolveReference(ref: string, accounts: readonly Account[]): Account {
  const found = matchReference(ref, accounts);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    throw new UserError(`no account matches ${JSON.stringify(ref)}`, {
      code: ExitCode.notFound,
      hint: 'run `authdeck list` to see the accounts and their references',
    });
  }
  throw inputError(
    `${JSON.stringify(ref)} is ambiguous; it could be: ${found.map((a) => `${accountRef(a)} (id ${a.id})`).join(', ')}`,
    'name it as provider/kind/label or by its id',
  );
}
