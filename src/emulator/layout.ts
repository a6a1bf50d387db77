/**
 * Where each emulated host lives on the one port. Every endpoint has the shape of the vendor's default (a base
 * including any version, or a full URL for bearer's who-am-I), so adapters append exactly the paths they would
 * in production. Each vendor's prefix starts with its provider name, which is how faults find their provider.
 */
import type { EmulatorEndpoints } from './types.js';

/** Path of every named endpoint, relative to the emulator's base URL. */
export const LAYOUT = {
  curvenote: { api: '/curvenote/v1' }, // https://scms.curvenote.com/v1
  nuclia: { global: '/nuclia/accounts', regional: '/nuclia/europe-1' }, // accounts.progress.cloud, europe-1.dp.progress.cloud
  appcircle: { auth: '/appcircle/auth', api: '/appcircle/api' }, // auth.appcircle.io, api.appcircle.io
  platformsh: { auth: '/platformsh/auth', api: '/platformsh/api' }, // auth.api.platform.sh, api.platform.sh
  upsun: { auth: '/upsun/auth', api: '/upsun/api' }, // auth.upsun.com, api.upsun.com
  etm: { engine: '/etm/engine/api/v3', identity: '/etm/identity' }, // engine.…/api/v3, my.energytransitionmodel.com
  bearer: { whoami: '/bearer/whoami' },
} as const satisfies { [P in keyof EmulatorEndpoints]: Record<keyof EmulatorEndpoints[P], string> };

/** Nuclia's regional hosts are `<zone>.dp.<root>`; here they are `/nuclia/<zone>`. */
export function nucliaRegionPath(zone: string): string {
  return `/nuclia/${zone}`;
}

/** The endpoints object of the emulator at `base`. */
export function endpointsFor(base: string): EmulatorEndpoints {
  const at = <T extends Record<string, string>>(paths: T): { [K in keyof T]: string } =>
    Object.fromEntries(Object.entries(paths).map(([name, path]) => [name, base + path])) as { [K in keyof T]: string };
  return {
    curvenote: at(LAYOUT.curvenote),
    nuclia: at(LAYOUT.nuclia),
    appcircle: at(LAYOUT.appcircle),
    platformsh: at(LAYOUT.platformsh),
    upsun: at(LAYOUT.upsun),
    etm: at(LAYOUT.etm),
    bearer: at(LAYOUT.bearer),
  };
}
