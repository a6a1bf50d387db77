/**
 * The numeric options, each with its one range (issue 11 section 7): parsed once, at the command line, so no
 * command ever sees `1e12`, `-5`, `NaN` or a timeout past what `setTimeout` can wait (2^31-1 ms: beyond it
 * Node fires at once).
 */
/** A range of accepted values. */
export interface NumberRange {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer: boolean;
  /** What the number counts, for the message (`seconds`). */
  unit?: string;
}

/** Every numeric option's range, by what it is. */
export const RANGES = {
  /** `check --timeout`: one account's whole check, retries included. */
  timeoutSeconds: { min: 0.1, max: 3600, integer: false, unit: 'seconds' },
  /** `check --concurrency`. */
  concurrency: { min: 1, max: 1024, integer: true },
  /** `check --expiring-within`. */
  expiringWithinDays: { min: 0, max: 3650, integer: false, unit: 'days' },
  /** `token create --days`, `token rotate --days` (and the TUI's create screen). */
  tokenDays: { min: 1, max: 3650, integer: true, unit: 'days' },
  /** `log --limit`. */
  logEntries: { min: 1, max: 1_000_000, integer: true },
  /** `emulator --port` (0: any free port). */
  port: { min: 0, max: 65535, integer: true },
  /** `emulator --latency`. */
  latencyMs: { min: 0, max: 60_000, integer: false, unit: 'milliseconds' },
} as const satisfies Record<string, NumberRange>;

/** `a whole number from 1 to 3650`, `a number of seconds from 0.1 to 3600`. */
export function describeRange(range: NumberRange): string {
  const what = range.integer ? 'a whole number' : 'a number';
  return `${what}${range.unit ? ` of ${range.unit}` : ''} from ${range.min} to ${range.max}`;
}

/** Plain decimal notation only: no exponent, sign, hex, `Infinity` or surrounding space. */
const DECIMAL = /^\d+(?:\.\d+)?$/;
const WHOLE = /^\d+$/;

/** The number `text` says, or null when it is not one in `range`. */
export function parseInRange(text: string, range: NumberRange): number | null {
  if (!(range.integer ? WHOLE : DECIMAL).test(text)) return null;
  const value = Number(text);
  return value >= range.min && value <= range.max ? value : null;
}
