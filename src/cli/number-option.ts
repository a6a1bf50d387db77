/** Numeric command-line options: parsed once by commander, through the one range each has (core/numbers.ts). */
import { InvalidArgumentError, Option } from 'commander';
import { describeRange, type NumberRange, parseInRange } from '../core/numbers.js';

/**
 * An option whose argument must be a number in `range`; anything else is a usage error (exit 2) that names
 * the option and the range, before any command runs.
 */
export function numberOption(flags: string, description: string, range: NumberRange, fallback?: number): Option {
  const option = new Option(flags, description).argParser((text: string) => {
    const value = parseInRange(text, range);
    if (value === null) throw new InvalidArgumentError(`It must be ${describeRange(range)}.`);
    return value;
  });
  return fallback === undefined ? option : option.default(fallback);
}
