/**
 * The generic bearer provider (providers.md §6): any API with `Authorization: Bearer` and a who-am-I URL.
 *   GET `<base>/bearer/whoami` → {"username", "email", "name"}; 401 for anything else.
 * The whoami endpoint is a full URL (not a base) because that is what the provider stores.
 */
import { LAYOUT } from './layout.js';
import { LABELS, MintCounter, mintedLabel, mintedPersona, PERSONAS, type Persona, seedEntry } from './seed.js';
import { type Grant, GrantTable, randomBase62 } from './state.js';
import { type EmulatorSeed, type SeedKind, UnsupportedKindError, type Vendor, type VendorResponse } from './types.js';
import { bearerToken, json } from './wire.js';

// An opaque format in the style of many API tokens: a short type prefix, then 40 alphanumerics.
const newGrant = (persona: Persona): Grant<Persona> => ({
  secret: `bt_${randomBase62(40)}`,
  expiresAt: null,
  revoked: false,
  data: persona,
});

const unauthorized = (): VendorResponse =>
  json(
    401,
    { error: 'invalid_token', message: 'Bad credentials' },
    { 'www-authenticate': 'Bearer error="invalid_token"' },
  );

/** Builds the bearer emulation: one valid token and one revoked. */
export function createBearer(): Vendor {
  const counter = new MintCounter();
  const fixtures: Array<{ label: string; expect: EmulatorSeed['expect']; grant: Grant<Persona> }> = [
    { label: LABELS.valid, expect: 'valid', grant: newGrant(PERSONAS.bearer) },
    { label: LABELS.revoked, expect: 'rejected', grant: { ...newGrant(PERSONAS.bearer), revoked: true } },
  ];
  const seed = fixtures.map((f) => seedEntry('bearer', 'user', f.label, f.grant.secret, f.expect));
  let grants = GrantTable.from(fixtures.map((f) => f.grant));

  return {
    provider: 'bearer',
    seed,
    routes: [
      {
        method: 'GET',
        path: LAYOUT.bearer.whoami,
        handle: (req) => {
          const check = grants.check(bearerToken(req));
          if (check.status !== 'ok') return unauthorized();
          const persona = check.grant.data;
          return json(200, {
            username: persona.username,
            email: persona.email,
            name: `${persona.firstName} ${persona.lastName}`,
          });
        },
      },
    ],
    reset() {
      grants = GrantTable.from(fixtures.map((f) => f.grant));
      counter.reset();
    },
    async mint(kind: SeedKind, count: number) {
      if (kind !== 'user') throw new UnsupportedKindError('bearer', kind);
      return counter.take(kind, count).map((n) => {
        const grant = grants.add(newGrant(mintedPersona('bearer', n)));
        return seedEntry('bearer', 'user', mintedLabel(n), grant.secret, 'valid');
      });
    },
    revoke: (secret) => grants.revoke(secret),
  };
}
