/**
 * The people, labels and lifetimes behind the seed, in one place, so every vendor seeds the same story:
 * one named person per service with a working token, plus tokens in each state authdeck must recognise.
 */
import { DAY_MS } from './state.js';
import type { EmulatedProvider, EmulatorSeed, SeedExpect, SeedKind } from './types.js';

/** Who owns a service's seeded credentials. */
export interface Persona {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
}

/** One person per service (all addresses under the reserved example.com). */
export const PERSONAS: Record<EmulatedProvider, Persona> = {
  curvenote: { username: 'ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
  nuclia: { username: 'grace', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
  appcircle: { username: 'katherine', email: 'katherine@example.com', firstName: 'Katherine', lastName: 'Johnson' },
  platformsh: { username: 'margaret', email: 'margaret@example.com', firstName: 'Margaret', lastName: 'Hamilton' },
  upsun: { username: 'radia', email: 'radia@example.com', firstName: 'Radia', lastName: 'Perlman' },
  etm: { username: 'annie', email: 'annie@example.com', firstName: 'Annie', lastName: 'Easley' },
  bearer: { username: 'hedy', email: 'hedy@example.com', firstName: 'Hedy', lastName: 'Lamarr' },
};

/** The owner of the `n`-th minted credential: a distinct person each, so identities never collide. */
export function mintedPersona(provider: EmulatedProvider, n: number): Persona {
  const username = `${provider}-user-${String(n).padStart(5, '0')}`;
  return { username, email: `${username}@example.com`, firstName: 'User', lastName: String(n).padStart(5, '0') };
}

/** Seed labels say what state the credential is in, which keeps `authdeck demo` self-explanatory. */
export const LABELS = {
  valid: 'valid',
  expiring: 'expiring',
  expired: 'expired',
  revoked: 'revoked',
  noScope: 'no-scope',
  legacy: 'legacy',
  outage: 'outage',
} as const;

/** Label of the `n`-th minted credential of a provider and kind. */
export function mintedLabel(n: number): string {
  return `minted-${n}`;
}

/** Lifetimes of seeded tokens, relative to the emulator's start. */
export const LIFETIMES = {
  /** "expiring" is < 7 days left in authdeck; 3 days sits well inside without being under a day. */
  expiringMs: 3 * DAY_MS,
  /** How long ago the "expired" seeds expired. */
  expiredAgoMs: 2 * DAY_MS,
  /** Nuclia's CLI default for a personal token, also used for minted tokens that need an expiry. */
  defaultTokenMs: 90 * DAY_MS,
  /** ETM's default token lifetime when made on the web. */
  etmDefaultMs: 30 * DAY_MS,
  /** Keys that carry an expiry but are not about to lose it (Nuclia KB and NUA keys). */
  longMs: 365 * DAY_MS,
} as const;

/** Builds one seed entry. */
export function seedEntry(
  provider: EmulatedProvider,
  kind: SeedKind,
  label: string,
  secret: string,
  expect: SeedExpect,
  url?: string,
): EmulatorSeed {
  return url === undefined ? { provider, kind, label, secret, expect } : { provider, kind, label, secret, url, expect };
}

/** Hands out `minted-N` numbers per kind; restarted on reset, when every minted credential is forgotten. */
export class MintCounter {
  #next = new Map<SeedKind, number>();

  /** The next `count` numbers for `kind`, starting at 1. */
  take(kind: SeedKind, count: number): number[] {
    const first = this.#next.get(kind) ?? 1;
    this.#next.set(kind, first + count);
    return Array.from({ length: count }, (_, i) => first + i);
  }

  /** Back to 1 for every kind. */
  reset(): void {
    this.#next.clear();
  }
}

/** Runs `make` for each number with bounded concurrency (RSA signing runs in the thread pool). */
export async function mintEach<T>(numbers: number[], make: (n: number) => Promise<T>, concurrency = 64): Promise<T[]> {
  const out: T[] = new Array(numbers.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < numbers.length) {
      const index = next++;
      out[index] = await make(numbers[index] as number);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, numbers.length) }, worker));
  return out;
}
