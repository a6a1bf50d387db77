/**
 * Nuclia (providers.md §2), three kinds of credential:
 * - `user`: a user token or personal access token, checked on the global host; it manages PATs;
 * - `kb`: a Knowledge Box API key, checked at its stored KB URL, role from the regional `authorizer/info`;
 * - `processing`: a NUA key, a JWT whose `iss` is the regional base that checks it.
 */

import type {
  CheckResult,
  CreatedToken,
  Credential,
  CredentialKind,
  LocalFacts,
  Provider,
  ProviderContext,
  RemoteToken,
  Resource,
} from '../core/adapter.js';
import { HttpError } from '../http/errors.js';
import { DEFAULT_ENDPOINTS, resolveEndpoints } from './endpoints.js';
import { claimString, decodeClaims, expiryFromClaims, identityFromClaims } from './jwt.js';
import {
  acceptedResult,
  expiredResult,
  factsFromLocal,
  guardCheck,
  hasExpired,
  type KnownFacts,
  mergeIdentity,
  uncheckedResult,
} from './outcome.js';
import {
  bearer,
  child,
  expectOk,
  isObject,
  isoDate,
  joinUrl,
  jsonArray,
  jsonObject,
  malformed,
  regionOf,
  text,
} from './wire.js';

const DAY_MS = 24 * 3_600_000;
/** The Nuclia CLI's own wording for a refused user token and NUA key. */
const LOGIN_REQUIRED = 'Login required (token expired or invalid)';
const NUA_INVALID = 'NUA key is invalid or expired';

/**
 * Sent on every request. Nuclia's clients send `Content-Type: application/json` on every request, GETs included
 * (providers.md). The JS SDK (`@nuclia/core`) also sends `x-ndb-client` on every request, naming the kind of
 * client for NucliaDB's audit. That value is not free text: NucliaDB reads the header as its `NucliaDBClientType`
 * enum (`api`, `widget`, `web`, `dashboard`, `desktop`, `chrome_extension`; FastAPI answers 422 to anything else on
 * the endpoints that declare it), so authdeck sends `api`, what a program calling the API is (NucliaDB's own
 * default), and names itself by name in `User-Agent` (`authdeck`), as the Python SDK names itself there.
 */
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json', 'x-ndb-client': 'api' };

function inspect(secret: string, kind: CredentialKind): LocalFacts {
  const claims = decodeClaims(secret);
  if (!claims) return {};
  const facts: LocalFacts = { claims, expiresAt: expiryFromClaims(claims) };
  const iss = claimString(claims, 'iss');
  // A NUA key's issuer is its regional base URL; a trailing slash is not part of it.
  if (iss) facts.issuer = kind === 'processing' ? iss.replace(/\/+$/, '') : iss;
  const identity = identityFromClaims(claims);
  if (identity) facts.identity = identity;
  return facts;
}

function endpoints(credential: Credential): Record<string, string> {
  return resolveEndpoints(nuclia, credential.endpoints);
}

async function checkUser(credential: Credential, ctx: ProviderContext, known: KnownFacts): Promise<CheckResult> {
  const global = endpoints(credential).global ?? '';
  const headers = { ...JSON_HEADERS, ...bearer(credential.secret) };
  const secrets = [credential.secret];
  expectOk(
    await ctx.http.request({ method: 'GET', url: joinUrl(global, 'api/v1/user/welcome'), headers, secrets }),
    LOGIN_REQUIRED,
  );
  const user = jsonObject(
    expectOk(
      await ctx.http.request({ method: 'GET', url: joinUrl(global, 'api/v1/user'), headers, secrets }),
      LOGIN_REQUIRED,
    ),
  );
  const identity = mergeIdentity(known.identity, {
    name: text(user, 'name'),
    email: text(user, 'email'),
    accountType: text(user, 'type'),
  });
  return acceptedResult({ ...known, identity }, ctx.now());
}

/** The regional base of a KB URL: the URL without its `/api/v1/kb/<id>` suffix (providers.md). */
export function regionalBaseOfKb(kbUrl: string): string | undefined {
  const base = kbUrl.replace(/\/+$/, '').replace(/\/api\/v1\/kb\/[^/]+$/, '');
  return base === kbUrl.replace(/\/+$/, '') ? undefined : base;
}

