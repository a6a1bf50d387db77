import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose, repair } from '../../src/store/doctor.js';
import { openStore } from '../../src/store/file-store.js';
import { makeAccount, tempDir } from '../support/fixtures.js';

async function storeWithTwoWrites(dir: string) {
  const store = openStore({ dir });
  await store.update((d) => void d.accounts.push(makeAccount({ provider: 'curvenote', label: 'one' })));
  await store.update((d) => void d.accounts.push(makeAccount({ provider: 'curvenote', label: 'two' })));
  return store;
}

describe('doctor', () => {
  it('finds nothing wrong with a healthy store', async () => {
    const dir = tempDir();
    await storeWithTwoWrites(dir);
    const findings = diagnose(dir);
    expect(findings.filter((f) => f.status === 'problem')).toEqual([]);
    expect(findings.find((f) => f.check === 'config')?.message).toContain('2 accounts');
    expect(findings.find((f) => f.check === 'backup')?.message).toContain('1 accounts');
  });

  it('restores the last good copy over a corrupt config, keeping the damaged file aside', async () => {
    const dir = tempDir();
    const store = await storeWithTwoWrites(dir);
    writeFileSync(store.paths.config, '{ not json', { mode: 0o600 });
    const config = diagnose(dir).find((f) => f.check === 'config')!;
    expect(config.status).toBe('problem');
    expect(config.repair).toMatch(/restore the last good copy/);
    const done = repair(dir);
    expect(done.join('\n')).toMatch(/restored the last good copy/);
    expect(store.read().accounts.map((a) => a.label)).toEqual(['one']);
    const aside = readdirSync(dir).find((f) => f.startsWith('config.json.corrupt-'))!;
    expect(readFileSync(`${dir}/${aside}`, 'utf8')).toBe('{ not json');
    expect(statSync(`${dir}/${aside}`).mode & 0o777).toBe(0o600);
  });

  it('tightens loose modes and removes a stale lock', async () => {
    const dir = tempDir();
    const store = await storeWithTwoWrites(dir);
    chmodSync(dir, 0o755);
    chmodSync(store.paths.config, 0o644);
    mkdirSync(store.paths.lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(store.paths.lock, old, old);
    const problems = diagnose(dir).filter((f) => f.status === 'problem');
    expect(problems.map((f) => f.check).sort()).toEqual(['directory', 'lock', 'permissions']);
    repair(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(store.paths.config).mode & 0o777).toBe(0o600);
    expect(existsSync(store.paths.lock)).toBe(false);
    expect(diagnose(dir).filter((f) => f.status === 'problem')).toEqual([]);
  });
});

describe('doctor and what a killed or hostile writer leaves', () => {
  it('reports the temp files of an interrupted write and removes them on repair', async () => {
    const dir = tempDir();
    await storeWithTwoWrites(dir);
    writeFileSync(`${dir}/.config.json.tmp-4242-0123456789ab`, '{"accounts":[{"secret":"half', { mode: 0o600 });
    const leftovers = diagnose(dir).find((f) => f.check === 'leftovers')!;
    expect(leftovers).toMatchObject({ status: 'warning', repair: 'remove them' });
    expect(repair(dir).join('\n')).toMatch(/removed 1 temp file/);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('names a symlinked config.json as a problem and repairs nothing through it', async () => {
    const dir = tempDir();
    const store = await storeWithTwoWrites(dir);
    const target = `${tempDir()}/target.json`;
    writeFileSync(target, readFileSync(store.paths.config, 'utf8'), { mode: 0o644 });
    chmodSync(target, 0o644);
    rmSync(store.paths.config);
    symlinkSync(target, store.paths.config);
    const problems = diagnose(dir).filter((f) => f.status === 'problem');
    expect(problems.map((f) => f.message).join('\n')).toMatch(/config\.json is a symbolic link/);
    expect(problems.every((f) => f.repair === undefined)).toBe(true);
    repair(dir);
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(lstatSync(store.paths.config).isSymbolicLink()).toBe(true);
  });
});
