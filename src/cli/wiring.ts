/**
 * The composition root's wiring: the store, the vault, the HTTP client and the providers plugged into the app
 * layer's ports. src/cli/main.ts wires them before any command runs; test/support/wire-ports.ts wires the same.
 */
import type { Ports, VendorConfigs } from '../core/ports.js';
import { httpFactory } from '../http/factory.js';
import { providerCatalog } from '../providers/catalog.js';
import { hostFiles } from '../store/host-files.js';
import { storeVault } from '../store/vault.js';

export const cliPorts: Ports = {
  vault: storeVault,
  http: httpFactory,
  providers: providerCatalog,
  files: hostFiles,
  clock: { now: () => new Date() },
  hookStamps: () => import('../store/hook-stamp.js'),
  vendors: vendorConfigs,
  decks: () => import('../store/deck-ops.js'),
  upkeep: () => import('../store/upkeep.js'),
};

/** The vendor config readers over the bounded reader, on this platform: loaded only by `import <vendor>`. */
async function vendorConfigs(): Promise<VendorConfigs> {
  const [{ appcircleHasSession, IMPORT_VENDORS, isImportVendor, readVendor }, { vendorFiles }] = await Promise.all([
    import('../providers/vendor-configs.js'),
    import('./read-input.js'),
  ]);
  const at = (env: NodeJS.ProcessEnv) => ({ env, platform: process.platform });
  return {
    importable: IMPORT_VENDORS,
    read(vendor, env) {
      if (!isImportVendor(vendor)) throw new Error(`authdeck reads no ${vendor} CLI config`);
      return readVendor(vendor, at(env), vendorFiles);
    },
    appcircleSession: (env) => appcircleHasSession(at(env), vendorFiles),
  };
}
