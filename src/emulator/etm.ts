/**
 * Energy Transition Model (providers.md §5). Two hosts:
 *   engine   `<base>/etm/engine/api/v3` (like https://engine.energytransitionmodel.com/api/v3)
 *     GET /scenarios?page=N&per_page=M   → {"data", "links", "meta"}; `{"data": []}` past the last page
 *   identity `<base>/etm/identity` (MyETM, like https://my.energytransitionmodel.com)
 *     GET /.well-known/openid-configuration, GET /oauth/discovery/keys (the JWKS that verifies the tokens),
 *     GET /identity/tokens (the web page where tokens are made)
 * Tokens are `etm_` + an RS256 JWT (`iss` = identity, `aud` = engine root, `scopes`, `user`, `sub`, `exp`),
 * or, for older ones, `etm_` + opaque alphanumerics.
 */
import { publicJwk, signJwt, signJwtAsync } from './jwt.js';
import { LAYOUT } from './layout.js';
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
import { DAY_MS, epochSeconds, type Grant, GrantTable, randomBase62 } from './state.js';
import {
  type EmulatorSeed,
  type SeedKind,
  UnsupportedKindError,
  type Vendor,
  type VendorContext,
  type VendorRequest,
  type VendorResponse,
} from './types.js';
import { bearerToken, iso, json } from './wire.js';

interface EtmUser {
  /** MyETM user ids are integers. */
  id: number;
  persona: Persona;
  /** How many scenarios the user owns; generated on request, so a user costs no storage. */
  scenarios: number;
  createdAt: number;
}

interface EtmGrant {
  user: EtmUser;
  scopes: string[];
}

const PREFIX = 'etm_';
const FULL_SCOPES = ['openid', 'public', 'scenarios:read', 'scenarios:write', 'scenarios:delete', 'email', 'profile'];
const PUBLIC_SCOPES = ['openid', 'public', 'email', 'profile'];
const READ_SCOPE = 'scenarios:read';
const DEFAULT_PER_PAGE = 25;
const MAX_PER_PAGE = 100;

const invalidToken = (): VendorResponse =>
  json(401, { errors: ['Invalid or expired token'] }, { 'www-authenticate': 'Bearer error="invalid_token"' });

