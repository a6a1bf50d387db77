/**
 * The adapter interface (types only) and the words around it: what a credential, an identity and a check
 * result are, and what an adapter may ask of the HTTP client. In core, so that every layer can name them
 * and every import points down; the adapters themselves live in src/providers.
 */

export {
  CREDENTIAL_KINDS,
  type CredentialKind,
  HEALTHS,
  type Health,
  PROVIDER_IDS,
  type ProviderId,
} from './vocabulary.js';

import type { CredentialKind, Health, ProviderId } from './vocabulary.js';

/** Who a credential belongs to. Every field is optional: services tell different things. */
export interface Identity {
  id?: string;
  username?: string;
  email?: string;
  name?: string;
  /** Appcircle organization, Nuclia account of a NUA key. */
  organization?: string;
  accountType?: string;
}

/** What a scoped credential gives access to (a Nuclia knowledge box, a region). */
export interface Resource {
  url?: string;
  title?: string;
  slug?: string;
  role?: string;
  region?: string;
  accountId?: string;
  kbId?: string;
}

/** The part of an account a provider needs to talk to its service. */
export interface Credential {
  provider: ProviderId;
  kind: CredentialKind;
  secret: string;
  /** Per-account endpoint overrides, by the provider's endpoint names. */
  endpoints: Record<string, string>;
  /** For a KB key: the KB URL lives in `resource.url`. */
  resource?: Resource | null;
  /**
   * True when `secret` is already a session token rather than the durable credential
   * (e.g. `AC_ACCESS_TOKEN` set by the user holds an Appcircle access token, not a PAT).
   */
  isSession?: boolean;
}

/** What can be learnt from a secret offline. `inspect` never throws, whatever the input. */
export interface LocalFacts {
  /** Vendor prefix such as `etm_` or `etm_beta_`, used by masking. */
  prefix?: string;
  /** Decoded JWT claims, when the secret is (or wraps) a JWT. */
  claims?: Record<string, unknown>;
  identity?: Identity;
  expiresAt?: string | null;
  scopes?: string[];
  /** Where the token says it comes from (`iss`), when known. */
  issuer?: string;
  /** A token's own description (Curvenote `note`). */
  description?: string;
}

/** The outcome of an online check. Never thrown: failures are a health and a reason. */
export interface CheckResult {
  health: Health;
  /** Human reason for anything but valid: `timeout after 10 s`, `connection refused`, `Invalid API token`… */
  reason: string | null;
  identity: Identity | null;
  resource: Resource | null;
  scopes: string[] | null;
  expiresAt: string | null;
  /** Scopes an operation needed and the token lacks (with `insufficient_scope`). */
  missingScopes?: string[];
}

/** A personal token as the service lists it: never its plain value. */
export interface RemoteToken {
  id: string;
  description: string | null;
  expiresAt: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
}

/** A token just created: the only time its plain value is seen. */
export interface CreatedToken {
  id: string;
  token: string;
  expiresAt: string | null;
}

/** Options for creating a personal token. */
export interface CreateTokenOptions {
  description: string;
  /** Lifetime in days; ignored where the service sets no expiry (`tokens.expires === false`). */
  days: number;
}

/** Anything that can make HTTP requests for an adapter; see src/http/client.ts. */
export interface HttpRequester {
  request(options: HttpRequestOptions): Promise<HttpResponse>;
}

export interface HttpRequestOptions {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  /** A string is sent as is; an object is sent as JSON. */
  body?: string | Record<string, unknown>;
  /** Extra strings to redact from any error this request raises (the secret is always redacted). */
  secrets?: string[];
  /** Retry this request even though its method is not idempotent (token exchanges are safe to repeat). */
  idempotent?: boolean;
  /**
   * Where the URL came from, named when the destination rule refuses it (`the token's aud claim`); a URL
   * carried inside a token is not the user's input, so its refusal is a check result, not an input error.
   */
  urlSource?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text (capped in size). */
  text: string;
  /** The body parsed as JSON; throws a `malformed answer` HttpError when it is not JSON. */
  json<T = unknown>(): T;
}

/** Caches session tokens in memory for one run: never on disk. */
export interface SessionCache {
  get(key: string): { token: string; expiresAt: number } | undefined;
  set(key: string, value: { token: string; expiresAt: number }): void;
  /** Every session token seen this run, for redaction. */
  tokens(): string[];
}

/** What every adapter call receives. */
export interface ProviderContext {
  http: HttpRequester;
  sessions: SessionCache;
  now(): Date;
}

/** One vendor environment variable an adapter reads or exports. */
export interface EnvVarSpec {
  name: string;
  kind: CredentialKind;
  /** `secret`: the credential itself; `session`: an exchanged session token; `url`: the KB URL that goes with a KB key. */
  role: 'secret' | 'session' | 'url';
}

/** One service adapter. One file per provider in src/providers/, registered in registry.ts. */
export interface Provider {
  id: ProviderId;
  title: string;
  kinds: CredentialKind[];
  /** Named default endpoints (`api`, `auth`, `global`, `engine`, `whoami`…), overridable per account and by AUTHDECK_ENDPOINTS. */
  endpoints: Record<string, string>;
  /** Vendor env vars: the ones with role `secret`/`session` shadow the stored account of that kind. */
  env: EnvVarSpec[];
  /** Where a person creates a token by hand. */
  tokenPageUrl: string;
  /** Offline facts; never throws on junk. */
  inspect(secret: string, kind: CredentialKind): LocalFacts;
  /** Online health plus identity. Never throws: failures are a health and a reason. */
  check(credential: Credential, ctx: ProviderContext): Promise<CheckResult>;
  /** The vendor variables for this credential; may exchange for a session token (Appcircle). */
  exportEnv(credential: Credential, ctx: ProviderContext): Promise<Record<string, string>>;
  /** An exchanged session token (Curvenote, Appcircle, Platform.sh, Upsun), for `secret --session`. */
  session?(credential: Credential, ctx: ProviderContext): Promise<string>;
  /** Personal tokens, only where the service has an API. */
  tokens?: {
    /** False where the service sets no expiry (Platform.sh, Upsun API tokens). */
    expires: boolean;
    create(credential: Credential, options: CreateTokenOptions, ctx: ProviderContext): Promise<CreatedToken>;
    list(credential: Credential, ctx: ProviderContext): Promise<RemoteToken[]>;
    revoke(credential: Credential, tokenId: string, ctx: ProviderContext): Promise<void>;
  };
}
