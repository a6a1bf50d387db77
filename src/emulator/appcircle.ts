/**
 * Appcircle (providers.md §3). Two hosts:
 *   auth `<base>/appcircle/auth` (like https://auth.appcircle.io)
 *     POST /auth/v1/token              form `pat=` → {access_token, refresh_token, expires_in: 3600, token_type}
 *     POST /auth/v1/api-key/token      form `name`, `secret`, optional `organizationId` → the same;
 *                                      400 for an `organizationId` that is not a GUID, 403 for an organization the
 *                                      key may not use (what the CLI's `getTokenFromApiKey` tells apart)
 *     GET  /auth/realms/appcircle/protocol/openid-connect/userinfo   access token → OIDC userinfo
 *   api  `<base>/appcircle/api` (like https://api.appcircle.io)
 *     GET  /identity/v1/organizations, /identity/v1/organizations/<id>   (`createdDate`, the CLI's column)
 * Token endpoints take form bodies only: that is all the vendor's CLI sends, so anything else is a bug to catch.
 */
import { signJwt } from './jwt.js';
import { LAYOUT } from './layout.js';
import { LABELS, MintCounter, mintedLabel, mintedPersona, PERSONAS, type Persona, seedEntry } from './seed.js';
import { epochSeconds, type Grant, GrantTable, randomBase64url, uuid } from './state.js';
import {
  type EmulatorSeed,
  type SeedKind,
  UnsupportedKindError,
  type Vendor,
  type VendorContext,
  type VendorRequest,
  type VendorResponse,
} from './types.js';
import { bearerToken, bodyFields, iso, json, mediaType, parseBody } from './wire.js';

interface Organization {
  id: string;
  name: string;
  createdAt: number;
}

interface AppcircleUser {
  id: string;
  persona: Persona;
  organizations: Organization[];
}

type AppcircleGrant =
  | { type: 'pat'; user: AppcircleUser }
  | { type: 'api_key'; user: AppcircleUser; name: string }
  | { type: 'access'; user: AppcircleUser; organizationId: string };

/**
 * The API key of the seed user, for `POST /auth/v1/api-key/token`. It is a name *and* a secret, which a seed
 * entry cannot hold, so tests read it from here; it only ever works against an emulator.
 */
export const APPCIRCLE_API_KEY = { name: 'ci-bot', secret: 'emulator-only-appcircle-api-key' } as const;

const ACCESS_TTL_S = 3600;

/** A GUID as .NET writes one (8-4-4-4-12 hex digits), the only organization id the auth server reads. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** OAuth-style token errors, as the CLI's own test mocks answer them. */
const oauthError = (status: number, error: string, description: string): VendorResponse =>
  json(status, { error, error_description: description });

/** A resource server refusing a bearer token (RFC 6750). */
const invalidToken = (): VendorResponse =>
  json(
    401,
    { error: 'invalid_token', error_description: 'Token verification failed' },
    { 'www-authenticate': 'Bearer error="invalid_token"' },
  );

