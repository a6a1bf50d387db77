// The composition root's wiring (src/cli/main.ts), for tests that run core and the service in-process.
import { wireVault } from '../../src/core/vault.js';
import { storeVault } from '../../src/store/vault.js';

wireVault(storeVault);
