/**
 * The composition root's wiring: the store, the vault, the HTTP client and the providers plugged into the app
 * layer's ports. src/cli/main.ts wires them before any command runs; test/support/wire-ports.ts wires the same.
 */
import type { Ports } from '../core/ports.js';
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
  decks: () => import('../store/deck-ops.js'),
  upkeep: () => import('../store/upkeep.js'),
};
