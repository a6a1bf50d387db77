/**
 * Platform.sh and Upsun (providers.md §4): one protocol, two brands. An API token is exchanged with the
 * `api_token` grant for a short access token (as the PHP CLI sends it: a form body and HTTP Basic with the
 * brand's client id); `/users/me` says who it is; the user's API tokens can be created, listed and revoked.
 */

import type {
  CreatedToken,
  CreateTokenOptions,
  Credential,
  Identity,
  Provider,
  ProviderContext,
  RemoteToken,
} from '../core/adapter.js';
import { resolveEndpoints } from './endpoints.js';
import { decodeClaims, expiryFromClaims } from './jwt.js';
import { acceptedResult, guardCheck, mergeIdentity } from './outcome.js';
import {
  bearer,
  expectOk,
  freshSession,
  isObject,
  isoDate,
  type JsonObject,
  joinUrl,
  jsonArray,
  jsonObject,
  malformed,
  sessionKey,
  text,
} from './wire.js';

/** What differs between the brands. */
export interface PlatformBrand {
  id: 'platformsh' | 'upsun';
  title: string;
  /** OAuth client id sent as the Basic user name. */
  clientId: string;
  /** The token env var the vendor CLI reads. */
  envName: string;
  endpoints: { auth: string; api: string };
  /** The console page where API tokens are made by hand. */
  tokenPageUrl: string;
}

/** The access token's lifetime is **open** in providers.md; 15 minutes is what the vendor's mock answers. */
const DEFAULT_SESSION_SECONDS = 900;

/** Builds the adapter of one brand. */
export function createPlatformProvider(brand: PlatformBrand): Provider {
  const endpoints = (credential: Credential) => resolveEndpoints(provider, credential.endpoints);

  async function session(credential: Credential, ctx: ProviderContext): Promise<string> {
    if (credential.isSession) return credential.secret;
    const auth = endpoints(credential).auth ?? '';
    const key = sessionKey(brand.id, auth, credential.secret);
    const cached = freshSession(ctx.sessions.get(key), ctx.now());
    if (cached) return cached.token;

    // Form-encoded with HTTP Basic, exactly as the PHP CLI (legacy-cli, platformsh-client-php `ApiToken`) sends it,
    // and deliberately not as the JSON body of the JS client `platformsh-client`: the form is what OAuth 2
    // (RFC 6749 §4.5) requires of a token endpoint, so any deployment that takes either shape takes this one.
    const response = await ctx.http.request({
      method: 'POST',
      url: joinUrl(auth, 'oauth2/token'),
      headers: {
        authorization: `Basic ${Buffer.from(`${brand.clientId}:`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'api_token', api_token: credential.secret, scope: '' }).toString(),
      secrets: [credential.secret],
      idempotent: true, // a second exchange only mints a second short-lived token
    });
    // An invalid token is a 400 invalid_grant here (not 401): the shared mapping calls that rejected.
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

  async function me(credential: Credential, ctx: ProviderContext): Promise<{ token: string; user: JsonObject }> {
    const token = await session(credential, ctx);
    const response = await ctx.http.request({
      method: 'GET',
      url: joinUrl(endpoints(credential).api ?? '', 'users/me'),
      headers: { ...bearer(token), accept: 'application/json' },
      secrets: [credential.secret, token],
    });
    const user = jsonObject(expectOk(response));
    if (!text(user, 'id')) throw malformed();
    return { token, user };
  }

  /** `<api>/users/<id>/api-tokens[/<token id>]` of the token's own user. */
  function tokensUrl(credential: Credential, userId: string, tokenId?: string): string {
    const path = `users/${encodeURIComponent(userId)}/api-tokens${tokenId ? `/${encodeURIComponent(tokenId)}` : ''}`;
    return joinUrl(endpoints(credential).api ?? '', path);
  }

  async function createToken(
    credential: Credential,
    options: CreateTokenOptions,
    ctx: ProviderContext,
  ): Promise<CreatedToken> {
    const { token, user } = await me(credential, ctx);
    const response = await ctx.http.request({
      method: 'POST',
      url: tokensUrl(credential, text(user, 'id') ?? ''),
      headers: { ...bearer(token), accept: 'application/json' },
      // `name` is the field the SDK's model most likely uses (providers.md); API tokens have no expiry.
      body: { name: options.description },
      secrets: [credential.secret, token],
    });
    const created = jsonObject(expectOk(response));
    const id = text(created, 'id');
    const plain = text(created, 'token');
    if (!id || !plain) throw malformed();
    return { id, token: plain, expiresAt: null };
  }

  async function listTokens(credential: Credential, ctx: ProviderContext): Promise<RemoteToken[]> {
    const { token, user } = await me(credential, ctx);
    const response = await ctx.http.request({
      method: 'GET',
      url: tokensUrl(credential, text(user, 'id') ?? ''),
      headers: { ...bearer(token), accept: 'application/json' },
      secrets: [credential.secret, token],
    });
    return jsonArray(expectOk(response))
      .filter(isObject)
      .flatMap((t) => {
        const id = text(t, 'id');
        if (!id) return [];
        return [
          {
            id,
            description: text(t, 'name') ?? null,
            expiresAt: null,
            createdAt: isoDate(t, 'created_at'),
            lastUsedAt: isoDate(t, 'last_used_at'),
          },
        ];
      });
  }

  async function revokeToken(credential: Credential, tokenId: string, ctx: ProviderContext): Promise<void> {
    const { token, user } = await me(credential, ctx);
    const response = await ctx.http.request({
      method: 'DELETE',
      url: tokensUrl(credential, text(user, 'id') ?? '', tokenId),
      headers: { ...bearer(token), accept: 'application/json' },
      body: {}, // the vendors' clients send DELETE with a `{}` JSON body
      secrets: [credential.secret, token],
    });
    expectOk(response);
  }

  const provider: Provider = {
    id: brand.id,
    title: brand.title,
    kinds: ['user'],
    endpoints: brand.endpoints,
    env: [{ name: brand.envName, kind: 'user', role: 'secret' }],
    tokenPageUrl: brand.tokenPageUrl,

    // API tokens are opaque: nothing to learn offline.
    inspect: () => ({}),

    async check(credential, ctx) {
      return guardCheck({}, async () => {
        const { user } = await me(credential, ctx);
        const first = text(user, 'first_name');
        const last = text(user, 'last_name');
        const identity: Identity | null = mergeIdentity({
          id: text(user, 'id'),
          username: text(user, 'username'),
          email: text(user, 'email'),
          name: [first, last].filter(Boolean).join(' ') || undefined,
        });
        // API tokens do not expire; only the access token does, and that is renewed as needed.
        return acceptedResult({ identity }, ctx.now());
      });
    },

    async exportEnv(credential) {
      return { [brand.envName]: credential.secret };
    },

    session,
    tokens: { expires: false, create: createToken, list: listTokens, revoke: revokeToken },
  };
  return provider;
}
