/**
 * Curvenote (providers.md §1): a user token is an HS256 JWT whose `aud` is the login URL; it is exchanged
 * there for a 15-minute session. As the Curvenote CLI does (packages/curvenote-cli/src/session/session.ts,
 * `Session.configure`), the session's `cfg` claim is then read for the client configuration, whose `apiUrl` is
 * the API that answers `/my/user`; without a readable `cfg`, the session's `aud` is that API.
 */

import type { Credential, Identity, LocalFacts, Provider, ProviderContext } from '../core/adapter.js';
import { AUTHDECK_NAME, AUTHDECK_VERSION } from '../core/build-info.js';
import { HttpError } from '../http/errors.js';
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
import { bearer, expectOk, freshSession, joinUrl, jsonObject, malformed, sessionKey, text } from './wire.js';

const SESSION_LIFETIME_MS = 15 * 60_000;

/**
 * Sent with the session on every call after the exchange, as the CLI sends `X-Client-Name: Curvenote Javascript
 * Client` and its version (`Session.getHeaders`). The server enforces a minimum version for its own client's name
 * only (scms-server `minimumClient.server.ts`), so authdeck's own name is honest and never refused for its version.
 * The exchange itself goes without them, as the CLI's does.
 */
const CLIENT_HEADERS = { 'x-client-name': AUTHDECK_NAME, 'x-client-version': AUTHDECK_VERSION };

/**
 * The CLI's fallback configuration (`makeDefaultConfig`) maps the audience of a session made by the legacy
 * editor API to the platform API of the same deployment; these are the prefixes it knows.
 */
const LEGACY_AUDIENCES: ReadonlyArray<readonly [prefix: string, api: string]> = [
  ['https://api.curvenote.com', 'https://scms.curvenote.com/v1'],
  ['https://api.curvenote.one', 'https://scms.curvenote.dev/v1'],
  ['http://localhost:8083', 'http://localhost:3031/v1'],
];

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

  // Exactly the CLI's exchange (`Session.refreshSessionToken`): POST to the `aud`, Bearer, a JSON type, no body.
  const response = await ctx.http.request({
    method: 'POST',
    url: loginUrl,
    headers: { ...bearer(credential.secret), 'content-type': 'application/json' },
    secrets: [credential.secret],
    idempotent: true, // minting a session twice is harmless
    urlSource: audience ? "the token's aud claim" : 'the Curvenote API endpoint',
  });
  const token = text(jsonObject(expectOk(response)), 'session');
  // An answer that hands the user token back as the session is no exchange: treated as one, the user token would
  // follow its `cfg` to another origin, and the user token goes only to its exchange.
  if (!token || token === credential.secret) throw malformed();
  const exp = expiryFromClaims(decodeClaims(token));
  const expiresAt = exp ? Date.parse(exp) : ctx.now().getTime() + SESSION_LIFETIME_MS;
  ctx.sessions.set(key, { token, expiresAt });
  return token;
}

/** Where a session's API calls go, and how to name that URL if the destination rule refuses it. */
interface SessionApi {
  url: string;
  source: string;
}

/**
 * Without a usable `cfg`: the session's `aud` (the legacy editor audiences mapped as the CLI maps them), else the
 * configured API. Here authdeck differs from the CLI on purpose: for an audience it does not know, the CLI falls
 * back to production Curvenote (`https://scms.curvenote.com/v1`), which would hand a session minted by one
 * deployment to another; authdeck stays with the deployment that minted it.
 */
function fallbackApi(claims: Claims | null, credential: Credential): SessionApi {
  const audience = claimList(claims, 'aud')?.[0];
  if (!audience)
    return { url: resolveEndpoints(curvenote, credential.endpoints).api ?? '', source: 'the Curvenote API endpoint' };
  const legacy = LEGACY_AUDIENCES.find(([prefix]) => audience.startsWith(prefix));
  return { url: legacy ? legacy[1] : audience, source: "the session's aud claim" };
}

/**
 * The API base a session speaks to, found as the CLI finds it (`Session.configure`): `GET <cfg claim>` with the
 * session as Bearer and the client headers, then the answer's `apiUrl`. Any failure to read it (no `cfg`, an
 * error status, an unreadable answer, no `apiUrl`, a destination the one rule refuses) falls back, as the CLI's
 * `catch` does, to {@link fallbackApi}: the config is optional, the check that follows decides the health.
 *
 * The `cfg` URL is followed to whatever origin it names, as the CLI does, because it is a claim of the session,
 * chosen by the very server that minted the session and so already holds it: sending the session there gives it
 * to no one new. Only the session goes there, never the user token, and only where the client's one destination
 * rule allows a secret (https, or http on loopback); the same holds for the `apiUrl` it names.
 */
async function apiOfSession(token: string, credential: Credential, ctx: ProviderContext): Promise<SessionApi> {
  const claims = decodeClaims(token);
  const cfg = claimString(claims, 'cfg');
  if (cfg) {
    try {
      const response = await ctx.http.request({
        method: 'GET',
        url: cfg,
        headers: { ...bearer(token), ...CLIENT_HEADERS, accept: 'application/json' },
        secrets: [credential.secret, token],
        urlSource: "the session's cfg claim",
      });
      const apiUrl = text(jsonObject(expectOk(response)), 'apiUrl');
      if (apiUrl) return { url: apiUrl, source: "the Curvenote config's apiUrl" };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
    }
  }
  return fallbackApi(claims, credential);
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
      // Judged offline, where the CLI would still try the exchange: the token's own `exp` is what the server
      // checks too, so a past one can only be refused, and saying "expired" beats a bare 401 from the server.
      if (hasExpired(local.expiresAt, ctx.now())) return expiredResult(known);
      const token = await session(credential, ctx);
      const api = await apiOfSession(token, credential, ctx);
      const response = await ctx.http.request({
        method: 'GET',
        url: joinUrl(api.url, 'my/user'),
        headers: { ...bearer(token), ...CLIENT_HEADERS, accept: 'application/json' },
        secrets: [credential.secret, token],
        urlSource: api.source,
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
