/**
 * The one place where what a service (or a token's claims) says enters authdeck: every string of a check
 * result, of a token's offline facts and of a token list passes the shared redactor, then the sanitiser, and
 * is capped, before any command shows it or the store keeps it. The registry wraps every adapter with it, so
 * no adapter and no command can forget it.
 */

import type {
  CheckResult,
  CreatedToken,
  Identity,
  LocalFacts,
  Provider,
  RemoteToken,
  Resource,
} from '../core/adapter.js';
import { inert, storedField } from '../core/inert.js';
import { redactor } from '../core/redact.js';

/** A URL is kept whole up to this length (a cut URL would point elsewhere); a longer one is dropped. */
const MAX_URL_LENGTH = 2048;

/** A server-supplied string as it may be stored and shown: redacted first, then inert and capped. */
export function ingestText(text: string): string {
  return storedField(redactor.redact(text));
}

/** A string field that may be missing or of the wrong type (services send anything). */
function field<T>(value: T): T {
  return (typeof value === 'string' ? ingestText(value) : value) as T;
}

function record<T extends object>(value: T | null | undefined): T | null | undefined {
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'url' && typeof v === 'string') {
      const url = inert(redactor.redact(v));
      if (url.length <= MAX_URL_LENGTH) out[key] = url;
    } else out[key] = field(v);
  }
  return out as T;
}

/** A check result with every server-supplied string redacted, made inert and capped. */
export function ingestCheck(result: CheckResult): CheckResult {
  return {
    ...result,
    reason: result.reason === null ? null : field(result.reason),
    identity: record<Identity>(result.identity) ?? null,
    resource: record<Resource>(result.resource) ?? null,
    scopes: Array.isArray(result.scopes) ? result.scopes.map(field) : result.scopes,
    expiresAt: field(result.expiresAt),
    ...(result.missingScopes ? { missingScopes: result.missingScopes.map(field) } : {}),
  };
}

/** Offline facts: the claims of a token are outside text too (a JWT's `name` can hold an escape sequence). */
export function ingestFacts(facts: LocalFacts): LocalFacts {
  const out: LocalFacts = { ...facts };
  if (facts.identity) out.identity = record<Identity>(facts.identity) ?? undefined;
  if (facts.scopes) out.scopes = facts.scopes.map(field);
  if (typeof facts.description === 'string') out.description = field(facts.description);
  if (typeof facts.expiresAt === 'string') out.expiresAt = field(facts.expiresAt);
  return out;
}

/** A token as the service lists it. */
export function ingestRemoteToken(token: RemoteToken): RemoteToken {
  return {
    id: field(token.id),
    description: field(token.description),
    expiresAt: field(token.expiresAt),
    createdAt: field(token.createdAt),
    lastUsedAt: field(token.lastUsedAt),
  };
}

/** A token just created: its id and expiry are outside text; its value is the secret, left exact. */
export function ingestCreated(created: CreatedToken): CreatedToken {
  redactor.add(created.token);
  return { ...created, id: field(created.id), expiresAt: field(created.expiresAt) };
}

/**
 * The adapter with every outcome ingested. The credential's own secret is given to the redactor first, so an
 * echo of it is caught even when the adapter never named it.
 */
export function ingesting(provider: Provider): Provider {
  const tokens = provider.tokens;
  return {
    ...provider,
    inspect: (secret, kind) => ingestFacts(provider.inspect(secret, kind)),
    check: async (credential, ctx) => {
      redactor.add(credential.secret);
      return ingestCheck(await provider.check(credential, ctx));
    },
    ...(tokens
      ? {
          tokens: {
            ...tokens,
            create: async (credential, options, ctx) => {
              redactor.add(credential.secret);
              return ingestCreated(await tokens.create(credential, options, ctx));
            },
            list: async (credential, ctx) => {
              redactor.add(credential.secret);
              const listed = await tokens.list(credential, ctx);
              return listed.map(ingestRemoteToken);
            },
          },
        }
      : {}),
  };
}
