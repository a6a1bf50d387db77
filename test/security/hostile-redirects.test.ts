/**
 * Issue 11 §1 and §6: a hostile service redirects every credentialed request of every provider to another
 * origin (a second real loopback server), with each of 301/302/303/307/308. The second server must receive
 * nothing — no header, no body — and the check must end `unreachable` with the redirect named, never `valid`.
 * And a URL a secret would go to over plain http off loopback is refused, whatever its source, before any
 * connection is tried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, Credential } from '../../src/core/adapter.js';
import { createHttp, type Http, redirectRefusal } from '../../src/http/client.js';
import { createSessionCache } from '../../src/http/sessions.js';
import { parseEndpointsEnv } from '../../src/providers/endpoints.js';
import { getProvider } from '../../src/providers/registry.js';
import { type LocalServer, sendJson, startServer } from '../http/local-server.js';
import { epochIn, fakeJwt } from '../providers/fake-jwt.js';

const STATUSES = [301, 302, 303, 307, 308] as const;

let http: Http;
/** Names are never looked up in these tests: every server is an IP literal on loopback. */
const lookups: string[] = [];
const noDns = ((host: string, _o: unknown, cb: (e: Error) => void) => {
  lookups.push(host);
  cb(Object.assign(new Error('no DNS in tests'), { code: 'ENOTFOUND' }));
}) as never;
/** The other origin: it answers 200 to anything, as a service that would accept a stripped request. */
let elsewhere: LocalServer;
/** One hostile server per status, each redirecting everything to `elsewhere`. */
const hostile = new Map<number, LocalServer>();

beforeAll(async () => {
  http = createHttp({ retryBaseMs: 10, lookup: noDns });
  elsewhere = await startServer((_req, res) =>
    sendJson(res, 200, {
      username: 'stolen',
      access_token: 'not-a-real-session-token-000',
      session: 'not-a-real-session-token-000',
      expires_in: 900,
      uuid: 'kb',
      user: { user_id: 'u', account_id: 'a' },
      data: [],
    }),
  );
  for (const status of STATUSES) {
    hostile.set(
      status,
      await startServer((req, res) => {
        res.writeHead(status, { location: `${elsewhere.url}${req.url}` });
        res.end();
      }),
    );
  }
});

afterAll(async () => {
  await http.close();
  await Promise.all([elsewhere, ...hostile.values()].map((s) => s.close()));
});

/** Every credentialed request shape authdeck sends: the first request of each provider's check. */
const SHAPES: Array<{ name: string; credential: (base: string) => Credential }> = [
  {
    name: 'bearer (Authorization header)',
    credential: (base) => cred('bearer', 'user', 'bt_live_9f8e7d6c5b4a3928171615', { whoami: `${base}/whoami` }),
  },
  {
    name: 'ETM (Authorization header, engine endpoint)',
    credential: (base) => cred('etm', 'user', 'etm_Q2hlY2tUaGVSZWRpcmVjdHNQbGVhc2Uw', { engine: `${base}/api/v3` }),
  },
  {
    name: "ETM (the token's aud claim)",
    credential: (base) =>
      cred('etm', 'user', `etm_${fakeJwt({ aud: [base], exp: epochIn(30), sub: '1', scopes: [] })}`, {}),
  },
  {
    name: 'Nuclia user (Authorization header)',
    credential: (base) => cred('nuclia', 'user', fakeJwt({ sub: 'grace', exp: epochIn(30) }), { global: base }),
  },
  {
    name: 'Nuclia KB key (X-NUCLIA-SERVICEACCOUNT)',
    credential: (base) => ({
      ...cred('nuclia', 'kb', fakeJwt({ sub: 'kb-key', exp: epochIn(30) }), {}),
      resource: { url: `${base}/api/v1/kb/0123abcd` },
    }),
  },
  {
    name: 'Nuclia NUA key (X-NUCLIA-NUAKEY, its iss claim)',
    credential: (base) => cred('nuclia', 'processing', fakeJwt({ iss: base, sub: 'nua', exp: epochIn(30) }), {}),
  },
  {
    name: 'Platform.sh (form body api_token=…)',
    credential: (base) => cred('platformsh', 'user', 'pshtoken0123456789abcdefghij', { auth: base, api: base }),
  },
  {
    name: 'Upsun (form body api_token=…)',
    credential: (base) => cred('upsun', 'user', 'upsuntoken0123456789abcdefgh', { auth: base, api: base }),
  },
  {
    name: 'Appcircle (form body pat=…)',
    credential: (base) => cred('appcircle', 'user', 'acpat_0123456789abcdefghijklmn', { auth: base, api: base }),
  },
  {
    name: "Curvenote (the token's aud claim, bearer exchange)",
    credential: (base) =>
      cred('curvenote', 'user', fakeJwt({ aud: `${base}/login`, iss: `${base}/tokens`, exp: epochIn(30) }), {}),
  },
];

