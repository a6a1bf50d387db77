/**
 * Curvenote (providers.md §1). One host, `<api>` = `<base>/curvenote/v1`, like `https://scms.curvenote.com/v1`:
 *   POST <api>/login            user token (Bearer, no body) → {"session"}; the token's `aud` points here
 *   GET  <api>/my/user          session → the user
 *   GET  <api>/tokens/user      user token → {"valid": true}
 *   GET  <api>/tokens/session   session → {"valid": true} (the session's own `iss`; **open**, the CLI never calls it)
 *   GET  <api>/config           session → client config (the session's `cfg` claim); 401 without a session
 * Tokens carry the claims the real server signs (scms-server `sign.tokens.server.ts`): a session has `user_id` and
 * the `note` of the user token it came from, and `cfg` points at the config above. Every route also does what the
 * real server does first (`throwOnMinimumCurvenoteClientVersion`): a request that names itself the Curvenote CLI
 * (`X-Client-Name: Curvenote Javascript Client`) with an `X-Client-Version` below the minimum gets 403 and
 * `x-minimum-client-version`; any other client name is let through, whatever its version.
 */
import { signJwt } from './jwt.js';
import { LAYOUT } from './layout.js';
import {
  LABELS,
  LIFETIMES,
  MintCounter,
  mintedLabel,
  mintedPersona,
  PERSONAS,
  type Persona,
  seedEntry,
} from './seed.js';
import { epochSeconds, type Grant, GrantTable, randomBase62 } from './state.js';
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
import { bearerToken, header, iso, json } from './wire.js';

interface CurvenoteUser {
  /** Curvenote user ids look like Firebase uids: 28 alphanumerics. */
  id: string;
  persona: Persona;
  createdAt: number;
}

interface CurvenoteGrant {
  type: 'user' | 'session';
  user: CurvenoteUser;
  /** The user token's description; a session carries its parent's. */
  note: string;
}

const SESSION_MS = 15 * 60_000;

/** The CLI's name for itself, the one name the server holds to a minimum version. */
export const CURVENOTE_CLIENT_NAME = 'Curvenote Javascript Client';
/** The real server's `CURVENOTE_CLIENT_MINIMUM_VERSION`, also served as the config's `minClientVersion`. */
export const CURVENOTE_CLIENT_MINIMUM_VERSION = '0.14.2';

