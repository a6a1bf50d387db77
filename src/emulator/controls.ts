/**
 * The test controls under `/_emulator/`. They are never subject to faults or latency, and take a JSON body
 * whatever its Content-Type (so `curl -d` works too):
 *   GET    /_emulator/info       {url, endpoints, seed}
 *   POST   /_emulator/revoke     {"secret"} → revokes it out of band (and the sessions derived from it)
 *   POST   /_emulator/faults     see FaultSpec; GET lists the faults in force; DELETE clears them
 *   POST   /_emulator/mint       {"provider", "kind"?, "count"?} → {"seed": [...]} fresh valid credentials
 *   POST   /_emulator/reset      clears faults, the request log, and every change to the seed state
 *   GET    /_emulator/requests   the last vendor requests (`?provider=` filters); DELETE clears the log
 */
import type { FaultBook } from './faults.js';
import { parseFault } from './faults.js';
import type { RequestLog } from './request-log.js';
import {
  EMULATED_PROVIDERS,
  type EmulatedProvider,
  type EmulatorSeed,
  type SeedKind,
  UnsupportedKindError,
  type VendorResponse,
} from './types.js';
import { isRecord, json, noContent } from './wire.js';

/** Mint at most this many credentials per call (authdeck's benchmark needs 10,000). */
export const MAX_MINT = 100_000;

const KINDS: readonly SeedKind[] = ['user', 'kb', 'processing'];

/** What the controls act on. */
export interface ControlTarget {
  info(): unknown;
  faults: FaultBook;
  log: RequestLog;
  revoke(secret: string): boolean;
  mint(provider: EmulatedProvider, kind: SeedKind, count: number): Promise<EmulatorSeed[]>;
  reset(): void;
}

/** A control request: the path below the base, its query, and its raw body. */
export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

const badRequest = (message: string): VendorResponse => json(400, { error: 'bad_request', message });

function bodyOf(body: Buffer): { value: unknown } | { error: string } {
  if (body.length === 0) return { value: {} };
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { error: 'body must be JSON' };
  }
}

async function mint(target: ControlTarget, value: unknown): Promise<VendorResponse> {
  if (!isRecord(value)) return badRequest('body must be a JSON object');
  const { provider, kind = 'user', count = 1 } = value;
  if (!EMULATED_PROVIDERS.includes(provider as EmulatedProvider)) {
    return badRequest(`provider must be one of ${EMULATED_PROVIDERS.join(', ')}`);
  }
  if (!KINDS.includes(kind as SeedKind)) return badRequest(`kind must be one of ${KINDS.join(', ')}`);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_MINT) {
    return badRequest(`count must be an integer from 1 to ${MAX_MINT}`);
  }
  try {
    return json(200, { seed: await target.mint(provider as EmulatedProvider, kind as SeedKind, count) });
  } catch (error) {
    if (error instanceof UnsupportedKindError) return badRequest(error.message);
    throw error;
  }
}

/** Answers one `/_emulator/…` request. */
export async function handleControl(target: ControlTarget, req: ControlRequest): Promise<VendorResponse> {
  const route = `${req.method} ${req.path}`;
  const parsed = req.method === 'POST' ? bodyOf(req.body) : { value: {} };
  if ('error' in parsed) return badRequest(parsed.error);
  const { value } = parsed;
  switch (route) {
    case 'GET /_emulator/info':
      return json(200, target.info());
    case 'POST /_emulator/revoke': {
      const secret = isRecord(value) ? value.secret : undefined;
      if (typeof secret !== 'string' || secret === '') return badRequest('body must be {"secret": "<credential>"}');
      return target.revoke(secret)
        ? json(200, { revoked: true })
        : json(404, { error: 'not_found', message: 'no credential with that secret' });
    }
    case 'POST /_emulator/faults': {
      const spec = parseFault(value);
      if ('error' in spec) return badRequest(spec.error);
      target.faults.add(spec);
      return json(200, { faults: target.faults.list() });
    }
    case 'GET /_emulator/faults':
      return json(200, { faults: target.faults.list() });
    case 'DELETE /_emulator/faults':
      target.faults.clear();
      return noContent();
    case 'POST /_emulator/mint':
      return mint(target, value);
    case 'POST /_emulator/reset':
      target.reset();
      return json(200, { reset: true });
    case 'GET /_emulator/requests':
      return json(200, { requests: target.log.list(req.query.get('provider')) });
    case 'DELETE /_emulator/requests':
      target.log.clear();
      return noContent();
    default:
      return json(404, { error: 'not_found', message: `no emulator control ${route}` });
  }
}