/** A positive integer query parameter, or the fallback for anything else (Rails would coerce the same way). */
function positive(value: string | null, fallback: number): number {
  const n = value === null ? Number.NaN : Number.parseInt(value, 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Builds the ETM emulation: one modeller with tokens in every state, scenarios to page through. */
export function createEtm(ctx: VendorContext): Vendor {
  const apiPrefix = LAYOUT.etm.engine;
  // The engine's root (its `aud`) is the API base without the version, as `https://engine…` is to `…/api/v3`.
  const enginePrefix = apiPrefix.replace(/\/api\/v3$/, '');
  const identityPrefix = LAYOUT.etm.identity;
  const engineRoot = `${ctx.base}${enginePrefix}`;
  const engine = `${ctx.base}${apiPrefix}`;
  const identity = `${ctx.base}${identityPrefix}`;
  const counter = new MintCounter();

  const claimsFor = (user: EtmUser, scopes: string[], now: number, expiresAt: number | null) => ({
    iss: identity,
    // ETEngine compares `aud` with its own root URI (`Settings.identity.ete_uri`), not with the /api/v3 base.
    aud: engineRoot,
    sub: String(user.id),
    scopes: scopes.join(' '),
    user: {
      id: user.id,
      name: `${user.persona.firstName} ${user.persona.lastName}`,
      email: user.persona.email,
      admin: false,
    },
    iat: epochSeconds(now),
    ...(expiresAt === null ? {} : { exp: epochSeconds(expiresAt) }),
    jti: randomBase62(16),
  });
  const grantOf = (secret: string, user: EtmUser, scopes: string[], expiresAt: number | null): Grant<EtmGrant> => ({
    secret,
    expiresAt: expiresAt === null ? null : epochSeconds(expiresAt) * 1000,
    revoked: false,
    data: { user, scopes },
  });
  const jwtToken = (user: EtmUser, scopes: string[], now: number, expiresAt: number | null): Grant<EtmGrant> =>
    grantOf(PREFIX + signJwt(claimsFor(user, scopes, now, expiresAt), 'RS256', ctx.keys), user, scopes, expiresAt);

  const start = Date.now();
  // Seven scenarios: more than one small page, so clients must follow pages to the empty one.
  const annie: EtmUser = { id: 1042, persona: PERSONAS.etm, scenarios: 7, createdAt: start - 400 * DAY_MS };
  const issued = start - 30 * DAY_MS;
  const fixtures: Array<{ label: string; expect: EmulatorSeed['expect']; grant: Grant<EtmGrant> }> = [
    {
      label: LABELS.valid,
      expect: 'valid',
      grant: jwtToken(annie, FULL_SCOPES, start, start + LIFETIMES.etmDefaultMs),
    },
    {
      label: LABELS.expiring,
      expect: 'expiring',
      grant: jwtToken(annie, FULL_SCOPES, issued, start + LIFETIMES.expiringMs),
    },
    {
      label: LABELS.expired,
      expect: 'expired',
      grant: jwtToken(annie, FULL_SCOPES, issued, start - LIFETIMES.expiredAgoMs),
    },
    {
      label: LABELS.noScope,
      expect: 'insufficient_scope',
      grant: jwtToken(annie, PUBLIC_SCOPES, start, start + LIFETIMES.etmDefaultMs),
    },
    {
      label: LABELS.revoked,
      expect: 'rejected',
      grant: { ...jwtToken(annie, FULL_SCOPES, start, start + LIFETIMES.etmDefaultMs), revoked: true },
    },
    // Older tokens are opaque: no claims to read, the engine is the only judge.
    { label: LABELS.legacy, expect: 'valid', grant: grantOf(PREFIX + randomBase62(43), annie, FULL_SCOPES, null) },
  ];
  const seed = fixtures.map((f) => seedEntry('etm', 'user', f.label, f.grant.secret, f.expect));
  let grants = GrantTable.from(fixtures.map((f) => f.grant));

  const scenarioJson = (user: EtmUser, index: number) => {
    const created = user.createdAt + index * DAY_MS;
    return {
      id: user.id * 1000 + index + 1,
      title: `Scenario ${index + 1}`,
      area_code: index % 2 === 0 ? 'nl2019' : 'de',
      end_year: 2050,
      private: true,
      created_at: iso(created),
      updated_at: iso(created),
      owner: { id: user.id, name: `${user.persona.firstName} ${user.persona.lastName}` },
    };
  };

  const scenarios = (req: VendorRequest): VendorResponse => {
    const check = grants.check(bearerToken(req));
    if (check.status !== 'ok') return invalidToken();
    const { user, scopes } = check.grant.data;
    if (!scopes.includes(READ_SCOPE)) {
      return json(
        403,
        { errors: [`The token lacks the ${READ_SCOPE} scope`] },
        { 'www-authenticate': `Bearer error="insufficient_scope", scope="${READ_SCOPE}"` },
      );
    }
    const page = positive(req.query.get('page'), 1);
    const perPage = Math.min(positive(req.query.get('per_page'), DEFAULT_PER_PAGE), MAX_PER_PAGE);
    const totalPages = Math.max(1, Math.ceil(user.scenarios / perPage));
    const first = (page - 1) * perPage;
    const count = Math.max(0, Math.min(perPage, user.scenarios - first));
    const data = Array.from({ length: count }, (_, i) => scenarioJson(user, first + i));
    const link = (p: number) => `${engine}/scenarios?page=${p}&per_page=${perPage}`;
    return json(200, {
      data,
      links: {
        first: link(1),
        prev: page > 1 ? link(Math.min(page - 1, totalPages)) : null,
        next: page < totalPages ? link(page + 1) : null,
        last: link(totalPages),
      },
      meta: { current_page: page, per_page: perPage, total_pages: totalPages, total_count: user.scenarios },
    });
  };

  return {
    provider: 'etm',
    seed,
    routes: [
      { method: 'GET', path: `${apiPrefix}/scenarios`, handle: scenarios },
      {
        method: 'GET',
        path: `${identityPrefix}/.well-known/openid-configuration`,
        handle: () =>
          json(200, {
            issuer: identity,
            jwks_uri: `${identity}/oauth/discovery/keys`,
            scopes_supported: FULL_SCOPES,
            id_token_signing_alg_values_supported: ['RS256'],
          }),
      },
      {
        method: 'GET',
        path: `${identityPrefix}/oauth/discovery/keys`,
        handle: () => json(200, { keys: [publicJwk(ctx.keys)] }),
      },
      {
        method: 'GET',
        path: `${identityPrefix}/identity/tokens`,
        handle: () => ({
          status: 200,
          text: '<!doctype html><title>Personal access tokens</title><p>Tokens are made here (emulated).</p>',
          headers: { 'content-type': 'text/html; charset=utf-8' },
        }),
      },
    ],
    reset() {
      grants = GrantTable.from(fixtures.map((f) => f.grant));
      counter.reset();
    },
    async mint(kind: SeedKind, count: number) {
      if (kind !== 'user') throw new UnsupportedKindError('etm', kind);
      const now = Date.now();
      const expiresAt = now + LIFETIMES.etmDefaultMs;
      // RS256 costs ~0.2 ms a token: sign in the thread pool so 10,000 do not stall other requests.
      return mintEach(counter.take(kind, count), async (n) => {
        const user: EtmUser = { id: 100_000 + n, persona: mintedPersona('etm', n), scenarios: 1, createdAt: now };
        const jwt = await signJwtAsync(claimsFor(user, FULL_SCOPES, now, expiresAt), 'RS256', ctx.keys);
        const grant = grants.add(grantOf(PREFIX + jwt, user, FULL_SCOPES, expiresAt));
        return seedEntry('etm', 'user', mintedLabel(n), grant.secret, 'valid');
      });
    },
    revoke: (secret) => grants.revoke(secret),
  };
}
