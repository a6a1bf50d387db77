import { describe, expect, it } from 'vitest';
import { parseInRange, RANGES } from '../../src/core/numbers.js';

describe('one range per numeric option', () => {
  it('plain decimals inside the range only', () => {
    expect(parseInRange('10', RANGES.timeoutSeconds)).toBe(10);
    expect(parseInRange('0.5', RANGES.timeoutSeconds)).toBe(0.5);
    for (const bad of ['', ' 1', '1e3', '-1', '+1', '0x10', 'Infinity', 'NaN', '3600.5', '2147484', '.5', '1.'])
      expect(parseInRange(bad, RANGES.timeoutSeconds), bad).toBeNull();
    expect(parseInRange('1.5', RANGES.tokenDays)).toBeNull();
  });

  it('every timeout in range fits setTimeout (2^31-1 ms)', () => {
    expect(RANGES.timeoutSeconds.max * 1000).toBeLessThan(2 ** 31 - 1);
  });
});