async function checkKb(credential: Credential, ctx: ProviderContext, known: KnownFacts): Promise<CheckResult> {
  const kbUrl = credential.resource?.url;
  if (!kbUrl) return uncheckedResult('no Knowledge Box URL stored with this key (add it with --url)', known);
  const headers = { ...JSON_HEADERS, 'x-nuclia-serviceaccount': `Bearer ${credential.secret}` };
  const secrets = [credential.secret];
  const kb = jsonObject(
    expectOk(await ctx.http.request({ method: 'GET', url: kbUrl, headers, secrets, urlSource: 'the KB URL' })),
  );
  const resource: Resource = { ...credential.resource, url: kbUrl };
  assign(resource, {
    kbId: text(kb, 'uuid'),
    slug: text(kb, 'slug'),
    title: text(child(kb, 'config'), 'title') ?? text(kb, 'title'),
    region: regionOf(kbUrl),
  });

  // The role is a courtesy: the KB itself already answered, so a failure here does not change the health.
  const regional = regionalBaseOfKb(kbUrl) ?? endpoints(credential).regional;
  if (regional) {
    try {
      const info = jsonObject(
        expectOk(
          await ctx.http.request({ method: 'GET', url: joinUrl(regional, 'api/authorizer/info'), headers, secrets }),
        ),
      );
      const user = child(info, 'user');
      const role = text(user, 'role');
      assign(resource, {
        role: role?.replace(/^S/, ''),
        accountId: text(user, 'account_id'),
        kbId: text(user, 'kb_id'),
      });
    } catch {
      // Keep what the KB answered.
    }
  }
  return acceptedResult({ ...known, resource }, ctx.now());
}

async function checkProcessing(credential: Credential, ctx: ProviderContext, known: KnownFacts): Promise<CheckResult> {
  const local = inspect(credential.secret, 'processing');
  // The key says which region issued it; the configured regional host is only a fallback for opaque keys.
  const base = local.issuer ?? endpoints(credential).regional;
  if (!base)
    return uncheckedResult('this NUA key names no region (no iss claim) and no regional endpoint is set', known);
  const response = await ctx.http.request({
    method: 'GET',
    url: joinUrl(base, 'api/authorizer/info'),
    headers: { ...JSON_HEADERS, 'x-nuclia-nuakey': `Bearer ${credential.secret}` },
    secrets: [credential.secret],
    urlSource: local.issuer ? "the NUA key's iss claim" : 'the regional endpoint',
  });
  const user = child(jsonObject(expectOk(response, NUA_INVALID)), 'user');
  if (!user) throw malformed();
  const identity = mergeIdentity(known.identity, {
    id: text(user, 'user_id'),
    accountType: text(user, 'account_type'),
    organization: text(user, 'account_id'),
  });
  const resource: Resource = {};
  assign(resource, { accountId: text(user, 'account_id'), region: regionOf(base), url: base });
  return acceptedResult({ ...known, identity, resource }, ctx.now());
}

/** Personal access tokens exist for the user kind only. */
function requireUser(credential: Credential): void {
  if (credential.kind !== 'user') {
    throw new HttpError('rejected', `personal access tokens need a Nuclia user token, not a ${credential.kind} key`);
  }
}

async function createToken(
  credential: Credential,
  options: { description: string; days: number },
  ctx: ProviderContext,
): Promise<CreatedToken> {
  requireUser(credential);
  const global = endpoints(credential).global ?? '';
  const expiration = new Date(ctx.now().getTime() + options.days * DAY_MS).toISOString();
  const response = await ctx.http.request({
    method: 'POST',
    url: joinUrl(global, 'api/v1/user/pa_tokens'),
    headers: { ...JSON_HEADERS, ...bearer(credential.secret) },
    body: { description: options.description, expiration_date: expiration },
    secrets: [credential.secret],
  });
  const created = jsonObject(expectOk(response, LOGIN_REQUIRED));
  const id = text(created, 'id');
  const token = text(created, 'token');
  if (!id || !token) throw malformed();
  return { id, token, expiresAt: isoDate(created, 'expires') ?? expiration };
}

