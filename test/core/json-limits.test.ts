import { describe, expect, it } from 'vitest';
import { assertJsonWithinLimits } from '../../src/core/json-limits.js';

describe('limits on outside JSON, checked before parsing', () => {
  it('counts nesting and values outside strings only', () => {
    const inString = JSON.stringify([{ secret: `${'['.repeat(100)}"\\${','.repeat(100)}` }]);
    expect(() => assertJsonWithinLimits(inString, 'f', { depth: 3, values: 3 })).not.toThrow();
    expect(() => assertJsonWithinLimits('[[[[]]]]', 'f', { depth: 3 })).toThrow('f nests deeper than 3 levels');
    expect(() => assertJsonWithinLimits('[1,2,3,4]', 'f', { values: 3 })).toThrow('f holds more than 3 values');
  });

  it('an import file of 10,000 accounts with endpoints is within the defaults', () => {
    const entry = { provider: 'etm', kind: 'user', label: 'x', secret: 's', endpoints: { api: 'https://a' } };
    expect(() => assertJsonWithinLimits(JSON.stringify(Array(10_000).fill(entry)), 'f')).not.toThrow();
  });
});
