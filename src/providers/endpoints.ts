/**
 * Where each provider's service lives. Precedence: a per-account override, then `AUTHDECK_ENDPOINTS`
 * (the emulator's `endpoints` object), then the vendors' defaults. URLs carried by a token itself
 * (Curvenote `aud`, NUA `iss`, a KB key's stored URL) are applied by the adapters, on top of these.
 */

import type { Provider, ProviderId } from '../core/adapter.js';
import { inputError } from '../core/errors.js';
import { endpointOverrides } from '../core/validate.js';

/** Every provider's endpoints by name, with the vendors' defaults. An empty value has no default. */
export const DEFAULT_ENDPOINTS = {
  curvenote: { api: 'https://scms.curvenote.com/v1' },
  nuclia: { global: 'https://accounts.progress.cloud', regional: 'https://europe-1.dp.progress.cloud' },
  appcircle: { auth: 'https://auth.appcircle.io', api: 'https://api.appcircle.io' },
  platformsh: { auth: 'https://auth.api.platform.sh', api: 'https://api.platform.sh' },
  upsun: { auth: 'https://auth.upsun.com', api: 'https://api.upsun.com' },
  etm: { engine: 'https://engine.energytransitionmodel.com/api/v3', identity: 'https://my.energytransitionmodel.com' },
  // A generic bearer API has no sensible default: each account names its own `--endpoint whoami=URL`.
  bearer: { whoami: '' },
} as const satisfies Record<ProviderId, Record<string, string>>;

/** Where a resolved endpoint came from. */
export type EndpointSource = 'account' | 'env' | 'default';

/** One resolved endpoint and its source. */
export interface ResolvedEndpoint {
  url: string;
  source: EndpointSource;
}

type EndpointOverrides = Partial<Record<ProviderId, Record<string, string>>>;

/** The environment variable that replaces the defaults (the emulator prints its value). */
export const ENDPOINTS_ENV = 'AUTHDECK_ENDPOINTS';

let parsedCache: { raw: string; value: EndpointOverrides } | undefined;

/**
 * Parses `AUTHDECK_ENDPOINTS`: a JSON object `{"<provider>":{"<endpoint>":"<url>"}}`. Anything else — invalid
 * JSON, an unknown provider or endpoint name, a value that is not an http(s) URL, a plain-http URL off loopback —
 * is an input error (exit 2) that names the variable.
 */
export function parseEndpointsEnv(raw: string | undefined): EndpointOverrides {
  if (raw === undefined || raw.trim() === '') return {};
  if (parsedCache?.raw === raw) return parsedCache.value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw inputError(`${ENDPOINTS_ENV} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw inputError(`${ENDPOINTS_ENV} must be a JSON object like {"nuclia":{"global":"https://…"}}`);
  }
  const value: EndpointOverrides = {};
  for (const [provider, endpoints] of Object.entries(parsed)) {
    if (!isProviderKey(provider)) {
      throw inputError(
        `${ENDPOINTS_ENV}: unknown provider ${JSON.stringify(provider)} (known: ${Object.keys(DEFAULT_ENDPOINTS).join(', ')})`,
      );
    }
    if (typeof endpoints !== 'object' || endpoints === null || Array.isArray(endpoints)) {
      throw inputError(`${ENDPOINTS_ENV}.${provider} must be an object of endpoint URLs`);
    }
    const names = Object.keys(DEFAULT_ENDPOINTS[provider]);
    for (const [name, url] of Object.entries(endpoints)) {
      if (typeof url !== 'string' || !isHttpUrl(url)) {
        throw inputError(`${ENDPOINTS_ENV}.${provider}.${name} must be an http(s) URL`);
      }
    }
    const urls = endpointOverrides(
      { id: provider, names, from: ENDPOINTS_ENV },
      Object.entries(endpoints),
      (name) => `${ENDPOINTS_ENV}.${provider}.${name}`,
    );
    value[provider] = urls;
  }
  parsedCache = { raw, value };
  return value;
}

/** Each endpoint of a provider with where it came from; endpoints with no value at all are left out. */
export function resolveEndpointSources(
  provider: Pick<Provider, 'id' | 'endpoints'>,
  accountEndpoints: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): Record<string, ResolvedEndpoint> {
  const fromEnv = parseEndpointsEnv(env[ENDPOINTS_ENV])[provider.id] ?? {};
  const out: Record<string, ResolvedEndpoint> = {};
  for (const [name, fallback] of Object.entries(provider.endpoints)) {
    const account = accountEndpoints[name];
    const envUrl = fromEnv[name];
    if (account) out[name] = { url: trimSlash(account), source: 'account' };
    else if (envUrl) out[name] = { url: envUrl, source: 'env' };
    else if (fallback) out[name] = { url: trimSlash(fallback), source: 'default' };
  }
  return out;
}

/** The URL of each endpoint of a provider: per-account override > `AUTHDECK_ENDPOINTS` > default. */
export function resolveEndpoints(
  provider: Pick<Provider, 'id' | 'endpoints'>,
  accountEndpoints: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const resolved = resolveEndpointSources(provider, accountEndpoints, env);
  return Object.fromEntries(Object.entries(resolved).map(([name, { url }]) => [name, url]));
}

function isProviderKey(key: string): key is keyof typeof DEFAULT_ENDPOINTS {
  return Object.hasOwn(DEFAULT_ENDPOINTS, key);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
