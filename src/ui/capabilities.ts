/**
 * What an account's provider can do through its API, so that screens offer only those actions
 * (a rotate that can only fail is never offered, nor confirmed).
 */
import type { AccountView } from '../app/accounts.js';
import type { ProviderInfo } from '../app/service.js';

/** Whether personal tokens can be created (and so rotated) with this account. */
export function canMakeTokens(account: AccountView, providers: readonly ProviderInfo[]): boolean {
  const provider = providers.find((p) => p.id === account.provider);
  return Boolean(provider?.tokens) && account.kind === 'user';
}

/** The provider's title, or its id when unknown. */
export function providerTitle(account: { provider: string }, providers: readonly ProviderInfo[]): string {
  return providers.find((p) => p.id === account.provider)?.title ?? account.provider;
}

/**
 * A check's reason as the TUI says it: the providers word some reasons for the plain commands
 * (`add the account with --endpoint whoami=URL`); here the screen offers that job itself.
 */
export function reasonInTui(reason: string | null): string | null {
  if (!reason) return reason;
  return reason.replace(/add the account with --endpoint whoami=URL/, 'set it in the details (Enter, then E)');
}
