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
 * deck), and the id when even that is shared (a local account whose provider, kind and label a deck account has
 * too). Counted as {@link matchReference} searches: a bare or unprefixed reference among every account, a
 * `<deck>:` one among its deck's; once for all, so completion over 10,000 accounts stays linear.
 */
export function shortestRefs(accounts: readonly Account[]): string[] {
  const forms = (a: Account, pre: string) => [
    `${pre}${a.provider}/${a.label}`,
    `${pre}${a.provider}/${a.kind}/${a.label}`,
  ];
  const found = new Map<string, number>();
  for (const a of accounts) {
    for (const ref of [a.label, ...forms(a, ''), ...(a.deck ? forms(a, `${a.deck}:`) : [])])
      found.set(ref, (found.get(ref) ?? 0) + 1);
  }
  return accounts.map(
    (a) => [a.label, ...forms(a, a.deck ? `${a.deck}:` : '')].find((ref) => found.get(ref) === 1) ?? a.id,
  );
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
