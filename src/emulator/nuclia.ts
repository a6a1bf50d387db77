/**
 * Nuclia (providers.md §2). Hosts, each a prefix on the one port:
 *   global   `<base>/nuclia/accounts`  (like https://accounts.progress.cloud)
 *     GET  /api/v1/user/welcome, /api/v1/user, /api/v1/accounts, /api/v1/zones, /api/v1/account/<id|slug>/kbs
 *     POST /api/v1/user/pa_tokens  GET /api/v1/user/pa_tokens  DELETE /api/v1/user/pa_token/<id> (singular)
 *     GET  /api/authorizer/info (the JS SDK asks the global host too)
 *   regional `<base>/nuclia/europe-1`  (like https://europe-1.dp.progress.cloud)
 *     GET  /api/v1/kb/<kbid>  (X-NUCLIA-SERVICEACCOUNT: Bearer <KB key>, or a user token as Authorization)
 *     GET  /api/authorizer/info  (KB key → role; NUA key → account)
 *   `<base>/nuclia/outage-1`: a region in outage, 503 to everything, home of the `unreachable` KB seed.
 * `x-ndb-client` (which client is calling, for NucliaDB's audit) is never required: the Python SDK sends none. When
 * present on a Knowledge Box route it must be one of NucliaDB's `NucliaDBClientType` values, as FastAPI validates
 * that header there (422 otherwise); the request log records its value.
 * Errors are FastAPI style `{"detail": …}` (**open** in providers.md). A missing or unknown credential is 401;
 * a revoked or expired one is 403, which the Python SDK reads as "token expired" — both mean rejected.
 */
import { signJwt, signJwtAsync } from './jwt.js';
import { LAYOUT, nucliaRegionPath } from './layout.js';
import {
  LABELS,
  LIFETIMES,
  MintCounter,
  mintEach,
  mintedLabel,
  mintedPersona,
  PERSONAS,
  type Persona,
  seedEntry,
} from './seed.js';
import { epochSeconds, type Grant, type GrantCheck, GrantTable, uuid } from './state.js';
import {
  type EmulatorSeed,
  type Route,
  type SeedKind,
  UnsupportedKindError,
  type Vendor,
  type VendorContext,
  type VendorRequest,
  type VendorResponse,
} from './types.js';
import { bearerToken, header, iso, isRecord, json, noContent, parseBody } from './wire.js';

interface NucliaAccount {
  id: string;
  slug: string;
  title: string;
  /** Nuclia's account plans; shown as the NUA key's `account_type`. */
  type: string;
}

interface NucliaUser {
  id: string;
  persona: Persona;
  account: NucliaAccount;
}

interface KnowledgeBox {
  id: string;
  slug: string;
  title: string;
  account: NucliaAccount;
  /** Region slug: the KB URL lives on that region's host. */
  zone: string;
}

interface PersonalToken {
  id: string;
  description: string;
  expiresAt: number;
  secret: string;
}

type KbRole = 'SOWNER' | 'SCONTRIBUTOR' | 'SREADER';

type NucliaGrant =
  | { type: 'pat'; user: NucliaUser; tokenId: string }
  | { type: 'kb'; kb: KnowledgeBox; role: KbRole; keyId: string }
  | { type: 'nua'; clientId: string; account: NucliaAccount };

/** Everything reset restores: credentials, each user's listed personal tokens, knowledge boxes. */
interface NucliaWorld {
  grants: GrantTable<NucliaGrant>;
  /** Personal tokens by user id, then token id, in creation order (the list endpoint's order). */
  tokens: Map<string, Map<string, PersonalToken>>;
  kbs: Map<string, KnowledgeBox>;
}

const REGION = 'europe-1';
const OUTAGE_REGION = 'outage-1';
const ZONES = [
  { id: '7ae1e4cc-5fb0-4b9c-a73e-1f0f5bbb6e11', slug: REGION, title: 'Europe 1' },
  { id: 'a3bbd0c0-1c55-4a57-a1a6-8fd3ea0e9e02', slug: OUTAGE_REGION, title: 'Outage 1' },
];

const detail = (status: number, message: string): VendorResponse => json(status, { detail: message });

/** 401 for a missing or unknown credential, 403 for a known one that is revoked or expired. */
function refusal(check: GrantCheck<unknown> | null, what: string): VendorResponse {
  if (!check) return detail(401, 'Not authenticated');
  if (check.status === 'unknown') return detail(401, `Invalid ${what}`);
  return detail(403, `${what[0]?.toUpperCase()}${what.slice(1)} is invalid or expired`);
}

