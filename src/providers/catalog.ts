/** The shipped adapters as the app layer's ProviderCatalog port. */
import type { ProviderCatalog } from '../core/ports.js';
import { decodeClaims } from './jwt.js';
import { endpointDefaults, getProvider, providers } from './registry.js';

export const providerCatalog: ProviderCatalog = {
  all: providers,
  get: getProvider,
  endpointDefaults,
  tokenExpiry(value) {
    const exp = decodeClaims(value)?.exp;
    return typeof exp === 'number' ? exp : undefined;
  },
};