function cred(
  provider: Credential['provider'],
  kind: Credential['kind'],
  secret: string,
  endpoints: Record<string, string>,
): Credential {
  return { provider, kind, secret, endpoints, resource: null };
}

async function check(credential: Credential): Promise<CheckResult> {
  return getProvider(credential.provider).check(credential, {
    http: http.forDeadline(5_000, [credential.secret]),
    sessions: createSessionCache(),
    now: () => new Date(),
  });
}

describe('cross-origin redirects of credentialed requests', () => {
  for (const status of STATUSES) {
    it(`are not followed on ${status}, for every provider's request shape`, async () => {
      const server = hostile.get(status)!;
      const before = elsewhere.seen.length;
      const results = await Promise.all(SHAPES.map((shape) => check(shape.credential(server.url))));
      const got = SHAPES.map((shape, i) => `${shape.name}: ${results[i]!.health} (${results[i]!.reason})`);
      const want = SHAPES.map(
        (shape) => `${shape.name}: unreachable (redirected to ${elsewhere.url}; not followed with a credential)`,
      );
      expect(got).toEqual(want);
      // The other origin heard nothing: no header, no body, not even a stripped request.
      expect(elsewhere.seen.slice(before)).toEqual([]);
      // And the hostile server was asked (the check did start), once per shape.
      expect(server.seen.length).toBeGreaterThanOrEqual(SHAPES.length);
      expect(lookups).toEqual([]);
    });
  }

  it('refuses a same-origin redirect of a credentialed request too, and never follows https to http', () => {
    const a = new URL('https://api.example.com/v1/user');
    expect(redirectRefusal(a, new URL('https://api.example.com/v2/user'), true)).toBe(
      'redirected to https://api.example.com/v2/user; not followed with a credential',
    );
    expect(redirectRefusal(a, new URL('http://api.example.com/v1/user'), false)).toBe(
      'redirected to http://api.example.com; not followed from https',
    );
    expect(redirectRefusal(a, new URL('https://cdn.example.com/x'), false)).toBeNull();
  });

  it('still follows a redirect of a request that carries no secret', async () => {
    const target = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
    const from = await startServer((_req, res) => {
      res.writeHead(302, { location: `${target.url}/here` });
      res.end();
    });
    try {
      const res = await http.forDeadline(5_000).request({ method: 'GET', url: `${from.url}/public` });
      expect(res.json()).toEqual({ ok: true });
      expect(target.seen.map((r) => r.url)).toEqual(['/here']);
    } finally {
      await Promise.all([target.close(), from.close()]);
    }
  });
});

describe('one rule of where a secret may be sent', () => {
  // A name that must never be looked up: the refusal comes before any connection.
  const FAR = 'http://far.example';

  it('refuses URLs carried inside tokens over plain http, naming the claim', async () => {
    const cases: Array<[Credential, RegExp]> = [
      [
        cred('etm', 'user', `etm_${fakeJwt({ aud: [FAR], exp: epochIn(30), sub: '1' })}`, {}),
        /^the token's aud claim http:\/\/far\.example is not https \(http is allowed only on loopback\); not sent$/,
      ],
      [
        cred('nuclia', 'processing', fakeJwt({ iss: FAR, sub: 'nua', exp: epochIn(30) }), {}),
        /^the NUA key's iss claim http:\/\/far\.example is not https/,
      ],
      [
        cred('curvenote', 'user', fakeJwt({ aud: `${FAR}/login`, exp: epochIn(30) }), {}),
        /^the token's aud claim http:\/\/far\.example is not https/,
      ],
      [
        { ...cred('nuclia', 'kb', 'kbkey_0123456789abcdef', {}), resource: { url: `${FAR}/api/v1/kb/x` } },
        /^the KB URL http:\/\/far\.example is not https/,
      ],
    ];
    const before = lookups.length;
    const guarded = createHttp({ lookup: noDns });
    try {
      for (const [credential, reason] of cases) {
        const result = await getProvider(credential.provider).check(credential, {
          http: guarded.forDeadline(5_000, [credential.secret]),
          sessions: createSessionCache(),
          now: () => new Date(),
        });
        expect(result.health).toBe('unreachable');
        expect(result.reason).toMatch(reason);
      }
      expect(lookups.slice(before)).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('refuses AUTHDECK_ENDPOINTS over plain http off loopback as an input error naming the variable', () => {
    let error: unknown;
    try {
      parseEndpointsEnv('{"bearer":{"whoami":"http://x.example/me"}}');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 2,
      message:
        'AUTHDECK_ENDPOINTS.bearer.whoami must use https (http is allowed only on loopback): "http://x.example/me"',
    });
    expect(parseEndpointsEnv('{"bearer":{"whoami":"http://127.0.0.1:9/me"}}')).toEqual({
      bearer: { whoami: 'http://127.0.0.1:9/me' },
    });
  });
});
