import { describe, expect, it } from 'vitest';
import { printJsonList } from '../../src/cli/output.js';

describe('printJsonList', () => {
  it('writes exactly what JSON.stringify(…, null, 2) would, in batches', () => {
    const item = (i: number) => ({
      id: `id-${i}`,
      nested: { list: [i, 'two\nlines', { deep: null }], empty: {}, none: [] },
      text: 'quote " and \\ backslash, tab\t',
    });
    for (const n of [0, 1, 2, 255, 1023, 1024, 1025, 2600]) {
      const items = Array.from({ length: n }, (_, i) => i);
      const rest = { env: [{ name: 'CURVENOTE_TOKEN', secret: 'cv_…1234' }], count: n, flag: true };
      const writes: string[] = [];
      printJsonList('accounts', items, item, rest, (text) => writes.push(text));
      expect(writes.join('')).toBe(`${JSON.stringify({ accounts: items.map(item), ...rest }, null, 2)}\n`);
      // A long list is never one write.
      if (n > 1024) expect(writes.length).toBeGreaterThanOrEqual(3);
    }
  });
});
