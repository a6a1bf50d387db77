/**
 * Every provider adapter, by id. Importing this loads no HTTP stack: requests go through the
 * `HttpRequester` each call receives.
 */

import { PROVIDER_IDS, type Provider, type ProviderId } from '../core/adapter.js';
import { appcircle } from './appcircle.js';
import { bearer } from './bearer.js';
import { curvenote } from './curvenote.js';
import { resolveEndpoints } from './endpoints.js';
import { etm } from './etm.js';
import { ingesting } from './ingest.js';
import { nuclia } from './nuclia.js';
import { platformsh } from './platformsh.js';
import { upsun } from './upsun.js';

// Every adapter is wrapped once, here: what a service says is redacted, made inert and capped (ingest.ts).
const byId: Record<ProviderId, Provider> = Object.fromEntries(
  Object.entries({ curvenote, nuclia, appcircle, platformsh, upsun, etm, bearer }).map(([id, p]) => [id, ingesting(p)]),
) as Record<ProviderId, Provider>;

/** Every provider, in the order of `PROVIDER_IDS`. */
export const providers: readonly Provider[] = PROVIDER_IDS.map((id) => byId[id]);

/** Whether a string names a provider. */
export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

/** The provider with this id (ids come from the store or `isProviderId`, so an unknown one is a bug). */
export function getProvider(id: ProviderId): Provider {
  const provider = byId[id];
  if (!provider) throw new Error(`unknown provider ${JSON.stringify(id)}`);
  return provider;
}

/**
 * Every endpoint name of a provider with the URL it resolves to before an account's override
 * (`AUTHDECK_ENDPOINTS`, else the default), empty where it has none (Bearer's who-am-I URL).
 */
export function endpointDefaults(id: ProviderId, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const provider = getProvider(id);
  const resolved = resolveEndpoints(provider, {}, env);
  return Object.fromEntries(Object.keys(provider.endpoints).map((name) => [name, resolved[name] ?? '']));
}
