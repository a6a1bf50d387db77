/**
 * The local emulator of every service authdeck speaks to (used by tests, `authdeck demo` and `authdeck emulator`).
 * It follows the vendors' wire contracts in providers.md and shares no code with src/providers or src/http:
 * it is the judge of those adapters.
 */
import { isIP } from 'node:net';
import { createAppcircle } from './appcircle.js';
import { createBearer } from './bearer.js';
import { createCurvenote } from './curvenote.js';
import { createEtm } from './etm.js';
import { createKeys } from './jwt.js';
import { endpointsFor } from './layout.js';
import { createNuclia } from './nuclia.js';
import { createPlatform } from './platform.js';
import { EmulatorServer } from './server.js';
import type { EmulatorOptions, RunningEmulator, Vendor, VendorContext } from './types.js';

// The public types, so callers import everything from this one module.
export type {
  EmulatedProvider,
  EmulatorEndpoints,
  EmulatorOptions,
  EmulatorSeed,
  RunningEmulator,
  SeedExpect,
  SeedKind,
} from './types.js';
export { EMULATED_PROVIDERS } from './types.js';

/** True for `localhost`, 127.0.0.0/8 and `::1`: the only places an emulator full of live-looking secrets may listen. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

function createVendors(ctx: VendorContext): Vendor[] {
  return [
    createCurvenote(ctx),
    createNuclia(ctx),
    createAppcircle(ctx),
    createPlatform(ctx, 'platformsh'),
    createPlatform(ctx, 'upsun'),
    createEtm(ctx),
    createBearer(),
  ];
}

/** Starts an emulator on loopback; rejects for a non-loopback host or a bad port or latency. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const latencyMs = options.latencyMs ?? 0;
  if (!isLoopbackHost(host)) {
    throw new Error(`the emulator only listens on loopback (127.0.0.1, ::1, localhost), not on "${host}"`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`invalid port ${port}`);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`invalid latency ${latencyMs}`);

  const keys = await createKeys();
  const server = new EmulatorServer(latencyMs);
  const address = await server.listen(port, host);
  // The bound address, not the name asked for: `localhost` may have bound ::1 and clients must reach the same one.
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostPart}:${address.port}`;
  const endpoints = endpointsFor(url);
  const vendors = createVendors({ base: url, keys });
  server.mount(vendors, { url, endpoints });
  return {
    url,
    endpoints,
    seed: vendors.flatMap((vendor) => vendor.seed.map((entry) => ({ ...entry }))),
    close: () => server.close(),
  };
}
