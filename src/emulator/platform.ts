/**
 * Platform.sh and Upsun (providers.md §4): one protocol, two brands, each with its own users on its own prefix.
 *   auth `<base>/<brand>/auth` (like https://auth.upsun.com)
 *     POST /oauth2/token    grant_type=api_token&api_token=… as form or JSON; client id by Basic or `client_id`
 *     POST /oauth2/revoke   token=… (RFC 7009: 200 whatever the token)
 *   api  `<base>/<brand>/api` (like https://api.upsun.com)
 *     GET /users/me; GET|POST /users/<id>/api-tokens; GET|DELETE /users/<id>/api-tokens/<token id>
 * An invalid API token is 400 `invalid_grant`, never 401: the JS client hangs on a 401 from the token endpoint.
 */
import { STATUS_CODES } from 'node:http';
import { signJwt } from './jwt.js';
import { LAYOUT } from './layout.js';
import { LABELS, MintCounter, mintedLabel, mintedPersona, PERSONAS, type Persona, seedEntry } from './seed.js';
import { epochSeconds, type Grant, GrantTable, randomBase62, uuid } from './state.js';
import {
  type EmulatorSeed,
  type SeedKind,
  UnsupportedKindError,
  type Vendor,
  type VendorContext,
  type VendorRequest,
  type VendorResponse,
} from './types.js';
import { basicUser, bearerToken, bodyFields, iso, isRecord, json, noContent, parseBody } from './wire.js';

/** The two brands of the one protocol. */
export type PlatformBrand = 'platformsh' | 'upsun';

/**
 * OAuth client ids each brand's auth server accepts. Upsun also takes `platform-cli` because the JS client
 * (`platformsh-client`) always sends it.
 */
const CLIENT_IDS: Record<PlatformBrand, readonly string[]> = {
  platformsh: ['platform-cli'],
  upsun: ['upsun-cli', 'platform-cli'],
};

/** Access token lifetime; **open** in providers.md (the vendor's mock uses 60 s, the real service ~15 min). */
const ACCESS_TTL_S = 900;

interface PlatformUser {
  id: string;
  persona: Persona;
  createdAt: number;
}

interface ApiToken {
  id: string;
  name: string;
  secret: string;
  createdAt: number;
  lastUsedAt: number | null;
}

type PlatformGrant =
  | { type: 'api_token'; user: PlatformUser; tokenId: string }
  | { type: 'access'; user: PlatformUser };

interface PlatformWorld {
  grants: GrantTable<PlatformGrant>;
  /** API tokens by user id then token id, in creation order. */
  tokens: Map<string, Map<string, ApiToken>>;
}

const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>) =>
  json(status, { error, error_description: description }, headers);

/** The API's error envelope. */
const apiError = (status: number, message: string): VendorResponse =>
  json(status, { status: 'error', code: status, message, title: STATUS_CODES[status] ?? 'Error' });