async function listTokens(credential: Credential, ctx: ProviderContext): Promise<RemoteToken[]> {
  requireUser(credential);
  const response = await ctx.http.request({
    method: 'GET',
    url: joinUrl(endpoints(credential).global ?? '', 'api/v1/user/pa_tokens'),
    headers: { ...JSON_HEADERS, ...bearer(credential.secret) },
    secrets: [credential.secret],
  });
  return jsonArray(expectOk(response, LOGIN_REQUIRED))
    .filter(isObject)
    .flatMap((t) => {
      const id = text(t, 'id');
      if (!id) return [];
      return [
        {
          id,
          description: text(t, 'description') ?? null,
          expiresAt: isoDate(t, 'expires'),
          createdAt: isoDate(t, 'created') ?? isoDate(t, 'created_at'),
          lastUsedAt: isoDate(t, 'last_used') ?? isoDate(t, 'last_used_at'),
        },
      ];
    });
}

async function revokeToken(credential: Credential, tokenId: string, ctx: ProviderContext): Promise<void> {
  requireUser(credential);
  const response = await ctx.http.request({
    method: 'DELETE',
    // Singular `pa_token` here, unlike create and list (providers.md).
    url: joinUrl(endpoints(credential).global ?? '', `api/v1/user/pa_token/${encodeURIComponent(tokenId)}`),
    headers: { ...JSON_HEADERS, ...bearer(credential.secret) },
    secrets: [credential.secret],
  });
  expectOk(response, LOGIN_REQUIRED);
}

/** Copies the defined values of `values` into `target`. */
function assign(target: Resource, values: Partial<Record<keyof Resource, string | undefined>>): void {
  for (const [key, value] of Object.entries(values) as Array<[keyof Resource, string | undefined]>) {
    if (value !== undefined && value !== '') target[key] = value;
  }
}

/** Nuclia adapter: user tokens, KB API keys and NUA keys. */
export const nuclia: Provider = {
  id: 'nuclia',
  title: 'Nuclia',
  kinds: ['user', 'kb', 'processing'],
  endpoints: DEFAULT_ENDPOINTS.nuclia,
  // Nuclia's CLI reads no env vars for tokens; these names are authdeck's own convention.
  env: [
    { name: 'NUCLIA_TOKEN', kind: 'user', role: 'secret' },
    { name: 'NUCLIA_KB_API_KEY', kind: 'kb', role: 'secret' },
    { name: 'NUCLIA_KB_URL', kind: 'kb', role: 'url' },
    { name: 'NUCLIA_NUA_KEY', kind: 'processing', role: 'secret' },
  ],
  tokenPageUrl: 'https://rag.progress.cloud/',
  inspect,

  async check(credential, ctx) {
    const known = factsFromLocal(inspect(credential.secret, credential.kind));
    if (credential.kind === 'kb' && credential.resource) known.resource = { ...credential.resource };
    return guardCheck(known, async () => {
      // Judged offline, with no request, where the SDK would send it and read the 401/403 as "Login required": a
      // token or NUA key whose own `exp` has passed can only be refused, and "expired" says why.
      if (hasExpired(known.expiresAt, ctx.now())) return expiredResult(known);
      if (credential.kind === 'kb') return checkKb(credential, ctx, known);
      if (credential.kind === 'processing') return checkProcessing(credential, ctx, known);
      return checkUser(credential, ctx, known);
    });
  },

  async exportEnv(credential): Promise<Record<string, string>> {
    if (credential.kind === 'kb') {
      const url = credential.resource?.url;
      return url
        ? { NUCLIA_KB_API_KEY: credential.secret, NUCLIA_KB_URL: url }
        : { NUCLIA_KB_API_KEY: credential.secret };
    }
    if (credential.kind === 'processing') return { NUCLIA_NUA_KEY: credential.secret };
    return { NUCLIA_TOKEN: credential.secret };
  },

  tokens: { expires: true, create: createToken, list: listTokens, revoke: revokeToken },
};
