/**
 * The CLI's store and service are cached per run and per config dir: code outside any run (whose cache lives as
 * long as the process) must not keep the store of a dir the environment no longer names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cliService, cliStore } from '../../src/cli/context.js';
import { tempDir } from '../support/fixtures.js';

const saved = process.env.AUTHDECK_CONFIG_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.AUTHDECK_CONFIG_DIR;
  else process.env.AUTHDECK_CONFIG_DIR = saved;
});

describe('the store of the config dir named now', () => {
  it('follows AUTHDECK_CONFIG_DIR outside a run, and keeps one store per dir', async () => {
    const a = tempDir();
    const b = tempDir();
    process.env.AUTHDECK_CONFIG_DIR = a;
    const storeA = cliStore();
    expect(storeA.paths.dir).toBe(a);
    const serviceA = await cliService();
    expect(serviceA.snapshot().configPath).toBe(storeA.paths.config);
    process.env.AUTHDECK_CONFIG_DIR = b;
    expect(cliStore().paths.dir).toBe(b);
    expect((await cliService()).snapshot().configPath).toBe(cliStore().paths.config);
    process.env.AUTHDECK_CONFIG_DIR = a;
    expect(cliStore()).toBe(storeA);
    expect(await cliService()).toBe(serviceA);
  });
});
