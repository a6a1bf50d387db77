/** The one whole-file read of the store (src/store/safe-fs.ts readAll): every byte, whatever fstat says. */
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAll } from '../../src/store/safe-fs.js';
import { tempDir } from '../support/fixtures.js';

const readFd = (path: string) => {
  const fd = openSync(path, 'r');
  try {
    return readAll(fd);
  } finally {
    closeSync(fd);
  }
};

describe('readAll', () => {
  it('reads an empty file, a multi-byte text and a file of several MiB exactly', () => {
    const dir = tempDir();
    const cases = ['', 'é✓ 𝄞 \u2028 text', 'x'.repeat(3 * 1024 * 1024 + 17) + '✓'];
    for (const [i, text] of cases.entries()) {
      const file = join(dir, `f${i}`);
      writeFileSync(file, text);
      expect(readFd(file)).toBe(text);
    }
  });

  it('reads past the size fstat gives when the file holds more (a /proc file says 0)', () => {
    const expected = readFileSync('/proc/self/maps', 'utf8');
    // The maps of this process change as it runs: compare the start, which holds the executable's lines.
    const text = readFd('/proc/self/maps');
    expect(text.length).toBeGreaterThan(1000);
    expect(text.slice(0, 200)).toBe(expected.slice(0, 200));
  });
});
