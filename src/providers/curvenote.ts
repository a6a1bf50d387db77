/**
 * Curvenote (providers.md §1): a user token is an HS256 JWT whose `aud` is the login URL; it is exchanged
 * there for a 15-minute session, and the session's `aud` is the API that answers `/my/user`.
 */
import { DEFAULT_ENDPOINTS, resolveEndpoints } from './endpoints.js';
import { type Claims, claimList, claimString, decodeClaims, expiryFromClaims } from './jwt.js';
import {
  acceptedResult,
  expiredResult,
  factsFromLocal,
  guardCheck,
  hasExpired,
  mergeIdentity,
  rejectedResult,
} from './outcome.js';
import type { Credential, Identity, LocalFacts, Provider, ProviderContext } from './types.js';
import { bearer, expectOk, freshSession, joinUrl, jsonObject, malformed, sessionKey, text } from './wire.js';

const SESSION_LIFETIME_MS = 15 * 60_000;

function inspect(secret: string): LocalFacts {
  const claims = decodeClaims(secret);
  if (!claims) return {};
  const facts: LocalFacts = { claims, expiresAt: expiryFromClaims(claims) };
  const identity = identityOf(claims);
  if (identity) facts.identity = identity;
  const issuer = claimString(claims, 'iss');
  if (issuer) facts.issuer = issuer;
  const note = claimString(claims, 'note');
  if (note) facts.description = note;
  return facts;
}

function identityOf(claims: Claims): Identity | undefined {
  // A user token's `sub` is `<userId>/<tokenId>`; `user_id` says the same more plainly.
  const id = claimString(claims, 'user_id') ?? claimString(claims, 'sub')?.split('/')[0];
  return mergeIdentity({ id, name: claimString(claims, 'name'), email: claimString(claims, 'email') }) ?? undefined;
}

/** A token whose issuer ends in `/session` already is a session (providers.md). */
function isSessionToken(claims: Claims | null): boolean {
  return /\/session\/?$/.test(claimString(claims, 'iss') ?? '');
}

async function session(credential: Credential, ctx: ProviderContext): Promise<string> {
  const claims = decodeClaims(credential.secret);
  if (credential.isSession || isSessionToken(claims)) return credential.secret;
  // The exchange goes to the token's own `aud`, verbatim: the token knows which deployment made it.
  const audience = claimList(claims, 'aud')?.[0];
  const loginUrl = audience ?? joinUrl(resolveEndpoints(curvenote, credential.endpoints).api ?? '', 'login');
  const key = sessionKey('curvenote', loginUrl, credential.secret);
  const cached = freshSession(ctx.sessions.get(key), ctx.now());
  if (cached) return cached.token;

  const response = await ctx.http.request({
    method: 'POST',
    url: loginUrl,
    headers: { ...bearer(credential.secret), 'content-type': 'application/json' },
    secrets: [credential.secret],
    idempotent: true, // minting a session twice is harmless
    urlSource: audience ? "the token's aud claim" : 'the Curvenote API endpoint',
  });
  const token = text(jsonObject(expectOk(response)), 'session');
  if (!token) throw malformed();
  const exp = expiryFromClaims(decodeClaims(token));
  const expiresAt = exp ? Date.parse(exp) : ctx.now().getTime() + SESSION_LIFETIME_MS;
  ctx.sessions.set(key, { token, expiresAt });
  return token;
}

/** The API base a session speaks to: its `aud`, else the configured API. */
function apiOfSession(token: string, credential: Credential): string {
  return claimList(decodeClaims(token), 'aud')?.[0] ?? resolveEndpoints(curvenote, credential.endpoints).api ?? '';
}

/** Curvenote adapter. */
export const curvenote: Provider = {
  id: 'curvenote',
  title: 'Curvenote',
  kinds: ['user'],
  endpoints: DEFAULT_ENDPOINTS.curvenote,
  env: [{ name: 'CURVENOTE_TOKEN', kind: 'user', role: 'secret' }],
  tokenPageUrl: 'https://curvenote.com/profile?settings=true&tab=profile-api',
  inspect,

  async check(credential, ctx) {
    const local = inspect(credential.secret);
    const known = factsFromLocal(local);
    return guardCheck(known, async () => {
      if (!local.claims) {
        return rejectedResult('not a Curvenote API token (not a JWT)', known);
      }
      if (hasExpired(local.expiresAt, ctx.now())) return expiredResult(known);
      const token = await session(credential, ctx);
      const response = await ctx.http.request({
        method: 'GET',
        url: joinUrl(apiOfSession(token, credential), 'my/user'),
        headers: { ...bearer(token), accept: 'application/json' },
        secrets: [credential.secret, token],
        urlSource: "the session's aud claim (or the Curvenote API endpoint)",
      });
      const user = jsonObject(expectOk(response));
      const identity = mergeIdentity(local.identity, {
        id: text(user, 'id'),
        username: text(user, 'username'),
        email: text(user, 'email'),
        name: text(user, 'display_name'),
      });
      return acceptedResult({ ...known, identity }, ctx.now());
    });
  },

  async exportEnv(credential) {
    return { CURVENOTE_TOKEN: credential.secret };
  },

  session,
};
