import { tokenPage } from './display.js';

/** Whether removing an account can also revoke its token on the service, and if not, why. */
export interface Revocation {
  possible: boolean;
  /** Why not, naming where to revoke it by hand; null when possible. */
  reason: string | null;
}

/**
 * The one rule for revoking on remove: only a user token that authdeck created (it knows the token's id on the
 * service) of a provider with a token API. The TUI's remove screen, `remove --revoke` and the test fakes all ask
 * this function.
 */
export function revocationOf(
  account: { kind: string; remoteTokenId?: string | null },
  provider: { id?: string; title: string; tokenPageUrl: string; tokens?: unknown },
): Revocation {
  if (!provider.tokens || account.kind !== 'user') {
    // A generic Bearer token is no service's: never "Bearer token has no API to revoke this token".
    const who =
      provider.id === 'bearer'
        ? 'authdeck cannot revoke a generic Bearer token'
        : `${provider.title} has no API to revoke this token`;
    return { possible: false, reason: `${who}: revoke it at ${tokenPage(provider)}` };
  }
  if (!account.remoteTokenId) {
    return {
      possible: false,
      reason: `${provider.title} can revoke only tokens authdeck created, and this one was pasted: revoke it at ${tokenPage(provider)}`,
    };
  }
  return { possible: true, reason: null };
}
