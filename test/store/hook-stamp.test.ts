/**
 * The shell hook's stamp files in a config dir where someone planted things: a symlink for the stamp or for the
 * `hook/` dir is never followed, and a FIFO never blocks `env --hook` (which would hang every prompt).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeHookStamp } from '../../src/store/hook-stamp.js';
import { authdeck } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';

const ID = 'abcdefgh12345678';
const seen = { mtimeNs: 1_700_000_000_000_000_000n, atNs: 1_800_000_000_000_000_000n };

describe('hook stamps', () => {
  it('a symlink planted for the stamp is not followed: its target keeps its mtime, and there is no stamp', () => {
    const config = tempDir('authdeck-stamp-');
    const target = join(tempDir('authdeck-stamp-target-'), 'victim');
    writeFileSync(target, 'x');
    const before = statSync(target, { bigint: true }).mtimeNs;
    mkdirSync(join(config, 'hook'), { mode: 0o700 });
    symlinkSync(target, join(config, 'hook', ID));
    expect(writeHookStamp(config, ID, seen)).toEqual({ id: ID, stamp: '' });
    expect(statSync(target, { bigint: true }).mtimeNs).toBe(before);
  });

  it('a symlink planted for the hook dir is not followed: nothing is written where it points', () => {
    const config = tempDir('authdeck-stamp-');
    const elsewhere = tempDir('authdeck-stamp-elsewhere-');
    symlinkSync(elsewhere, join(config, 'hook'));
    expect(writeHookStamp(config, ID, seen)).toEqual({ id: ID, stamp: '' });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a FIFO planted for the stamp neither blocks env --hook nor becomes its stamp', () => {
    const config = join(tempDir('authdeck-stamp-'), 'config');
    mkdirSync(join(config, 'hook'), { recursive: true, mode: 0o700 });
    const fifo = join(config, 'hook', ID);
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // In a child with a deadline: the blocking open would hang this process for good.
    const r = authdeck(['env', '--hook', ID], { env: { AUTHDECK_CONFIG_DIR: config } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`__authdeck_id='${ID}'`);
    expect(r.stdout).toContain(`__authdeck_stamp=''`);
    expect(existsSync(fifo) && statSync(fifo).isFIFO()).toBe(true);
  });
});
