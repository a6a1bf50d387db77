import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_KINDS, PROVIDER_IDS } from '../../src/core/adapter.js';
import { decodeClaims } from '../../src/providers/jwt.js';
import { getProvider, isProviderId, providers } from '../../src/providers/registry.js';
import { epochIn, fakeJwt } from './fake-jwt.js';

describe('inspect never throws on junk', () => {
  const junk = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('', '.', '..', 'a.b.c', 'etm_', 'etm_beta_', 'etm_a.b.c', 'eyJ.eyJ.', 'x'.repeat(20_000)),
    fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((p) => p.join('.')),
    fc
      .jsonValue()
      .map(
        (v) =>
          `etm_${Buffer.from('{}').toString('base64url')}.${Buffer.from(JSON.stringify(v)).toString('base64url')}.s`,
      ),
  );

  it('for every provider and kind', () => {
    fc.assert(
      fc.property(
        junk,
        fc.constantFrom(...providers),
        fc.constantFrom(...CREDENTIAL_KINDS),
        (secret, provider, kind) => {
          const facts = provider.inspect(secret, kind);
          expect(typeof facts).toBe('object');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decodes only JSON-object payloads', () => {
    const notObject = `${Buffer.from('{}').toString('base64url')}.${Buffer.from('[1,2]').toString('base64url')}.s`;
    expect(decodeClaims(notObject)).toBeNull();
    expect(decodeClaims('not a jwt')).toBeNull();
  });
});

describe('inspect reads what the tokens carry', () => {
  it('Curvenote: identity, expiry, issuer and note', () => {
    const exp = epochIn(30);
    const token = fakeJwt({
      iss: 'https://scms.curvenote.com/v1/tokens/user',
      aud: 'https://scms.curvenote.com/v1/login',
      sub: 'u123/t456',
      user_id: 'u123',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      note: 'laptop',
      exp,
    });
    expect(getProvider('curvenote').inspect(token, 'user')).toMatchObject({
      identity: { id: 'u123', name: 'Ada Lovelace', email: 'ada@example.com' },
      expiresAt: new Date(exp * 1000).toISOString(),
      issuer: 'https://scms.curvenote.com/v1/tokens/user',
      description: 'laptop',
    });
    expect(getProvider('curvenote').inspect(fakeJwt({ sub: 'u1/t1' }), 'user')).toMatchObject({
      expiresAt: null,
      identity: { id: 'u1' },
    });
  });

  it('ETM: prefix, scopes, user and expiry; opaque old tokens keep just the prefix', () => {
    const claims = {
      iss: 'https://my.energytransitionmodel.com',
      scopes: 'openid public scenarios:read',
      sub: 7,
      user: { id: 7, name: 'Eve', email: 'eve@example.com' },
      exp: epochIn(3),
    };
    const etm = getProvider('etm');
    expect(etm.inspect(`etm_${fakeJwt(claims)}`, 'user')).toMatchObject({
      prefix: 'etm_',
      scopes: ['openid', 'public', 'scenarios:read'],
      identity: { id: '7', name: 'Eve', email: 'eve@example.com' },
      issuer: 'https://my.energytransitionmodel.com',
    });
    expect(etm.inspect(`etm_beta_${fakeJwt(claims)}`, 'user').prefix).toBe('etm_beta_');
    expect(etm.inspect('etm_abcdefghijklmnopqrstuvwxyz0123456789ABCD', 'user')).toEqual({ prefix: 'etm_' });
    expect(etm.inspect('ghp_notanetmtoken', 'user')).toEqual({});
  });

  it('Nuclia NUA: the issuer is the regional base without its trailing slash', () => {
    const facts = getProvider('nuclia').inspect(fakeJwt({ iss: 'https://europe-1.dp.progress.cloud/' }), 'processing');
    expect(facts.issuer).toBe('https://europe-1.dp.progress.cloud');
  });
});

describe('registry and env', () => {
  it('lists every provider once, in order', () => {
    expect(providers.map((p) => p.id)).toEqual([...PROVIDER_IDS]);
    expect(isProviderId('etm')).toBe(true);
    expect(isProviderId('gitlab')).toBe(false);
    for (const id of PROVIDER_IDS) expect(getProvider(id).id).toBe(id);
  });

  it('declares the vendors env var names', () => {
    const names = Object.fromEntries(providers.map((p) => [p.id, p.env.map((e) => `${e.name}:${e.kind}:${e.role}`)]));
    expect(names).toEqual({
      curvenote: ['CURVENOTE_TOKEN:user:secret'],
      nuclia: [
        'NUCLIA_TOKEN:user:secret',
        'NUCLIA_KB_API_KEY:kb:secret',
        'NUCLIA_KB_URL:kb:url',
        'NUCLIA_NUA_KEY:processing:secret',
      ],
      appcircle: ['AC_ACCESS_TOKEN:user:session'],
      platformsh: ['PLATFORMSH_CLI_TOKEN:user:secret'],
      upsun: ['UPSUN_CLI_TOKEN:user:secret'],
      etm: ['ETM_API_TOKEN:user:secret'],
      bearer: ['AUTHDECK_BEARER_TOKEN:user:secret'],
    });
  });

  it('points at each token page', () => {
    expect(getProvider('etm').tokenPageUrl).toBe('https://my.energytransitionmodel.com/identity/tokens');
    expect(getProvider('upsun').tokenPageUrl).toMatch(/^https:\/\/console\.upsun\.com\//);
    expect(getProvider('platformsh').tokenPageUrl).toMatch(/^https:\/\/console\.platform\.sh\//);
    expect(getProvider('curvenote').tokenPageUrl).toBe('https://curvenote.com/profile?settings=true&tab=profile-api');
  });

  it('has token APIs exactly where the services do', () => {
    expect(providers.filter((p) => p.tokens).map((p) => [p.id, p.tokens?.expires])).toEqual([
      ['nuclia', true],
      ['platformsh', false],
      ['upsun', false],
    ]);
    expect(providers.filter((p) => p.session).map((p) => p.id)).toEqual([
      'curvenote',
      'appcircle',
      'platformsh',
      'upsun',
    ]);
  });
});
