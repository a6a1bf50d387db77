import { describe, expect, it } from 'vitest';
import type { Credential } from '../../src/core/adapter.js';
import {
  DEFAULT_ENDPOINTS,
  parseEndpointsEnv,
  resolveEndpointSources,
  resolveEndpoints,
} from '../../src/providers/endpoints.js';
import { engineFor, etm } from '../../src/providers/etm.js';
import { regionalBaseOfKb } from '../../src/providers/nuclia.js';
import { getProvider } from '../../src/providers/registry.js';
import { fakeJwt } from './fake-jwt.js';

const nuclia = getProvider('nuclia');

describe('resolveEndpoints', () => {
  it('uses the vendors defaults', () => {
    expect(resolveEndpoints(nuclia, {}, {})).toEqual({
      global: 'https://accounts.progress.cloud',
      regional: 'https://europe-1.dp.progress.cloud',
    });
    expect(resolveEndpoints(getProvider('etm'), {}, {}).engine).toBe('https://engine.energytransitionmodel.com/api/v3');
  });

  it('per-account override > AUTHDECK_ENDPOINTS > default', () => {
    const env = {
      AUTHDECK_ENDPOINTS: JSON.stringify({
        nuclia: { global: 'http://127.0.0.1:9/g/', regional: 'http://127.0.0.1:9/r' },
      }),
    };
    expect(resolveEndpointSources(nuclia, { regional: 'https://eu.example/' }, env)).toEqual({
      global: { url: 'http://127.0.0.1:9/g', source: 'env' },
      regional: { url: 'https://eu.example', source: 'account' },
    });
  });

  it('gives bearer no whoami unless one is set', () => {
    const bearer = getProvider('bearer');
    expect(resolveEndpoints(bearer, {}, {})).toEqual({});
    expect(resolveEndpoints(bearer, { whoami: 'https://api.example/me' }, {})).toEqual({
      whoami: 'https://api.example/me',
    });
    expect(Object.keys(bearer.endpoints)).toEqual(['whoami']);
  });

  it('names exactly the endpoints of the emulator contract', () => {
    expect(Object.fromEntries(Object.entries(DEFAULT_ENDPOINTS).map(([id, e]) => [id, Object.keys(e)]))).toEqual({
      curvenote: ['api'],
      nuclia: ['global', 'regional'],
      appcircle: ['auth', 'api'],
      platformsh: ['auth', 'api'],
      upsun: ['auth', 'api'],
      etm: ['engine', 'identity'],
      bearer: ['whoami'],
    });
  });

  it('refuses a broken AUTHDECK_ENDPOINTS with a clear error', () => {
    expect(() => parseEndpointsEnv('{not json')).toThrow(/AUTHDECK_ENDPOINTS is not valid JSON/);
    expect(() => parseEndpointsEnv('[1]')).toThrow(/must be a JSON object/);
    expect(() => parseEndpointsEnv('{"gitlab":{}}')).toThrow(/unknown provider "gitlab"/);
    expect(() => parseEndpointsEnv('{"etm":{"engin":"https://x"}}')).toThrow(/etm has no endpoint "engin"/);
    expect(() => parseEndpointsEnv('{"etm":{"engine":"ftp://x"}}')).toThrow(/must be an http\(s\) URL/);
    expect(parseEndpointsEnv(undefined)).toEqual({});
    expect(parseEndpointsEnv('')).toEqual({});
  });
});

describe('token-derived URLs', () => {
  it('takes a KB regional base from its URL', () => {
    expect(regionalBaseOfKb('https://europe-1.dp.progress.cloud/api/v1/kb/abc123')).toBe(
      'https://europe-1.dp.progress.cloud',
    );
    expect(regionalBaseOfKb('http://127.0.0.1:5000/nuclia/regional/api/v1/kb/k1/')).toBe(
      'http://127.0.0.1:5000/nuclia/regional',
    );
    expect(regionalBaseOfKb('https://example.com/other')).toBeUndefined();
  });

  it('asks ETM at an explicit endpoint, else the token audience, else the default', () => {
    const credential = (endpoints: Record<string, string>): Credential => ({
      provider: 'etm',
      kind: 'user',
      secret: 'etm_x',
      endpoints,
    });
    const claims = { aud: 'https://beta.engine.energytransitionmodel.com https://other.example' };
    const saved = process.env.AUTHDECK_ENDPOINTS;
    delete process.env.AUTHDECK_ENDPOINTS;
    try {
      expect(engineFor(credential({}), claims)).toBe('https://beta.engine.energytransitionmodel.com/api/v3');
      expect(engineFor(credential({}), { aud: ['http://127.0.0.1:1/etm/api/v3/'] })).toBe(
        'http://127.0.0.1:1/etm/api/v3',
      );
      expect(engineFor(credential({ engine: 'http://127.0.0.1:2/e' }), claims)).toBe('http://127.0.0.1:2/e');
      expect(engineFor(credential({}), null)).toBe(DEFAULT_ENDPOINTS.etm.engine);
      process.env.AUTHDECK_ENDPOINTS = JSON.stringify({ etm: { engine: 'http://127.0.0.1:3/e' } });
      expect(engineFor(credential({}), claims)).toBe('http://127.0.0.1:3/e');
    } finally {
      if (saved === undefined) delete process.env.AUTHDECK_ENDPOINTS;
      else process.env.AUTHDECK_ENDPOINTS = saved;
    }
    expect(etm.inspect(`etm_${fakeJwt(claims)}`, 'user').claims?.aud).toBe(claims.aud);
  });
});
