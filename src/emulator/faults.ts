/**
 * Injected faults: fail, drop, slow down or echo the next vendor requests. A fault is consumed when a request
 * arrives (not when it is answered), so concurrent requests see a deterministic sequence.
 */
import { EMULATED_PROVIDERS, type EmulatedProvider } from './types.js';
import { isRecord } from './wire.js';

/** The body of `POST /_emulator/faults`. */
export interface FaultSpec {
  /** Only requests to this provider's hosts; any vendor request when absent. */
  provider?: EmulatedProvider;
  /** Answer this status instead of the real answer. */
  status?: number;
  /** How many matching requests it applies to; until reset when absent. */
  count?: number;
  /** Extra delay before answering. */
  latencyMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Error bodies (4xx/5xx) repeat the request's headers and body, to test that clients redact them. */
  echo?: boolean;
  /** Seconds for a `Retry-After` header on the `status` answer. */
  retryAfter?: number;
}

/** What the faults in force do to one request. */
export interface FaultEffect {
  latencyMs: number;
  drop: boolean;
  status: number | null;
  retryAfter: number | null;
  echo: boolean;
}

interface ActiveFault {
  spec: FaultSpec;
  /** Requests left; null lasts until reset. */
  remaining: number | null;
}

const FAULT_KEYS = new Set(['provider', 'status', 'count', 'latencyMs', 'drop', 'echo', 'retryAfter']);
const MAX_LATENCY_MS = 600_000;

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Validates a fault request body; unknown keys are refused so that a typo in a test fails loudly. */
export function parseFault(value: unknown): FaultSpec | { error: string } {
  if (!isRecord(value)) return { error: 'body must be a JSON object' };
  const unknown = Object.keys(value).filter((key) => !FAULT_KEYS.has(key));
  if (unknown.length > 0) return { error: `unknown fault fields: ${unknown.join(', ')}` };
  const { provider, status, count, latencyMs, drop, echo, retryAfter } = value;
  const spec: FaultSpec = {};
  if (provider !== undefined) {
    if (!EMULATED_PROVIDERS.includes(provider as EmulatedProvider)) return { error: `unknown provider "${provider}"` };
    spec.provider = provider as EmulatedProvider;
  }
  if (status !== undefined) {
    if (!isInteger(status, 400, 599)) return { error: 'status must be an integer from 400 to 599' };
    spec.status = status;
  }
  if (count !== undefined) {
    if (!isInteger(count, 1, Number.MAX_SAFE_INTEGER)) return { error: 'count must be a positive integer' };
    spec.count = count;
  }
  if (latencyMs !== undefined) {
    if (!isInteger(latencyMs, 0, MAX_LATENCY_MS))
      return { error: `latencyMs must be an integer from 0 to ${MAX_LATENCY_MS}` };
    spec.latencyMs = latencyMs;
  }
  for (const [name, flag] of [
    ['drop', drop],
    ['echo', echo],
  ] as const) {
    if (flag === undefined) continue;
    if (typeof flag !== 'boolean') return { error: `${name} must be a boolean` };
    spec[name] = flag;
  }
  if (retryAfter !== undefined) {
    if (typeof retryAfter !== 'number' || !Number.isFinite(retryAfter) || retryAfter < 0) {
      return { error: 'retryAfter must be a non-negative number of seconds' };
    }
    if (spec.status === undefined) return { error: 'retryAfter needs a status' };
    spec.retryAfter = retryAfter;
  }
  if (spec.status !== undefined && spec.drop) return { error: 'a fault either answers a status or drops, not both' };
  if (spec.status === undefined && !spec.drop && !spec.latencyMs && !spec.echo) {
    return { error: 'a fault needs at least one of status, drop, latencyMs or echo' };
  }
  return spec;
}

/** The faults in force, in the order they were added. */
export class FaultBook {
  #faults: ActiveFault[] = [];

  /** Adds a fault after the existing ones. */
  add(spec: FaultSpec): void {
    this.#faults.push({ spec, remaining: spec.count ?? null });
  }

  /** Removes every fault. */
  clear(): void {
    this.#faults = [];
  }

  /** The faults in force, with what is left of their count. */
  list(): Array<FaultSpec & { remaining: number | null }> {
    return this.#faults.map(({ spec, remaining }) => ({ ...spec, remaining }));
  }

  /**
   * The effect on one request to `provider`, consuming what applies. Of the faults that decide the answer
   * (a status or a drop) only the first matching one applies and is consumed, so "503 once, then 429 once"
   * queues up; the others (latency, echo) all apply and are all consumed.
   */
  take(provider: EmulatedProvider | null): FaultEffect {
    const effect: FaultEffect = { latencyMs: 0, drop: false, status: null, retryAfter: null, echo: false };
    if (this.#faults.length === 0) return effect;
    let decided = false;
    for (const fault of this.#faults) {
      const { spec } = fault;
      if (spec.provider !== undefined && spec.provider !== provider) continue;
      const decides = spec.status !== undefined || spec.drop === true;
      if (decides && decided) continue;
      if (decides) {
        decided = true;
        effect.drop = spec.drop === true;
        effect.status = spec.status ?? null;
        effect.retryAfter = spec.retryAfter ?? null;
      }
      effect.latencyMs += spec.latencyMs ?? 0;
      effect.echo ||= spec.echo === true;
      if (fault.remaining !== null) fault.remaining -= 1;
    }
    this.#faults = this.#faults.filter((fault) => fault.remaining === null || fault.remaining > 0);
    return effect;
  }
}
