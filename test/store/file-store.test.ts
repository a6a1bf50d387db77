import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateAndValidate, SCHEMA_VERSION } from '../../src/core/model.js';
import { CorruptStoreError, openStore } from '../../src/store/file-store.js';
import { configDir } from '../../src/store/paths.js';
import { makeAccount, tempDir } from '../support/fixtures.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('config location', () => {
  it('prefers AUTHDECK_CONFIG_DIR, then XDG_CONFIG_HOME/authdeck, then ~/.config/authdeck (no -nodejs suffix)', () => {
    expect(configDir({ AUTHDECK_CONFIG_DIR: '/a', XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/a');
    expect(configDir({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/authdeck');
    expect(configDir({ HOME: '/h' })).toBe('/h/.config/authdeck');
  });
});

describe('file store', () => {
  it('reads an absent file as an empty store and creates nothing', () => {
    const dir = join(tempDir(), 'cfg');
    const store = openStore({ dir });
    expect(store.read().accounts).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('creates the directory 0700 and every file 0600', async () => {
    const dir = join(tempDir(), 'cfg');
    const store = openStore({ dir });
    await store.update((d) => void d.accounts.push(makeAccount({ provider: 'curvenote', label: 'a' })));
    await store.update((d) => void d.accounts.push(makeAccount({ provider: 'curvenote', label: 'b' })));
    expect(mode(dir)).toBe(0o700);
    expect(mode(store.paths.config)).toBe(0o600);
    expect(mode(store.paths.backup)).toBe(0o600);
    const onDisk = JSON.parse(readFileSync(store.paths.config, 'utf8'));
    expect(onDisk.version).toBe(SCHEMA_VERSION);
    expect(onDisk.accounts.map((a: { label: string }) => a.label)).toEqual(['a', 'b']);
    expect(existsSync(store.paths.lock)).toBe(false);
  });

  it('refuses invalid JSON with an error naming the file, and never overwrites it', async () => {
    const dir = tempDir();
    const store = openStore({ dir });
    writeFileSync(store.paths.config, '{"version": 2, "accounts": [', { mode: 0o600 });
    expect(() => store.read()).toThrow(CorruptStoreError);
    expect(() => store.read()).toThrow(store.paths.config);
    await expect(store.update(() => {})).rejects.toThrow(/is not valid JSON/);
    expect(readFileSync(store.paths.config, 'utf8')).toBe('{"version": 2, "accounts": [');
  });

  it('refuses a schema violation and a newer schema, naming what is wrong', () => {
    const dir = tempDir();
    const store = openStore({ dir });
    writeFileSync(store.paths.config, JSON.stringify({ version: 2, accounts: [{ id: 'x' }] }), { mode: 0o600 });
    expect(() => store.read()).toThrow(/accounts\[0\]\.provider is missing/);
    writeFileSync(store.paths.config, JSON.stringify({ version: 99, accounts: [] }), { mode: 0o600 });
    expect(() => store.read()).toThrow(/newer authdeck/);
  });

  it('repairs a file readable by others to 0600, with a warning', () => {
    const dir = tempDir();
    const warnings: string[] = [];
    const store = openStore({ dir, onWarning: (m) => warnings.push(m) });
    writeFileSync(store.paths.config, JSON.stringify({ version: 2, accounts: [], active: {}, bindings: {} }));
    chmodSync(store.paths.config, 0o644);
    store.read();
    expect(mode(store.paths.config)).toBe(0o600);
    expect(warnings.join('\n')).toMatch(/repaired to 0600/);
  });

  it('parallel read-modify-writes from separate store handles lose nothing', async () => {
    const dir = tempDir();
    const handles = Array.from({ length: 10 }, () => openStore({ dir }));
    await Promise.all(
      handles.map((store, i) =>
        store.update(async (d) => {
          await new Promise((r) => setTimeout(r, 5));
          d.accounts.push(makeAccount({ provider: 'bearer', label: `bot-${i}` }));
        }),
      ),
    );
    expect(openStore({ dir }).read().accounts).toHaveLength(10);
  });

  it('forgetting a secret scrubs it from the backup', async () => {
    const dir = tempDir();
    const store = openStore({ dir });
    const doomed = makeAccount({ provider: 'curvenote', label: 'doomed', secret: 'doomed-secret-0123456789' });
    await store.update((d) => void d.accounts.push(doomed));
    await store.update((d) => void d.accounts.push(makeAccount({ provider: 'curvenote', label: 'kept' })));
    expect(readFileSync(store.paths.backup, 'utf8')).toContain('doomed-secret-0123456789');
    await store.update(
      (d) => {
        d.accounts = d.accounts.filter((a) => a.label !== 'doomed');
      },
      { forget: ['doomed-secret-0123456789'] },
    );
    expect(readFileSync(store.paths.backup, 'utf8')).not.toContain('doomed-secret-0123456789');
    expect(readFileSync(store.paths.config, 'utf8')).not.toContain('doomed-secret-0123456789');
  });
});

describe('migrations', () => {
  it('upgrades schema 1 (active flags on accounts) to the current schema', () => {
    const v1 = {
      accounts: [
        { id: 'aaaa0001', provider: 'curvenote', kind: 'user', label: 'me', secret: 's'.repeat(16), active: true },
        { id: 'aaaa0002', provider: 'curvenote', kind: 'user', label: 'other', secret: 't'.repeat(16) },
      ],
    };
    const { data, migrated } = migrateAndValidate(v1);
    expect(migrated).toBe(true);
    expect(data.version).toBe(SCHEMA_VERSION);
    expect(data.active).toEqual({ 'curvenote/user': 'aaaa0001' });
    expect(data.bindings).toEqual({});
    expect(data.accounts[0]).toMatchObject({ storage: 'file', health: 'unchecked', description: null });
    expect(data.accounts[0]).not.toHaveProperty('active');
  });
  it('a store that is already current is not marked migrated', () => {
    expect(migrateAndValidate({ version: SCHEMA_VERSION, accounts: [], active: {}, bindings: {} }).migrated).toBe(
      false,
    );
  });
});