/** Builds the Appcircle emulation: one user with two organizations, PATs and an API key. */
export function createAppcircle(ctx: VendorContext): Vendor {
  const authPrefix = LAYOUT.appcircle.auth;
  const apiPrefix = LAYOUT.appcircle.api;
  const realm = `${ctx.base}${authPrefix}/auth/realms/appcircle`;
  const counter = new MintCounter();

  // PATs are opaque (their real format is not public): 48 base64url characters.
  const patGrant = (user: AppcircleUser): Grant<AppcircleGrant> => ({
    secret: randomBase64url(36),
    expiresAt: null,
    revoked: false,
    data: { type: 'pat', user },
  });
  const newUser = (persona: Persona, orgNames: string[], now: number): AppcircleUser => ({
    id: uuid(),
    persona,
    organizations: orgNames.map((name) => ({ id: uuid(), name, createdAt: now })),
  });

  const start = Date.now();
  const katherine = newUser(PERSONAS.appcircle, ['Johnson Aerospace', 'Orbital Apps'], start);
  const fixtures: Array<{ label: string; expect: EmulatorSeed['expect']; grant: Grant<AppcircleGrant> }> = [
    { label: LABELS.valid, expect: 'valid', grant: patGrant(katherine) },
    { label: LABELS.revoked, expect: 'rejected', grant: { ...patGrant(katherine), revoked: true } },
  ];
  const apiKey: Grant<AppcircleGrant> = {
    secret: APPCIRCLE_API_KEY.secret,
    expiresAt: null,
    revoked: false,
    data: { type: 'api_key', user: katherine, name: APPCIRCLE_API_KEY.name },
  };
  const seed = fixtures.map((f) => seedEntry('appcircle', 'user', f.label, f.grant.secret, f.expect));
  const freshGrants = () => GrantTable.from([...fixtures.map((f) => f.grant), apiKey]);
  let grants = freshGrants();

  /** Issues an access token (a JWT carrying `currentOrganizationId`) bound to the credential it came from. */
  const issue = (parent: string, user: AppcircleUser, organizationId: string): VendorResponse => {
    const now = Date.now();
    const exp = epochSeconds(now) + ACCESS_TTL_S;
    const claims = {
      iss: realm,
      sub: user.id,
      aud: 'account',
      typ: 'Bearer',
      azp: 'appcircle-cli',
      iat: epochSeconds(now),
      exp,
      jti: uuid(),
      email: user.persona.email,
      email_verified: true,
      preferred_username: user.persona.username,
      given_name: user.persona.firstName,
      family_name: user.persona.lastName,
      name: `${user.persona.firstName} ${user.persona.lastName}`,
      currentOrganizationId: organizationId,
    };
    const accessToken = signJwt(claims, 'HS256', ctx.keys);
    grants.add({
      secret: accessToken,
      expiresAt: exp * 1000,
      revoked: false,
      parent,
      data: { type: 'access', user, organizationId },
    });
    return json(200, {
      access_token: accessToken,
      // Refresh is not emulated (the CLI logs in again); the token is there because the CLI's mocks have it.
      refresh_token: randomBase64url(32),
      expires_in: ACCESS_TTL_S,
      token_type: 'Bearer',
    });
  };

  /** The form fields of a token request, or the 400 for anything but a form. */
  const formOf = (req: VendorRequest): Map<string, string> | VendorResponse => {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    }
    return bodyFields(parseBody(req));
  };

  const patLogin = (req: VendorRequest): VendorResponse => {
    const form = formOf(req);
    if (!(form instanceof Map)) return form;
    const pat = form.get('pat');
    if (!pat) return oauthError(400, 'invalid_request', 'Missing pat parameter');
    const check = grants.check(pat);
    if (check.status !== 'ok' || check.grant.data.type !== 'pat')
      return oauthError(401, 'invalid_grant', 'Invalid PAT token');
    const { user } = check.grant.data;
    return issue(pat, user, user.organizations[0]?.id ?? '');
  };

  const apiKeyLogin = (req: VendorRequest): VendorResponse => {
    const form = formOf(req);
    if (!(form instanceof Map)) return form;
    const name = form.get('name');
    const secret = form.get('secret');
    if (!name || !secret) return oauthError(400, 'invalid_request', 'Missing name or secret parameter');
    const wanted = form.get('organizationId');
    // The CLI reads this 400 by its `error` text ("organizationId must be a valid GUID"); the form is checked first.
    if (wanted !== undefined && !GUID.test(wanted)) return json(400, { error: 'organizationId must be a valid GUID' });
    const check = grants.check(secret);
    if (check.status !== 'ok' || check.grant.data.type !== 'api_key' || check.grant.data.name !== name)
      return oauthError(401, 'invalid_credentials', 'Invalid API key credentials');
    const { user } = check.grant.data;
    const organization = wanted ? user.organizations.find((org) => org.id === wanted) : user.organizations[0];
    // The CLI reads a 403 as "Your API Key does not have access to organization …" (the body is **open**).
    if (!organization) return oauthError(403, 'access_denied', 'The API key has no access to this organization');
    return issue(secret, user, organization.id);
  };

  /** The session behind `Authorization: Bearer <access token>`, or null. */
  const sessionOf = (req: VendorRequest) => {
    const check = grants.check(bearerToken(req));
    return check.status === 'ok' && check.grant.data.type === 'access' ? check.grant.data : null;
  };

  const orgJson = (org: Organization) => ({
    id: org.id,
    name: org.name,
    rootOrganizationId: null,
    createdDate: iso(org.createdAt),
  });

  return {
    provider: 'appcircle',
    seed,
    routes: [
      { method: 'POST', path: `${authPrefix}/auth/v1/token`, handle: patLogin },
      { method: 'POST', path: `${authPrefix}/auth/v1/api-key/token`, handle: apiKeyLogin },
      {
        method: 'GET',
        path: `${authPrefix}/auth/realms/appcircle/protocol/openid-connect/userinfo`,
        handle: (req) => {
          const session = sessionOf(req);
          if (!session) return invalidToken();
          const { user, organizationId } = session;
          return json(200, {
            sub: user.id,
            email: user.persona.email,
            email_verified: true,
            preferred_username: user.persona.username,
            given_name: user.persona.firstName,
            family_name: user.persona.lastName,
            name: `${user.persona.firstName} ${user.persona.lastName}`,
            currentOrganizationId: organizationId,
          });
        },
      },
      {
        method: 'GET',
        path: `${apiPrefix}/identity/v1/organizations`,
        handle: (req) => {
          const session = sessionOf(req);
          return session ? json(200, { data: session.user.organizations.map(orgJson) }) : invalidToken();
        },
      },
      {
        method: 'GET',
        path: `${apiPrefix}/identity/v1/organizations/:id`,
        handle: (req) => {
          const session = sessionOf(req);
          if (!session) return invalidToken();
          const org = session.user.organizations.find((o) => o.id === req.params.id);
          return org ? json(200, orgJson(org)) : json(404, { code: 'NotFound', message: 'Organization not found' });
        },
      },
    ],
    reset() {
      grants = freshGrants();
      counter.reset();
    },
    async mint(kind: SeedKind, count: number) {
      if (kind !== 'user') throw new UnsupportedKindError('appcircle', kind);
      const now = Date.now();
      return counter.take(kind, count).map((n) => {
        const persona = mintedPersona('appcircle', n);
        const grant = grants.add(patGrant(newUser(persona, [`${persona.username} org`], now)));
        return seedEntry('appcircle', 'user', mintedLabel(n), grant.secret, 'valid');
      });
    },
    revoke: (secret) => grants.revoke(secret),
  };
}
