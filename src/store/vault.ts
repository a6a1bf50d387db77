/**
 * The store's implementation of core's SecretVault port: the OS keyring helper and the bounded reference
 * runner, each loaded only when a secret actually lives there.
 */
import type { SecretVault } from '../core/ports.js';

export const storeVault: SecretVault = {
  async keyringGetAll(ids) {
    return (await import('./keyring.js')).keyringGetAll(ids);
  },
  async resolveSecretRef(ref) {
    return (await import('./secret-command.js')).resolveSecretRef(ref);
  },
};
