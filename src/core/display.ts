import type { CredentialKind, Health, Identity, Resource } from './adapter.js';
import { inert } from './inert.js';

/** The three groups of the accounts list, in order, with their titles. */
export const KIND_GROUPS: ReadonlyArray<{ kind: CredentialKind; title: string }> = [
  { kind: 'user', title: 'User accounts' },
  { kind: 'kb', title: 'Knowledge-box API keys' },
  { kind: 'processing', title: 'Processing keys' },
];

/**
 * How a sentence names the service behind a provider: its title, except the generic Bearer provider,
 * whose service is whatever API the token is for ("the API rejected the token", never "Bearer token
 * rejected the token"). `capital` for the start of a sentence.
 */
export function serviceName(provider: { id: string; title: string }, capital = false): string {
  if (provider.id !== 'bearer') return provider.title;
  return capital ? 'The API' : 'the API';
}

/**
 * A count with thousands separators (`10,000`), as `toLocaleString('en-US')` writes an integer, without loading
 * ICU's number data: that first call cost 25 ms of the TUI's first frame.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** The word a health badge shows. */
export function healthWord(health: Health): string {
  return health === 'insufficient_scope' ? 'no scope' : health;
}

/**
 * Who a credential is, in one short phrase: email, else username; KB title and role; NUA account. Inert (the
 * CLI table and the TUI rows both show it), whatever the store holds.
 */
export function identitySummary(account: {
  kind: CredentialKind;
  identity: Identity | null;
  resource: Resource | null;
}): string {
  return inert(rawIdentitySummary(account));
}

function rawIdentitySummary(account: {
  kind: CredentialKind;
  identity: Identity | null;
  resource: Resource | null;
}): string {
  const { identity, resource } = account;
  if (account.kind === 'kb') {
    const title = resource?.title ?? resource?.slug ?? resource?.kbId;
    return [title, resource?.role].filter(Boolean).join(' · ');
  }
  if (account.kind === 'processing') {
    const who = identity?.organization ?? resource?.accountId ?? identity?.id;
    return [who && `account ${who}`, resource?.region].filter(Boolean).join(' · ');
  }
  // The email first: a token's own claims often carry only the email, the check adds the username, and
  // the row must not change from `ada@example.com` to `ada` once checked.
  const who = identity?.email ?? identity?.username ?? identity?.name ?? '';
  return identity?.organization ? `${who} (${identity.organization})` : who;
}

/** Where a person makes or revokes tokens by hand: the provider's page, or (generic bearer) its issuer. */
export function tokenPage(provider: { tokenPageUrl: string }): string {
  return provider.tokenPageUrl || 'the service that issued it';
}
