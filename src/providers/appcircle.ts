/**
 * Appcircle (providers.md §3): a personal API token (PAT) is exchanged for an access token at
 * `<auth>/auth/v1/token` (form `pat=`); identity and organization come from the OIDC userinfo.
 * Programs get the access token as `AC_ACCESS_TOKEN`, never the PAT.
 */

import type { Credential, HttpResponse, LocalFacts, Provider, ProviderContext } from '../core/adapter.js';
import { errorDetail, HttpError, oauthError } from '../http/errors.js';
import { DEFAULT_ENDPOINTS, resolveEndpoints } from './endpoints.js';
import { claimString, decodeClaims, expiryFromClaims, identityFromClaims } from './jwt.js';
import { acceptedResult, expiredResult, factsFromLocal, guardCheck, hasExpired, mergeIdentity } from './outcome.js';
import { bearer, child, expectOk, freshSession, joinUrl, jsonObject, malformed, sessionKey, text } from './wire.js';

/** The token response's `expires_in` is **open** in providers.md; an hour is what the CLI's mocks say. */
const DEFAULT_SESSION_SECONDS = 3_600;
const USERINFO_PATH = 'auth/realms/appcircle/protocol/openid-connect/userinfo';

function inspect(secret: string): LocalFacts {
  // PATs are opaque; an access token (AC_ACCESS_TOKEN) is a JWT that also names the organization.
  const claims = decodeClaims(secret);
  if (!claims) return {};
  const facts: LocalFacts = { claims, expiresAt: expiryFromClaims(claims) };
  const identity = mergeIdentity(identityFromClaims(claims), {
    id: claimString(claims, 'sub'),
    organization: claimString(claims, 'currentOrganizationId'),
  });
  if (identity) facts.identity = identity;
  const issuer = claimString(claims, 'iss');
  if (issuer) facts.issuer = issuer;
  return facts;
}

/**
 * A refused login in the Appcircle CLI's own terms (`services/index.ts`, which tells them apart for its API-key
 * login on the same auth server): 403 is an organization the credential may not use, so the credential is
 * rejected for it; 400 (other than OAuth's `invalid_grant`, still "rejected") is a request the server would not
 * read, which says nothing about the credential. Anything else goes through the shared mapping.
 */
function loginRefusal(response: HttpResponse): HttpError | null {
  const detail = errorDetail(response.text);
  const because = detail ? `: ${detail}` : '';
  if (response.status === 403) return new HttpError('rejected', `no access to the organization (403)${because}`, 403);
  if (response.status === 400 && oauthError(response.text) !== 'invalid_grant')
    return new HttpError('unreachable', `login request refused as malformed (400)${because}`, 400);
  return null;
}

async function session(credential: Credential, ctx: ProviderContext): Promise<string> {
  if (credential.isSession) return credential.secret;
  const auth = resolveEndpoints(appcircle, credential.endpoints).auth ?? '';
  const key = sessionKey('appcircle', auth, credential.secret);
  const cached = freshSession(ctx.sessions.get(key), ctx.now());
  if (cached) return cached.token;

  const response = await ctx.http.request({
    method: 'POST',
    url: joinUrl(auth, 'auth/v1/token'),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ pat: credential.secret }).toString(),
    secrets: [credential.secret],
    idempotent: true, // exchanging a PAT twice only mints a second short-lived token
  });
  const refused = loginRefusal(response);
  if (refused) throw refused;
  const answer = jsonObject(expectOk(response));
  const token = text(answer, 'access_token');
  if (!token) throw malformed();
  const exp = expiryFromClaims(decodeClaims(token));
  const seconds = Number(answer.expires_in);
  const expiresAt = exp
    ? Date.parse(exp)
    : ctx.now().getTime() + (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_SESSION_SECONDS) * 1000;
  ctx.sessions.set(key, { token, expiresAt });
  return token;
}

/** The organization's name, when the API answers for it; its id otherwise. */
async function organizationName(
  id: string,
  token: string,
  credential: Credential,
  ctx: ProviderContext,
): Promise<string> {
  const api = resolveEndpoints(appcircle, credential.endpoints).api;
  if (!api) return id;
  try {
    const response = await ctx.http.request({
      method: 'GET',
      url: joinUrl(api, `identity/v1/organizations/${encodeURIComponent(id)}`),
      headers: { ...bearer(token), accept: 'application/json' },
      secrets: [token],
    });
    const body = jsonObject(expectOk(response));
    return text(body, 'name') ?? text(child(body, 'data'), 'name') ?? id;
  } catch {
    // The name is a courtesy; userinfo already proved the token.
    return id;
  }
}

/** Appcircle adapter. */
export const appcircle: Provider = {
  id: 'appcircle',
  title: 'Appcircle',
  kinds: ['user'],
  endpoints: DEFAULT_ENDPOINTS.appcircle,
  env: [{ name: 'AC_ACCESS_TOKEN', kind: 'user', role: 'session' }],
  // PATs are made in the dashboard: My Organization → Personal API Token.
  tokenPageUrl: 'https://my.appcircle.io/',
  inspect,

  async check(credential, ctx) {
    const local = inspect(credential.secret);
    const known = factsFromLocal(local);
    // Only an access token carries claims worth trusting offline; a PAT's expiry is unknown here.
    if (!credential.isSession) known.expiresAt = null;
    return guardCheck(known, async () => {
      // An access token (AC_ACCESS_TOKEN) whose own `exp` has passed is judged offline, with no request, where the
      // CLI would send it and get a 401: it can only be refused, and "expired" says why.
      if (hasExpired(known.expiresAt, ctx.now())) return expiredResult(known);
      const token = await session(credential, ctx);
      // The access token names its organization: ask for the name alongside userinfo, not after it
      // (one round trip less; a failed lookup only costs the name).
      const claimed = claimString(decodeClaims(token), 'currentOrganizationId');
      const early = claimed ? organizationName(claimed, token, credential, ctx) : null;
      const auth = resolveEndpoints(appcircle, credential.endpoints).auth ?? '';
      const response = await ctx.http.request({
        method: 'GET',
        url: joinUrl(auth, USERINFO_PATH),
        headers: { ...bearer(token), accept: 'application/json' },
        secrets: [credential.secret, token],
      });
      const info = jsonObject(expectOk(response));
      const orgId = text(info, 'currentOrganizationId') ?? claimed;
      const identity = mergeIdentity(credential.isSession ? local.identity : null, {
        id: text(info, 'sub'),
        email: text(info, 'email'),
        username: text(info, 'preferred_username'),
        name: text(info, 'name'),
        organization: orgId
          ? await (orgId === claimed && early ? early : organizationName(orgId, token, credential, ctx))
          : undefined,
      });
      return acceptedResult({ ...known, identity }, ctx.now());
    });
  },

  async exportEnv(credential, ctx) {
    return { AC_ACCESS_TOKEN: await session(credential, ctx) };
  },

  session,
};
