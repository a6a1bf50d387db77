/**
 * The generic `bearer` provider (providers.md §6): any API that takes `Authorization: Bearer` and has a
 * who-am-I URL. There is no default URL; each account names its own `--endpoint whoami=URL`.
 */

import type { LocalFacts, Provider } from '../core/adapter.js';
import { DEFAULT_ENDPOINTS, resolveEndpoints } from './endpoints.js';
import { claimString, decodeClaims, expiryFromClaims, identityFromClaims } from './jwt.js';
import {
  acceptedResult,
  expiredResult,
  factsFromLocal,
  guardCheck,
  hasExpired,
  mergeIdentity,
  uncheckedResult,
} from './outcome.js';
import { bearer as bearerHeader, expectOk, jsonObject, text } from './wire.js';

function inspect(secret: string): LocalFacts {
  // Many bearer tokens are JWTs; when so, their expiry and identity are worth showing.
  const claims = decodeClaims(secret);
  if (!claims) return {};
  const facts: LocalFacts = { claims, expiresAt: expiryFromClaims(claims) };
  const identity = identityFromClaims(claims);
  if (identity) facts.identity = identity;
  const issuer = claimString(claims, 'iss');
  if (issuer) facts.issuer = issuer;
  return facts;
}

/** Generic bearer-token adapter. */
export const bearer: Provider = {
  id: 'bearer',
  title: 'Bearer token',
  kinds: ['user'],
  endpoints: DEFAULT_ENDPOINTS.bearer,
  env: [{ name: 'AUTHDECK_BEARER_TOKEN', kind: 'user', role: 'secret' }],
  // No service of its own: the token is made wherever the API's owner says.
  tokenPageUrl: '',
  inspect,

  async check(credential, ctx) {
    const known = factsFromLocal(inspect(credential.secret));
    return guardCheck(known, async () => {
      // A JWT whose own `exp` has passed is judged offline, with no request: any server that issued it refuses
      // it, and "expired" says more than its bare 401 would.
      if (hasExpired(known.expiresAt, ctx.now())) return expiredResult(known);
      const whoami = resolveEndpoints(bearer, credential.endpoints).whoami;
      if (!whoami) return uncheckedResult('no who-am-I URL: add the account with --endpoint whoami=URL', known);
      const response = await ctx.http.request({
        method: 'GET',
        url: whoami,
        headers: { ...bearerHeader(credential.secret), accept: 'application/json' },
        secrets: [credential.secret],
      });
      const body = jsonObject(expectOk(response));
      const login = text(body, 'login');
      const identity = mergeIdentity(known.identity, {
        id: text(body, 'id'),
        username: text(body, 'username') ?? login,
        name: text(body, 'name'),
        email: text(body, 'email'),
      });
      return acceptedResult({ ...known, identity }, ctx.now());
    });
  },

  async exportEnv(credential) {
    return { AUTHDECK_BEARER_TOKEN: credential.secret };
  },
};