/** Pydantic-style 422, as FastAPI answers a body that fails validation. */
function invalidField(field: string, type: string, msg: string): VendorResponse {
  return json(422, { detail: [{ type, loc: ['body', field], msg }] });
}

/** NucliaDB's `NucliaDBClientType`: the values its `x-ndb-client` header may take. */
export const NDB_CLIENT_TYPES = ['api', 'widget', 'web', 'dashboard', 'desktop', 'chrome_extension'] as const;

/** FastAPI's 422 for an `x-ndb-client` outside the enum; null when it is absent (the default, `api`) or valid. */
function invalidClientType(req: VendorRequest): VendorResponse | null {
  const value = header(req, 'x-ndb-client');
  if (value === undefined || (NDB_CLIENT_TYPES as readonly string[]).includes(value)) return null;
  const allowed = NDB_CLIENT_TYPES.map((t) => `'${t}'`);
  const msg = `Input should be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
  return json(422, { detail: [{ type: 'enum', loc: ['header', 'x-ndb-client'], msg, input: value }] });
}

/** Builds the Nuclia emulation: seed users, knowledge boxes, KB and NUA keys. */
export function createNuclia(ctx: VendorContext): Vendor {
  const globalPrefix = LAYOUT.nuclia.global;
  const regionPrefix = nucliaRegionPath;
  const global = `${ctx.base}${globalPrefix}`;
  const regional = (zone: string): string => `${ctx.base}${regionPrefix(zone)}`;
  const kbUrl = (kb: KnowledgeBox): string => `${regional(kb.zone)}/api/v1/kb/${kb.id}`;
  const counter = new MintCounter();

  const newAccount = (slug: string, title: string): NucliaAccount => ({
    id: uuid(),
    slug,
    title,
    type: 'stash-business',
  });

  const personalToken = (user: NucliaUser, now: number, expiresAt: number): Grant<NucliaGrant> => {
    const tokenId = uuid();
    // User tokens are JWTs: the Python SDK reads the `jti` claim of the token it holds.
    const claims = { iss: global, sub: user.id, jti: tokenId, iat: epochSeconds(now), exp: epochSeconds(expiresAt) };
    const secret = signJwt(claims, 'HS256', ctx.keys);
    return { secret, expiresAt: epochSeconds(expiresAt) * 1000, revoked: false, data: { type: 'pat', user, tokenId } };
  };

  const kbKey = (kb: KnowledgeBox, role: KbRole, now: number): Grant<NucliaGrant> => {
    const keyId = uuid();
    const expiresAt = now + LIFETIMES.longMs;
    const claims = {
      iss: regional(kb.zone),
      sub: keyId,
      kbid: kb.id,
      iat: epochSeconds(now),
      exp: epochSeconds(expiresAt),
      jti: keyId,
    };
    const secret = signJwt(claims, 'HS256', ctx.keys);
    return { secret, expiresAt: epochSeconds(expiresAt) * 1000, revoked: false, data: { type: 'kb', kb, role, keyId } };
  };

  /** NUA key claims: `iss` is the regional base without a trailing slash, which is all clients rely on. */
  const nuaClaims = (clientId: string, account: NucliaAccount, now: number) => ({
    iss: regional(REGION),
    sub: clientId,
    account_id: account.id,
    account_type: account.type,
    iat: epochSeconds(now),
    exp: epochSeconds(now + LIFETIMES.longMs),
    jti: uuid(),
  });
  const nuaGrant = (secret: string, clientId: string, account: NucliaAccount, now: number): Grant<NucliaGrant> => ({
    secret,
    expiresAt: epochSeconds(now + LIFETIMES.longMs) * 1000,
    revoked: false,
    data: { type: 'nua', clientId, account },
  });

  // --- the seed: Grace, her account and knowledge boxes, one credential of each kind per state ---
  const start = Date.now();
  const account = newAccount('hopper-labs', 'Hopper Labs');
  const grace: NucliaUser = { id: uuid(), persona: PERSONAS.nuclia, account };
  const docs: KnowledgeBox = { id: uuid(), slug: 'product-docs', title: 'Product docs', account, zone: REGION };
  const archive: KnowledgeBox = { id: uuid(), slug: 'archive', title: 'Archive', account, zone: OUTAGE_REGION };
  const validPat = personalToken(grace, start, start + LIFETIMES.defaultTokenMs);
  const revokedPat = { ...personalToken(grace, start, start + LIFETIMES.defaultTokenMs), revoked: true };
  const nuaId = uuid();
  const revokedNuaId = uuid();
  const fixtures: Array<{
    kind: SeedKind;
    label: string;
    expect: EmulatorSeed['expect'];
    grant: Grant<NucliaGrant>;
    url?: string;
  }> = [
    { kind: 'user', label: LABELS.valid, expect: 'valid', grant: validPat },
    { kind: 'user', label: LABELS.revoked, expect: 'rejected', grant: revokedPat },
    { kind: 'kb', label: docs.slug, expect: 'valid', grant: kbKey(docs, 'SCONTRIBUTOR', start), url: kbUrl(docs) },
    {
      kind: 'kb',
      label: LABELS.revoked,
      expect: 'rejected',
      grant: { ...kbKey(docs, 'SREADER', start), revoked: true },
      url: kbUrl(docs),
    },
    {
      kind: 'kb',
      label: LABELS.outage,
      expect: 'unreachable',
      grant: kbKey(archive, 'SOWNER', start),
      url: kbUrl(archive),
    },
    {
      kind: 'processing',
      label: LABELS.valid,
      expect: 'valid',
      grant: nuaGrant(signJwt(nuaClaims(nuaId, account, start), 'RS256', ctx.keys), nuaId, account, start),
    },
    {
      kind: 'processing',
      label: LABELS.revoked,
      expect: 'rejected',
      grant: {
        ...nuaGrant(signJwt(nuaClaims(revokedNuaId, account, start), 'RS256', ctx.keys), revokedNuaId, account, start),
        revoked: true,
      },
    },
  ];
  const seed = fixtures.map((f) => seedEntry('nuclia', f.kind, f.label, f.grant.secret, f.expect, f.url));
  // Only the live token is listed: the revoked one was deleted on the web.
  const seedTokens: Array<[string, PersonalToken]> = [
    [
      grace.id,
      { id: tokenIdOf(validPat), description: 'laptop', expiresAt: validPat.expiresAt ?? 0, secret: validPat.secret },
    ],
  ];

  const freshWorld = (): NucliaWorld => {
    const tokens = new Map<string, Map<string, PersonalToken>>();
    for (const [userId, token] of seedTokens) tokens.set(userId, new Map([[token.id, token]]));
    return {
      grants: GrantTable.from(fixtures.map((f) => f.grant)),
      tokens,
      kbs: new Map([docs, archive].map((kb) => [kb.id, kb])),
    };
  };
  let world = freshWorld();

  const listTokens = (user: NucliaUser): Map<string, PersonalToken> => {
    let tokens = world.tokens.get(user.id);
    if (!tokens) {
      tokens = new Map();
      world.tokens.set(user.id, tokens);
    }
    return tokens;
  };

  /** Registers a new personal token for `user`, listed and usable at once. */
  const createToken = (user: NucliaUser, description: string, now: number, expiresAt: number): PersonalToken => {
    const grant = world.grants.add(personalToken(user, now, expiresAt));
    const token = { id: tokenIdOf(grant), description, expiresAt: grant.expiresAt ?? expiresAt, secret: grant.secret };
    listTokens(user).set(token.id, token);
    return token;
  };

  /** The user behind `Authorization: Bearer <user token>`, or the refusal to send. */
  const userOf = (req: VendorRequest): NucliaUser | VendorResponse => {
    const token = bearerToken(req);
    if (!token) return refusal(null, 'token');
    const check = world.grants.check(token);
    if (check.status !== 'ok' || check.grant.data.type !== 'pat') {
      return refusal(check.status === 'ok' ? { status: 'unknown' } : check, 'token');
    }
    return check.grant.data.user;
  };
  /** Wraps a handler that needs a signed-in user. */
  const withUser =
    (handle: (req: VendorRequest, user: NucliaUser) => VendorResponse) =>
    (req: VendorRequest): VendorResponse => {
      const user = userOf(req);
      return 'status' in user ? user : handle(req, user);
    };

  const accountJson = (a: NucliaAccount) => ({ id: a.id, title: a.title, slug: a.slug, type: a.type });

  const createPat = (req: VendorRequest, user: NucliaUser): VendorResponse => {
    const body = parseBody(req);
    if (body.kind !== 'json' || !isRecord(body.value)) {
      return json(422, { detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON object expected' }] });
    }
    const { description, expiration_date: expiration } = body.value;
    if (typeof description !== 'string' || description.trim() === '') {
      return invalidField('description', 'missing', 'Field required');
    }
    if (typeof expiration !== 'string') return invalidField('expiration_date', 'missing', 'Field required');
    const expiresAt = Date.parse(expiration);
    if (Number.isNaN(expiresAt))
      return invalidField('expiration_date', 'datetime_parsing', 'Input should be a valid datetime');
    const now = Date.now();
    if (expiresAt <= now)
      return invalidField('expiration_date', 'value_error', 'Expiration date must be in the future');
    const token = createToken(user, description, now, expiresAt);
    return json(201, { id: token.id, token: token.secret, expires: iso(token.expiresAt) });
  };

  const kbJson = (kb: KnowledgeBox) => ({
    uuid: kb.id,
    slug: kb.slug,
    config: { title: kb.title, description: '', slug: kb.slug },
  });

  const getKb = (req: VendorRequest): VendorResponse => {
    const key = bearerToken(req, 'x-nuclia-serviceaccount');
    const kbid = req.params.kbid ?? '';
    if (key) {
      const check = world.grants.check(key);
      if (check.status !== 'ok' || check.grant.data.type !== 'kb') {
        return refusal(check.status === 'ok' ? { status: 'unknown' } : check, 'service account key');
      }
      const { kb } = check.grant.data;
      // A key never learns whether another knowledge box exists.
      return kb.id === kbid
        ? json(200, kbJson(kb))
        : detail(403, 'This key does not give access to this knowledge box');
    }
    if (!bearerToken(req)) return refusal(null, 'token');
    const user = userOf(req);
    if ('status' in user) return user;
    const kb = world.kbs.get(kbid);
    return kb && kb.account.id === user.account.id
      ? json(200, kbJson(kb))
      : detail(403, 'Not allowed on this knowledge box');
  };

  /** `/api/authorizer/info` on either host: who the presented credential is, per its kind. */
  const authorizerInfo = (req: VendorRequest): VendorResponse => {
    const nua = bearerToken(req, 'x-nuclia-nuakey');
    if (nua) {
      const check = world.grants.check(nua);
      if (check.status !== 'ok' || check.grant.data.type !== 'nua') {
        return refusal(check.status === 'ok' ? { status: 'unknown' } : check, 'NUA key');
      }
      const { clientId, account: a } = check.grant.data;
      return json(200, { user: { user_id: clientId, account_type: a.type, account_id: a.id } });
    }
    const key = bearerToken(req, 'x-nuclia-serviceaccount');
    if (key) {
      const check = world.grants.check(key);
      if (check.status !== 'ok' || check.grant.data.type !== 'kb') {
        return refusal(check.status === 'ok' ? { status: 'unknown' } : check, 'service account key');
      }
      const { kb, role, keyId } = check.grant.data;
      return json(200, { user: { user_id: keyId, role, account_id: kb.account.id, kb_id: kb.id } });
    }
    const user = userOf(req);
    if ('status' in user) return user;
    return json(200, {
      user: { user_id: user.id, type: 'USER', email: user.persona.email, account_id: user.account.id },
    });
  };

  const outage = (): VendorResponse => detail(503, 'Service Unavailable');
  const region = regionPrefix(REGION);
  const down = regionPrefix(OUTAGE_REGION);
  const routes: Route[] = [
    {
      method: 'GET',
      path: `${globalPrefix}/api/v1/user/welcome`,
      handle: withUser((_req, user) =>
        // The welcome payload is **open**; what matters is 200 for a valid token.
        json(200, {
          preferences: { name: displayName(user), email: user.persona.email, language: 'en' },
          accounts: [accountJson(user.account)],
          create: true,
        }),
      ),
    },
    {
      method: 'GET',
      path: `${globalPrefix}/api/v1/user`,
      handle: withUser((_req, user) =>
        json(200, { id: user.id, name: displayName(user), email: user.persona.email, type: 'USER' }),
      ),
    },
    {
      method: 'GET',
      path: `${globalPrefix}/api/v1/accounts`,
      handle: withUser((_req, user) => json(200, [accountJson(user.account)])),
    },
    { method: 'GET', path: `${globalPrefix}/api/v1/zones`, handle: withUser(() => json(200, ZONES)) },
    {
      method: 'GET',
      path: `${globalPrefix}/api/v1/account/:account/kbs`,
      handle: withUser((req, user) => {
        const wanted = req.params.account;
        if (wanted !== user.account.id && wanted !== user.account.slug)
          return detail(403, 'Not a member of this account');
        const kbs = [...world.kbs.values()].filter((kb) => kb.account.id === user.account.id);
        const zoneId = (slug: string) => ZONES.find((z) => z.slug === slug)?.id ?? slug;
        return json(
          200,
          kbs.map((kb) => ({ id: kb.id, slug: kb.slug, title: kb.title, zone: zoneId(kb.zone) })),
        );
      }),
    },
    { method: 'POST', path: `${globalPrefix}/api/v1/user/pa_tokens`, handle: withUser(createPat) },
    {
      method: 'GET',
      path: `${globalPrefix}/api/v1/user/pa_tokens`,
      handle: withUser((_req, user) =>
        json(
          200,
          [...listTokens(user).values()].map((t) => ({
            id: t.id,
            description: t.description,
            expires: iso(t.expiresAt),
          })),
        ),
      ),
    },
    {
      method: 'DELETE',
      path: `${globalPrefix}/api/v1/user/pa_token/:id`,
      handle: withUser((req, user) => {
        const tokens = listTokens(user);
        const token = tokens.get(req.params.id ?? '');
        if (!token) return detail(404, 'Token not found');
        tokens.delete(token.id);
        world.grants.revoke(token.secret);
        return noContent();
      }),
    },
    { method: 'GET', path: `${globalPrefix}/api/authorizer/info`, handle: authorizerInfo },
    { method: 'GET', path: `${region}/api/v1/kb/:kbid`, handle: (req) => invalidClientType(req) ?? getKb(req) },
    { method: 'GET', path: `${region}/api/authorizer/info`, handle: authorizerInfo },
    ...(['GET', 'POST', 'DELETE', 'PUT', 'PATCH'] as const).map((method) => ({
      method,
      path: `${down}/*`,
      handle: outage,
    })),
  ];

  return {
    provider: 'nuclia',
    seed,
    routes,
    reset() {
      world = freshWorld();
      counter.reset();
    },
    async mint(kind: SeedKind, count: number) {
      const now = Date.now();
      const numbers = counter.take(kind, count);
      const persona = (n: number) => mintedPersona('nuclia', n);
      const accountFor = (n: number) =>
        newAccount(`${persona(n).username}-account`, `${persona(n).firstName} ${persona(n).lastName}`);
      if (kind === 'user') {
        return numbers.map((n) => {
          const user: NucliaUser = { id: uuid(), persona: persona(n), account: accountFor(n) };
          const token = createToken(user, 'minted', now, now + LIFETIMES.defaultTokenMs);
          return seedEntry('nuclia', 'user', mintedLabel(n), token.secret, 'valid');
        });
      }
      if (kind === 'kb') {
        return numbers.map((n) => {
          const kb: KnowledgeBox = {
            id: uuid(),
            slug: `kb-${n}`,
            title: `Knowledge box ${n}`,
            account: accountFor(n),
            zone: REGION,
          };
          world.kbs.set(kb.id, kb);
          const grant = world.grants.add(kbKey(kb, 'SOWNER', now));
          return seedEntry('nuclia', 'kb', mintedLabel(n), grant.secret, 'valid', kbUrl(kb));
        });
      }
      if (kind === 'processing') {
        return mintEach(numbers, async (n) => {
          const clientId = uuid();
          const owner = accountFor(n);
          const secret = await signJwtAsync(nuaClaims(clientId, owner, now), 'RS256', ctx.keys);
          world.grants.add(nuaGrant(secret, clientId, owner, now));
          return seedEntry('nuclia', 'processing', mintedLabel(n), secret, 'valid');
        });
      }
      throw new UnsupportedKindError('nuclia', kind);
    },
    revoke(secret) {
      const grant = world.grants.find(secret);
      if (!grant) return false;
      world.grants.revoke(secret);
      // Revoked on the web means gone from the list too.
      if (grant.data.type === 'pat') world.tokens.get(grant.data.user.id)?.delete(grant.data.tokenId);
      return true;
    },
  };
}

function displayName(user: NucliaUser): string {
  return `${user.persona.firstName} ${user.persona.lastName}`;
}

function tokenIdOf(grant: Grant<NucliaGrant>): string {
  return grant.data.type === 'pat' ? grant.data.tokenId : '';
}
