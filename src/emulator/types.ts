/**
 * The emulator's vocabulary: its public API (options, seed, running handle) and the small internal contract
 * every vendor module implements. Written from providers.md alone: nothing here may come from src/providers or
 * src/http, because the emulator is the judge of those adapters.
 */

import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Every service the emulator speaks for; also the first path segment of that service's routes. */
export const EMULATED_PROVIDERS = ['curvenote', 'nuclia', 'appcircle', 'platformsh', 'upsun', 'etm', 'bearer'] as const;
/** One of `EMULATED_PROVIDERS`. */
export type EmulatedProvider = (typeof EMULATED_PROVIDERS)[number];

/** What a seeded credential is (the project's vocabulary, see providers.md). */
export type SeedKind = 'user' | 'kb' | 'processing';

/** The health authdeck must report for a seeded credential. */
export type SeedExpect = 'valid' | 'expiring' | 'expired' | 'rejected' | 'insufficient_scope' | 'unreachable';

/** How to start the emulator. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Loopback address to bind; anything off loopback is refused. @default '127.0.0.1' */
  host?: string;
  /** Base latency added to every vendor request (never to `/_emulator/` controls). @default 0 */
  latencyMs?: number;
}

/** One credential the emulator hands out, with the health authdeck must find for it. */
export interface EmulatorSeed {
  provider: EmulatedProvider;
  kind: SeedKind;
  /** Unique per provider and kind. */
  label: string;
  /** At least 16 characters. */
  secret: string;
  /** The resource URL stored with the credential (a Nuclia knowledge box). */
  url?: string;
  expect: SeedExpect;
}

/** The base URL of every emulated host, shaped like the vendor's default so adapters append the same paths. */
export interface EmulatorEndpoints {
  curvenote: { api: string };
  nuclia: { global: string; regional: string };
  appcircle: { auth: string; api: string };
  platformsh: { auth: string; api: string };
  upsun: { auth: string; api: string };
  etm: { engine: string; identity: string };
  bearer: { whoami: string };
}

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL, no trailing slash, e.g. `http://127.0.0.1:43123`. */
  url: string;
  endpoints: EmulatorEndpoints;
  seed: EmulatorSeed[];
  /** Stops listening, drops open connections and pending delayed answers. */
  close(): Promise<void>;
}

/** A vendor request after the server has read it; `body` is raw and capped. */
export interface VendorRequest {
  method: string;
  /** Full path, vendor prefix included (`/nuclia/accounts/api/v1/user`). */
  path: string;
  /** Values of `:name` segments of the matched route, URI-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a vendor answers: a JSON body, a text body, or nothing (204). */
export interface VendorResponse {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** Answers one matched vendor request. */
export type Handler = (req: VendorRequest) => VendorResponse | Promise<VendorResponse>;

/** One route: `:name` segments capture, a final `*` matches any remaining segments. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  path: string;
  handle: Handler;
}

/** Signing material shared by the vendors of one emulator. */
export interface EmulatorKeys {
  /** HS256 secret (Curvenote, Nuclia user and KB tokens, session tokens). */
  hmac: Buffer;
  /** RS256 key pair (ETM tokens, NUA keys), published as a JWKS by the ETM identity host. */
  rsa: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
}

/** What a vendor module needs to build its world. */
export interface VendorContext {
  /** The emulator's base URL, no trailing slash. */
  base: string;
  keys: EmulatorKeys;
}

/** One emulated service (Platform.sh and Upsun are two instances of one module). */
export interface Vendor {
  provider: EmulatedProvider;
  routes: Route[];
  /** Credentials created at start; `reset()` makes them behave exactly as at start again. */
  seed: readonly EmulatorSeed[];
  /** Back to the start state: seed credentials only, nothing minted, created or revoked. */
  reset(): void;
  /** Fresh valid credentials of `kind`; throws `UnsupportedKindError` when the service has no such kind. */
  mint(kind: SeedKind, count: number): Promise<EmulatorSeed[]>;
  /** Revokes a credential out of band (its derived sessions die with it); false when the secret is not ours. */
  revoke(secret: string): boolean;
}

/** Thrown by `Vendor.mint` for a kind the service does not have. */
export class UnsupportedKindError extends Error {
  constructor(provider: EmulatedProvider, kind: string) {
    super(`${provider} has no credentials of kind "${kind}"`);
    this.name = 'UnsupportedKindError';
  }
}
