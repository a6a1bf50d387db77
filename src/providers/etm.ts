/**
 * Energy Transition Model (providers.md §5): a personal access token is `etm_` (`etm_beta_` on staging) plus
 * an RS256 JWT carrying the user, scopes and expiry; old tokens are opaque. ETEngine has no who-am-I, so
 * validity is confirmed by listing one scenario; a 403 there means the token lacks `scenarios:read`.
 */

import type { Credential, Identity, LocalFacts, Provider } from '../core/adapter.js';
import { DEFAULT_ENDPOINTS, resolveEndpointSources } from './endpoints.js';
import { type Claims, claimList, claimString, decodeClaims, expiryFromClaims } from './jwt.js';
import {
  acceptedResult,
  expiredResult,
  factsFromLocal,
  guardCheck,
  hasExpired,
  mergeIdentity,
  uncheckedResult,
} from './outcome.js';
import { bearer, child, expectOk, joinUrl, text } from './wire.js';

/** Longest first, so `etm_beta_` is not read as `etm_` + `beta_…`. */
const PREFIXES = ['etm_beta_', 'etm_'] as const;
/** What `GET /scenarios` needs. */
const REQUIRED_SCOPES = ['scenarios:read'];

function inspect(secret: string): LocalFacts {
  const prefix = PREFIXES.find((p) => secret.startsWith(p));
  if (!prefix) return {};
  const facts: LocalFacts = { prefix };
  const claims = decodeClaims(secret.slice(prefix.length));
  if (!claims) return facts; // an older opaque token: valid format, nothing to read offline
  facts.claims = claims;
  facts.expiresAt = expiryFromClaims(claims);
  const scopes = claimList(claims, 'scopes') ?? claimList(claims, 'scope');
  if (scopes) facts.scopes = scopes;
  const issuer = claimString(claims, 'iss');
  if (issuer) facts.issuer = issuer;
  const identity = identityOf(claims);
  if (identity) facts.identity = identity;
  return facts;
}

function identityOf(claims: Claims): Identity | undefined {
  const user = child(claims, 'user');
  return (
    mergeIdentity({
      id: text(user, 'id') ?? claimString(claims, 'sub'),
      name: text(user, 'name'),
      email: text(user, 'email'),
    }) ?? undefined
  );
}

/**
 * The engine to ask: an explicit endpoint (per account or AUTHDECK_ENDPOINTS) wins; else the engine the token
 * was made for (its `aud`); else the default. **Open**: MyETM puts engine base URLs in `aud` (no `/api/v3`),
 * so the API path is appended when the audience does not already end with it.
 */
export function engineFor(credential: Credential, claims: Claims | null | undefined): string | undefined {
  const resolved = resolveEndpointSources(etm, credential.endpoints).engine;
  if (resolved && resolved.source !== 'default') return resolved.url;
  const audience = claimList(claims, 'aud')?.find((url) => /^https?:\/\//.test(url));
  if (audience) {
    const base = audience.replace(/\/+$/, '');
    return /\/api\/v3$/.test(base) ? base : `${base}/api/v3`;
  }
  return resolved?.url;
}

/** ETM adapter. */
export const etm: Provider = {
  id: 'etm',
  title: 'Energy Transition Model',
  kinds: ['user'],
  endpoints: DEFAULT_ENDPOINTS.etm,
  env: [{ name: 'ETM_API_TOKEN', kind: 'user', role: 'secret' }],
  tokenPageUrl: `${DEFAULT_ENDPOINTS.etm.identity}/identity/tokens`,
  inspect,

  async check(credential, ctx) {
    const local = inspect(credential.secret);
    const known = factsFromLocal(local);
    return guardCheck(known, async () => {
      // Judged offline, with no request, where the vendor's clients would send it and get a 401: the token's own
      // `exp` is what the engine checks, so a past one can only be refused, and "expired" says why.
      if (hasExpired(known.expiresAt, ctx.now())) return expiredResult(known);
      const engine = engineFor(credential, local.claims);
      if (!engine) return uncheckedResult('no ETEngine endpoint', known);
      const response = await ctx.http.request({
        method: 'GET',
        // One item is enough to prove the token; the engine paginates (providers.md).
        url: `${joinUrl(engine, 'scenarios')}?page=1&per_page=1`,
        headers: { ...bearer(credential.secret), accept: 'application/json' },
        secrets: [credential.secret],
        urlSource:
          engine === resolveEndpointSources(etm, credential.endpoints).engine?.url
            ? 'the ETEngine endpoint'
            : "the token's aud claim",
      });
      if (response.status === 403) {
        const held = known.scopes ?? [];
        const missing = REQUIRED_SCOPES.filter((s) => !held.includes(s));
        const missingScopes = missing.length > 0 ? missing : REQUIRED_SCOPES;
        return {
          ...acceptedResult(known, ctx.now()),
          health: 'insufficient_scope',
          reason: `missing scope ${missingScopes.join(', ')}`,
          missingScopes,
        };
      }
      expectOk(response);
      return acceptedResult(known, ctx.now());
    });
  },

  async exportEnv(credential) {
    return { ETM_API_TOKEN: credential.secret };
  },
};
