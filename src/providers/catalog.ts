/** The shipped adapters as the app layer's ProviderCatalog port. */
import type { ProviderCatalog } from '../core/ports.js';
import { endpointDefaults, getProvider, providers } from './registry.js';

export const providerCatalog: ProviderCatalog = {
  all: providers,
  get: getProvider,
  endpointDefaults,
};
