/**
 * The one verified atomic write (src/store/safe-fs.ts): every byte or an error naming the file, the previous
 * content untouched on failure, no temp file left, and a real full file system (a 64 KiB tmpfs, CI runs as root).
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/file-store.js';
import { UnsafeStoreError, type WriteChunk, writeFileAtomic } from '../../src/store/safe-fs.js';
import { authdeck } from '../support/cli.js';
import { makeAccount, tempDir } from '../support/fixtures.js';

const onlyFile = (dir: string) => readdirSync(dir).sort();

describe('writeFileAtomic', () => {
  it('writes every byte, mode 0600, and leaves no temp file', () => {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    const text = `${'x'.repeat(100_000)}é\n`;
    writeFileAtomic(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(onlyFile(dir)).toEqual(['config.json']);
  });

  it('loops on short writes until every byte is written', () => {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    const sizes: number[] = [];
    // A device that takes at most 7 bytes per call, as a nearly full disk does.
    const short: WriteChunk = (fd, buffer, offset, length) => {
      const n = writeSync(fd, buffer, offset, Math.min(7, length));
      sizes.push(n);
      return n;
    };
    const text = JSON.stringify({ accounts: Array.from({ length: 50 }, (_, i) => `secret-${i}`) });
    writeFileAtomic(file, text, { write: short });
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(sizes.length).toBeGreaterThan(10);
  });

  it('a short write then ENOSPC: an error naming the file and the cause, the old content kept, no temp file', () => {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, '{"old":true}', { mode: 0o600 });
    let calls = 0;
    // What the kernel does when the disk fills: a short count first, then ENOSPC.
    const filling: WriteChunk = (fd, buffer, offset, length) => {
      calls++;
      if (calls === 1) return writeSync(fd, buffer, offset, Math.min(16_384, length));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const attempt = () => writeFileAtomic(file, 'y'.repeat(40_000), { write: filling });
    expect(attempt).toThrow(UnsafeStoreError);
    calls = 0;
    expect(attempt).toThrow(`cannot write ${file}: no space left on the device (ENOSPC)`);
    expect(readFileSync(file, 'utf8')).toBe('{"old":true}');
    expect(onlyFile(dir)).toEqual(['config.json']);
  });

  it('a write that takes nothing is a full device, not a loop forever', () => {
    const dir = tempDir();
    const file = join(dir, 'config.backup.json');
    expect(() => writeFileAtomic(file, 'abc', { write: () => 0 })).toThrow(/ENOSPC/);
    expect(onlyFile(dir)).toEqual([]);
  });

  it('replaces a symlink planted at the file, never writing through it', () => {
    const dir = tempDir();
    const outside = join(tempDir(), 'victim');
    writeFileSync(outside, 'victim content', { mode: 0o644 });
    const file = join(dir, 'config.backup.json');
    symlinkSync(outside, file);
    writeFileAtomic(file, 'secret-bearing content');
    expect(readFileSync(outside, 'utf8')).toBe('victim content');
    expect(statSync(outside).mode & 0o777).toBe(0o644);
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('secret-bearing content');
  });
});

/** Mounts a tmpfs of `size` at a fresh directory, or returns why it cannot (not root, no mount). */
function mountTmpfs(size: string): { dir: string } | { skip: string } {
  const dir = tempDir('authdeck-tmpfs-');
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { skip: 'mounting a tmpfs needs root' };
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { skip: `mount -t tmpfs failed: ${(r.stderr || String(r.error)).trim()}` };
  mounted.push(dir);
  return { dir };
}
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) spawnSync('umount', ['-l', dir]);
});

/** Fills the file system holding `dir` until `free` bytes are left (a page or so of slack). */
function fillUntil(dir: string, free: number): void {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  const size = statSync(filler).size;
  writeFileSync(filler, Buffer.alloc(Math.max(0, size - free), 1));
}

const tmpfs = mountTmpfs('64k');

describe.skipIf('skip' in tmpfs)(
  `a real full file system (64 KiB tmpfs)${'skip' in tmpfs ? `: ${tmpfs.skip}` : ''}`,
  () => {
    const root = 'dir' in tmpfs ? tmpfs.dir : '';

    it('`add` on a full disk exits 1 naming config.json, and the previous config survives intact', () => {
      const dir = join(root, 'cli');
      mkdirSync(dir, { mode: 0o700 });
      const env = { AUTHDECK_CONFIG_DIR: dir };
      // About 20 KiB of config, so the backup (the old text) fits and the new config does not.
      const accounts = Array.from({ length: 24 }, (_, i) =>
        makeAccount({ provider: 'bearer', label: `l${i}`, description: 'd'.repeat(400) }),
      );
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify({ version: 2, accounts, active: {}, bindings: {} }, null, '\t'),
        { mode: 0o600 },
      );
      const before = readFileSync(join(dir, 'config.json'), 'utf8');
      fillUntil(root, before.length + 4096);
      const r = authdeck(
        ['add', 'bearer', '--label', 'new', '--no-check', '--endpoint', 'whoami=https://example.com/me'],
        {
          env,
          input: `brand-new-token-${'z'.repeat(8000)}`,
        },
      );
      expect(r.stderr).toContain(`cannot write ${join(dir, 'config.json')}: no space left on the device (ENOSPC)`);
      expect(r.stderr).toContain('nothing was changed');
      expect(r.stderr).not.toMatch(/This is a bug|Stored/);
      expect(r.stdout).not.toMatch(/Stored/);
      expect(r.status).toBe(1);
      expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(before);
      expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
      // Every later command still reads it.
      const list = authdeck(['list', '--json'], { env });
      expect(list.status).toBe(0);
      expect(JSON.parse(list.stdout).accounts).toHaveLength(24);
    });

    it('the store refuses the write when even the backup does not fit, and keeps config.json', async () => {
      writeFileSync(join(root, 'filler'), '');
      const dir = join(root, 'store');
      mkdirSync(dir, { mode: 0o700 });
      const store = openStore({ dir });
      await store.update((d) => void d.accounts.push(makeAccount({ provider: 'curvenote', label: 'kept' })));
      const before = readFileSync(store.paths.config, 'utf8');
      fillUntil(root, 0);
      await expect(
        store.update((d) => void d.accounts.push(makeAccount({ provider: 'curvenote', label: 'lost' }))),
      ).rejects.toThrow(/no space left on the device \(ENOSPC\); nothing was changed/);
      expect(readFileSync(store.paths.config, 'utf8')).toBe(before);
      expect(store.read().accounts.map((a) => a.label)).toEqual(['kept']);
    });
  },
);