/** Whether dotted version `a` is at least `b` (numeric parts; a pre-release or build suffix is ignored). */
function versionAtLeast(a: string, b: string): boolean {
  const parts = (v: string) =>
    v
      .replace(/[-+].*$/, '')
      .split('.')
      .map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The real server's refusal of an outdated Curvenote CLI, or null for any other request. */
function outdatedClient(req: VendorRequest): VendorResponse | null {
  const name = header(req, 'x-client-name');
  const version = header(req, 'x-client-version');
  if (name !== CURVENOTE_CLIENT_NAME || !version || versionAtLeast(version, CURVENOTE_CLIENT_MINIMUM_VERSION))
    return null;
  const message = `Client version ${version} is too old, please update to ${CURVENOTE_CLIENT_MINIMUM_VERSION}`;
  return json(403, { status: 403, message }, { 'x-minimum-client-version': CURVENOTE_CLIENT_MINIMUM_VERSION });
}

// The body shape is **open** in providers.md (an `error` string may also be present); this is the documented one.
const UNAUTHORIZED: VendorResponse = json(401, { status: 401, message: 'Invalid user token (revoked or expired)' });

/** Builds the Curvenote emulation; the seed is signed now, so its expiries are relative to the start. */
export function createCurvenote(ctx: VendorContext): Vendor {
  const prefix = LAYOUT.curvenote.api;
  const api = `${ctx.base}${prefix}`;
  const counter = new MintCounter();

  const newUser = (persona: Persona, now: number): CurvenoteUser => ({ id: randomBase62(28), persona, createdAt: now });
  const displayName = (user: CurvenoteUser): string => `${user.persona.firstName} ${user.persona.lastName}`;

  /** A user token exactly as the web page issues it: HS256, `aud` = the login URL, optional `exp`. */
  const userToken = (
    user: CurvenoteUser,
    note: string,
    now: number,
    expiresAt: number | null,
  ): Grant<CurvenoteGrant> => {
    const claims = {
      iss: `${api}/tokens/user`,
      aud: `${api}/login`,
      cfg: `${api}/config`,
      sub: `${user.id}/${randomBase62(20)}`,
      user_id: user.id,
      name: displayName(user),
      note,
      email: user.persona.email,
      email_verified: true,
      iat: epochSeconds(now),
      ...(expiresAt === null ? {} : { exp: epochSeconds(expiresAt) }),
    };
    return {
      secret: signJwt(claims, 'HS256', ctx.keys),
      expiresAt: expiresAt === null ? null : epochSeconds(expiresAt) * 1000,
      revoked: false,
      data: { type: 'user', user, note },
    };
  };

  const start = Date.now();
  const ada = newUser(PERSONAS.curvenote, start);
  const fixtures: Array<{ label: string; expect: EmulatorSeed['expect']; grant: Grant<CurvenoteGrant> }> = [
    { label: LABELS.valid, expect: 'valid', grant: userToken(ada, 'laptop', start, null) },
    { label: LABELS.expiring, expect: 'expiring', grant: userToken(ada, 'ci', start, start + LIFETIMES.expiringMs) },
    {
      label: LABELS.expired,
      expect: 'expired',
      grant: userToken(ada, 'old laptop', start - 30 * LIFETIMES.expiringMs, start - LIFETIMES.expiredAgoMs),
    },
    {
      label: LABELS.revoked,
      expect: 'rejected',
      grant: { ...userToken(ada, 'lost laptop', start, null), revoked: true },
    },
  ];
  const seed = fixtures.map((f) => seedEntry('curvenote', 'user', f.label, f.grant.secret, f.expect));
  let grants = GrantTable.from(fixtures.map((f) => f.grant));

  /** The grant behind the request's Bearer token when it is usable and of `type`, else null. */
  const authorize = (req: VendorRequest, type: CurvenoteGrant['type']): CurvenoteGrant | null => {
    const check = grants.check(bearerToken(req));
    return check.status === 'ok' && check.grant.data.type === type ? check.grant.data : null;
  };

  const login = (req: VendorRequest): VendorResponse => {
    const userGrant = authorize(req, 'user');
    const parent = bearerToken(req);
    if (!userGrant || !parent) return UNAUTHORIZED;
    const now = Date.now();
    const { user, note } = userGrant;
    const expiresAt = now + SESSION_MS;
    const claims = {
      iss: `${api}/tokens/session`,
      aud: api,
      cfg: `${api}/config`,
      sub: user.id,
      user_id: user.id,
      name: displayName(user),
      note,
      email: user.persona.email,
      email_verified: true,
      iat: epochSeconds(now),
      exp: epochSeconds(expiresAt),
      // Two exchanges in the same second must still give two sessions, each tied to its own parent.
      jti: randomBase62(16),
    };
    const session = signJwt(claims, 'HS256', ctx.keys);
    grants.add({
      secret: session,
      expiresAt: epochSeconds(expiresAt) * 1000,
      revoked: false,
      parent,
      data: { type: 'session', user, note },
    });
    return json(200, { session });
  };

  const myUser = (req: VendorRequest): VendorResponse => {
    const session = authorize(req, 'session');
    if (!session) return UNAUTHORIZED;
    const { user } = session;
    return json(200, {
      id: user.id,
      username: user.persona.username,
      email: user.persona.email,
      display_name: displayName(user),
      given_name: user.persona.firstName,
      family_name: user.persona.lastName,
      email_verified: true,
      date_created: iso(user.createdAt),
      links: { self: `${api}/users/${user.id}` },
    });
  };

  const config = (req: VendorRequest): VendorResponse => {
    if (!authorize(req, 'session')) return UNAUTHORIZED;
    // Every URL points back at the emulator; only `apiUrl` is served, the others are there for their shape.
    return json(200, {
      minClientVersion: CURVENOTE_CLIENT_MINIMUM_VERSION,
      apiUrl: api,
      adminUrl: `${ctx.base}/curvenote/admin`,
      editorApiUrl: `${ctx.base}/curvenote/editor-api`,
      editorUrl: `${ctx.base}/curvenote/editor`,
      privateCdnUrl: `${ctx.base}/curvenote/cdn/private`,
      tempCdnUrl: `${ctx.base}/curvenote/cdn/temp`,
      publicCdnUrl: `${ctx.base}/curvenote/cdn/public`,
      deploymentCdnUrl: `${ctx.base}/curvenote/cdn/deployments`,
    });
  };

  const routes: Route[] = [
    { method: 'POST', path: `${prefix}/login`, handle: login },
    { method: 'GET', path: `${prefix}/my/user`, handle: myUser },
    {
      method: 'GET',
      path: `${prefix}/tokens/user`,
      handle: (req) => (authorize(req, 'user') ? json(200, { valid: true }) : UNAUTHORIZED),
    },
    {
      method: 'GET',
      path: `${prefix}/tokens/session`,
      handle: (req) => (authorize(req, 'session') ? json(200, { valid: true }) : UNAUTHORIZED),
    },
    { method: 'GET', path: `${prefix}/config`, handle: config },
  ];

  return {
    provider: 'curvenote',
    seed,
    // The version check comes before everything else, as the server's `withContext` makes it.
    routes: routes.map((route) => ({ ...route, handle: (req) => outdatedClient(req) ?? route.handle(req) })),
    reset() {
      grants = GrantTable.from(fixtures.map((f) => f.grant));
      counter.reset();
    },
    async mint(kind: SeedKind, count: number) {
      if (kind !== 'user') throw new UnsupportedKindError('curvenote', kind);
      const now = Date.now();
      return counter.take(kind, count).map((n) => {
        const grant = grants.add(userToken(newUser(mintedPersona('curvenote', n), now), 'minted', now, null));
        return seedEntry('curvenote', 'user', mintedLabel(n), grant.secret, 'valid');
      });
    },
    revoke: (secret) => grants.revoke(secret),
  };
}
