/**
 * Limits on JSON from outside (`import --file`, vendor config files), checked in one linear pass before
 * `JSON.parse`: nesting deep enough to overflow the stack of any later walk (`JSON.stringify` in a message)
 * and more values than a sane file holds (parsing a few MiB of `[{},{},…]` costs hundreds of MiB) are refused.
 */

import { formatCount } from './display.js';
import { inputError } from './errors.js';

/**
 * The largest `import --file` (file or stdin) and vendor config file read, in bytes: room for 10,000 accounts
 * with JWT-sized secrets (10,000 of 720 characters peak at about 149 MiB); with the value limit below,
 * what any such input costs to read, parse and store stays under 150 MiB.
 */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

/** The deepest nesting accepted: the import file needs 3 levels, vendor configs about as many. */
const MAX_JSON_DEPTH = 64;

/** The most values (objects, arrays and the items of them) accepted: 10,000 accounts of an import file and more. */
const MAX_JSON_VALUES = 150_000;

/**
 * Throws an input error (exit 2) naming `source` when `text` nests deeper than {@link MAX_JSON_DEPTH} or holds
 * more than {@link MAX_JSON_VALUES} values. Counts `{`, `[` and `,` outside strings; never parses.
 */
export function assertJsonWithinLimits(
  text: string,
  source: string,
  limits: { depth?: number; values?: number } = {},
): void {
  const maxDepth = limits.depth ?? MAX_JSON_DEPTH;
  const maxValues = limits.values ?? MAX_JSON_VALUES;
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth)
        throw inputError(`${source} nests deeper than ${maxDepth} levels; nothing was read from it`);
      values++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
    else if (c === 0x2c /* , */) values++;
    if (values > maxValues)
      throw inputError(`${source} holds more than ${formatCount(maxValues)} values; nothing was read from it`);
  }
}