/** Builds one brand's emulation: a named user with one live and one deleted API token. */
export function createPlatform(ctx: VendorContext, brand: PlatformBrand): Vendor {
  const authPrefix = LAYOUT[brand].auth;
  const apiPrefix = LAYOUT[brand].api;
  const auth = `${ctx.base}${authPrefix}`;
  const counter = new MintCounter();

  const newUser = (persona: Persona, now: number): PlatformUser => ({ id: uuid(), persona, createdAt: now });
  // API tokens are opaque: 43 alphanumerics.
  const newToken = (name: string, now: number): ApiToken => ({
    id: uuid(),
    name,
    secret: randomBase62(43),
    createdAt: now,
    lastUsedAt: null,
  });
  const tokenGrant = (user: PlatformUser, token: ApiToken): Grant<PlatformGrant> => ({
    secret: token.secret,
    expiresAt: null,
    revoked: false,
    data: { type: 'api_token', user, tokenId: token.id },
  });

  const start = Date.now();
  const owner = newUser(PERSONAS[brand], start);
  const live = newToken('laptop', start);
  const deleted = newToken('old laptop', start);
  const fixtures: Array<{ label: string; expect: EmulatorSeed['expect']; grant: Grant<PlatformGrant> }> = [
    { label: LABELS.valid, expect: 'valid', grant: tokenGrant(owner, live) },
    { label: LABELS.revoked, expect: 'rejected', grant: { ...tokenGrant(owner, deleted), revoked: true } },
  ];
  const seed = fixtures.map((f) => seedEntry(brand, 'user', f.label, f.grant.secret, f.expect));
  const freshWorld = (): PlatformWorld => ({
    grants: GrantTable.from(fixtures.map((f) => f.grant)),
    // Copies, because `lastUsedAt` changes as tokens are used.
    tokens: new Map([[owner.id, new Map([[live.id, { ...live }]])]]),
  });
  let world = freshWorld();

  const tokensOf = (user: PlatformUser): Map<string, ApiToken> => {
    let tokens = world.tokens.get(user.id);
    if (!tokens) {
      tokens = new Map();
      world.tokens.set(user.id, tokens);
    }
    return tokens;
  };
  const addToken = (user: PlatformUser, name: string, now: number): ApiToken => {
    const token = newToken(name, now);
    tokensOf(user).set(token.id, token);
    world.grants.add(tokenGrant(user, token));
    return token;
  };

  const exchange = (req: VendorRequest): VendorResponse => {
    const body = parseBody(req);
    if (body.kind !== 'form' && body.kind !== 'json') {
      return oauthError(400, 'invalid_request', body.kind === 'invalid' ? body.reason : 'Missing request body');
    }
    const fields = bodyFields(body);
    const basic = basicUser(req);
    const bodyClient = fields.get('client_id');
    if (basic && bodyClient && basic !== bodyClient) {
      return oauthError(400, 'invalid_request', 'client_id does not match the Authorization header');
    }
    const clientId = basic ?? bodyClient;
    if (!clientId || !CLIENT_IDS[brand].includes(clientId)) {
      // RFC 6749 §5.2: 401 when the client authenticated with the Authorization header, else 400.
      return basic
        ? oauthError(401, 'invalid_client', 'Client authentication failed', {
            'www-authenticate': 'Basic realm="oauth2"',
          })
        : oauthError(400, 'invalid_client', 'Client authentication failed');
    }
    const grantType = fields.get('grant_type');
    if (grantType !== 'api_token') {
      return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType ?? '(none)'}`);
    }
    const apiToken = fields.get('api_token');
    if (!apiToken) return oauthError(400, 'invalid_request', 'Missing api_token parameter');
    const check = world.grants.check(apiToken);
    if (check.status !== 'ok' || check.grant.data.type !== 'api_token') {
      return oauthError(400, 'invalid_grant', 'Invalid API token');
    }
    const { user, tokenId } = check.grant.data;
    const now = Date.now();
    const token = world.tokens.get(user.id)?.get(tokenId);
    if (token) token.lastUsedAt = now;
    const exp = epochSeconds(now) + ACCESS_TTL_S;
    const claims = { iss: auth, sub: user.id, client_id: clientId, iat: epochSeconds(now), exp, jti: uuid() };
    const accessToken = signJwt(claims, 'HS256', ctx.keys);
    world.grants.add({
      secret: accessToken,
      expiresAt: exp * 1000,
      revoked: false,
      parent: apiToken,
      data: { type: 'access', user },
    });
    return json(200, { access_token: accessToken, expires_in: ACCESS_TTL_S, token_type: 'bearer' });
  };

  const revokeAccess = (req: VendorRequest): VendorResponse => {
    const token = bodyFields(parseBody(req)).get('token');
    if (!token) return oauthError(400, 'invalid_request', 'Missing token parameter');
    // Only access tokens are OAuth tokens here; RFC 7009 answers 200 for anything else too.
    if (world.grants.find(token)?.data.type === 'access') world.grants.revoke(token);
    return { status: 200 };
  };

  /** The user behind the access token, or the 401. */
  const userOf = (req: VendorRequest): PlatformUser | VendorResponse => {
    const check = world.grants.check(bearerToken(req));
    if (check.status !== 'ok' || check.grant.data.type !== 'access')
      return apiError(401, 'Invalid or expired access token');
    return check.grant.data.user;
  };
  /** Wraps a handler on `/users/<id>/…`, which only the user themself may touch. */
  const asOwner =
    (handle: (req: VendorRequest, user: PlatformUser) => VendorResponse) =>
    (req: VendorRequest): VendorResponse => {
      const user = userOf(req);
      if ('status' in user) return user;
      return req.params.id === user.id ? handle(req, user) : apiError(403, 'You can only manage your own API tokens');
    };

  const tokenJson = (t: ApiToken) => ({
    id: t.id,
    name: t.name,
    mfa_on_creation: false,
    created_at: iso(t.createdAt),
    updated_at: iso(t.createdAt),
    last_used_at: t.lastUsedAt === null ? null : iso(t.lastUsedAt),
  });

  const createToken = (req: VendorRequest, user: PlatformUser): VendorResponse => {
    const body = parseBody(req);
    const name = body.kind === 'json' && isRecord(body.value) ? body.value.name : undefined;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
      return apiError(400, 'name: a JSON body with a non-empty "name" of at most 255 characters is required');
    }
    const token = addToken(user, name, Date.now());
    return json(201, { ...tokenJson(token), token: token.secret });
  };

  const me = (req: VendorRequest): VendorResponse => {
    const user = userOf(req);
    if ('status' in user) return user;
    const { persona } = user;
    return json(200, {
      id: user.id,
      username: persona.username,
      first_name: persona.firstName,
      last_name: persona.lastName,
      display_name: `${persona.firstName} ${persona.lastName}`,
      email: persona.email,
      email_verified: true,
      picture: '',
      company: '',
      website: '',
      country: 'GB',
      phone_number_verified: false,
      mfa_enabled: false,
      deactivated: false,
      created_at: iso(user.createdAt),
      updated_at: iso(user.createdAt),
    });
  };

  const tokensPath = `${apiPrefix}/users/:id/api-tokens`;
  return {
    provider: brand,
    seed,
    routes: [
      { method: 'POST', path: `${authPrefix}/oauth2/token`, handle: exchange },
      { method: 'POST', path: `${authPrefix}/oauth2/revoke`, handle: revokeAccess },
      { method: 'GET', path: `${apiPrefix}/users/me`, handle: me },
      {
        method: 'GET',
        path: tokensPath,
        handle: asOwner((_req, user) => json(200, [...tokensOf(user).values()].map(tokenJson))),
      },
      { method: 'POST', path: tokensPath, handle: asOwner(createToken) },
      {
        method: 'GET',
        path: `${tokensPath}/:tokenId`,
        handle: asOwner((req, user) => {
          const token = tokensOf(user).get(req.params.tokenId ?? '');
          return token ? json(200, tokenJson(token)) : apiError(404, 'API token not found');
        }),
      },
      {
        method: 'DELETE',
        path: `${tokensPath}/:tokenId`,
        // Clients send `{}` as a JSON body on DELETE; the body is simply not read.
        handle: asOwner((req, user) => {
          const tokens = tokensOf(user);
          const token = tokens.get(req.params.tokenId ?? '');
          if (!token) return apiError(404, 'API token not found');
          tokens.delete(token.id);
          world.grants.revoke(token.secret);
          return noContent();
        }),
      },
    ],
    reset() {
      world = freshWorld();
      counter.reset();
    },
    async mint(kind: SeedKind, count: number) {
      if (kind !== 'user') throw new UnsupportedKindError(brand, kind);
      const now = Date.now();
      return counter.take(kind, count).map((n) => {
        const token = addToken(newUser(mintedPersona(brand, n), now), 'minted', now);
        return seedEntry(brand, 'user', mintedLabel(n), token.secret, 'valid');
      });
    },
    revoke(secret) {
      const grant = world.grants.find(secret);
      if (!grant) return false;
      world.grants.revoke(secret);
      // Deleted on the console: gone from the list as well.
      if (grant.data.type === 'api_token') world.tokens.get(grant.data.user.id)?.delete(grant.data.tokenId);
      return true;
    },
  };
}
