import type { CheckResult, Provider } from './adapter.js';
import { serviceName } from './display.js';
import { ExitCode, type ExitCodeValue } from './errors.js';

/** Whether a checked credential may be stored, and what to tell the person. */
export type Admission =
  | { store: true; warning: string | null }
  | { store: false; code: ExitCodeValue; message: string; hint: string };

/**
 * The rule of `add`: rejected or expired is refused (exit 1) with the token page; unreachable stores
 * nothing (exit 3) and suggests --no-check; insufficient scope is stored with a warning.
 */
export function admit(result: CheckResult, provider: Provider): Admission {
  switch (result.health) {
    case 'valid':
    case 'expiring':
      return { store: true, warning: result.health === 'expiring' ? `it expires soon (${result.expiresAt})` : null };
    case 'unchecked':
      return { store: true, warning: `it could not be checked${result.reason ? `: ${result.reason}` : ''}` };
    case 'insufficient_scope':
      return {
        store: true,
        warning: `the token lacks scope${result.missingScopes?.length ? ` ${result.missingScopes.join(', ')}` : ''}${
          result.reason ? ` (${result.reason})` : ''
        }`,
      };
    case 'rejected':
    case 'expired':
      return {
        store: false,
        code: ExitCode.failed,
        message: `${serviceName(provider, true)} ${result.health === 'expired' ? 'says the token has expired' : 'rejected the token'}${
          result.reason ? `: ${result.reason}` : ''
        }; nothing was stored`,
        hint: provider.tokenPageUrl
          ? `make a new token at ${provider.tokenPageUrl}`
          : 'check the token with its issuer',
      };
    case 'unreachable':
      return {
        store: false,
        code: ExitCode.unreachable,
        message: `could not reach ${serviceName(provider)}${result.reason ? `: ${result.reason}` : ''}; nothing was stored`,
        hint: 'check your network, or store it unchecked with --no-check',
      };
  }
}
