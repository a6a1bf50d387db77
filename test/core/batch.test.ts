import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addAccount } from '../../src/app/accounts.js';
import { type AddInput, addAccounts } from '../../src/core/batch.js';
import { openStore } from '../../src/store/file-store.js';
import { tempDir } from '../support/fixtures.js';

const inspect = () => ({});
const entry = (i: number, over: Partial<AddInput> = {}): AddInput => ({
  provider: 'bearer',
  kind: 'user',
  label: `bot-${i}`,
  secret: `secret-${i}-abcdefghijklmnopqrstuvwxyz`,
  endpoints: { whoami: 'https://api.example.com/me' },
  ...over,
});

describe('addAccounts: many accounts, one locked write', () => {
  it('stores all, the first of a provider and kind active, ids unique', async () => {
    const store = openStore({ dir: tempDir() });
    const out = await addAccounts(store, [entry(1), entry(2), entry(3, { provider: 'etm', label: 'e' })], { inspect });
    expect(out.added.map((a) => a.account.label)).toEqual(['bot-1', 'bot-2', 'e']);
    expect(out.added.map((a) => a.active)).toEqual([true, false, true]);
    const data = store.read();
    expect(data.accounts).toHaveLength(3);
    expect(new Set(data.accounts.map((a) => a.id)).size).toBe(3);
    expect(data.active['bearer/user']).toBe(out.added[0]!.account.id);
    expect(data.accounts.every((a) => a.health === 'unchecked')).toBe(true);
  });

  it('skips a secret already stored (or given twice), so provisioning twice is harmless', async () => {
    const store = openStore({ dir: tempDir() });
    await addAccounts(store, [entry(1), entry(2)], { inspect });
    const again = await addAccounts(store, [entry(1), entry(2), entry(3), entry(4, { secret: entry(3).secret })], {
      inspect,
    });
    expect(again.added.map((a) => a.account.label)).toEqual(['bot-3']);
    expect(again.skipped.map((s) => [s.index, s.reason])).toEqual([
      [0, 'already stored as bearer/bot-1'],
      [1, 'already stored as bearer/bot-2'],
      [3, 'already stored as bearer/bot-3'],
    ]);
    expect(store.read().accounts).toHaveLength(3);
  });

  it('a taken label is an input error and nothing of the batch is stored', async () => {
    const store = openStore({ dir: tempDir() });
    await addAccounts(store, [entry(1)], { inspect });
    const before = readFileSync(store.paths.config, 'utf8');
    await expect(addAccounts(store, [entry(2), entry(3, { label: 'bot-1' })], { inspect })).rejects.toMatchObject({
      code: 2,
      message: expect.stringMatching(/^entry 2 \(bearer\/user\): bearer\/bot-1 already exists/),
    });
    expect(readFileSync(store.paths.config, 'utf8')).toBe(before);
  });

  it('replace swaps the secret in place: same id, still active', async () => {
    const store = openStore({ dir: tempDir() });
    const first = await addAccounts(store, [entry(1)], { inspect });
    const id = first.added[0]!.account.id;
    const out = await addAccounts(store, [entry(9, { label: 'bot-1', replace: true })], { inspect });
    expect(out.added[0]).toMatchObject({ replaced: true, active: true });
    const [account] = store.read().accounts;
    expect(account).toMatchObject({ id, label: 'bot-1', secret: entry(9).secret });
  });

  it('replace keeps endpoint overrides and the KB URL unless new ones are given', async () => {
    const store = openStore({ dir: tempDir() });
    const selfHosted = { whoami: 'https://tokens.internal.example/me', extra: 'https://x.internal.example' };
    await addAccounts(store, [entry(1, { endpoints: selfHosted })], { inspect });
    await addAccounts(store, [entry(2, { label: 'bot-1', endpoints: undefined, replace: true })], { inspect });
    expect(store.read().accounts[0]!.endpoints).toEqual(selfHosted);
    // A new one replaces that name only.
    await addAccounts(
      store,
      [entry(3, { label: 'bot-1', endpoints: { whoami: 'https://new.example/me' }, replace: true })],
      { inspect },
    );
    expect(store.read().accounts[0]!.endpoints).toEqual({ ...selfHosted, whoami: 'https://new.example/me' });

    const kb = 'https://europe-1.rag.progress.cloud/api/v1/kb/0123';
    const key = (i: number, over: Partial<AddInput> = {}): AddInput => ({
      provider: 'nuclia',
      kind: 'kb',
      label: 'papers',
      secret: `kb-key-${i}-abcdefghijklmnopqrstuvwxyz`,
      ...over,
    });
    await addAccounts(store, [key(1, { url: kb, resource: { title: 'Papers' } })], { inspect });
    await addAccounts(store, [key(2, { replace: true })], { inspect });
    expect(store.read().accounts[1]!.resource).toEqual({ url: kb, title: 'Papers' });
    // Another KB: what was learnt about the old one goes.
    await addAccounts(store, [key(3, { replace: true, url: `${kb}-other` })], { inspect });
    expect(store.read().accounts[1]!.resource).toEqual({ url: `${kb}-other` });
  });

  it('a label base gets -2, -3… instead of failing (vendor imports)', async () => {
    const store = openStore({ dir: tempDir() });
    await addAccounts(store, [entry(1, { label: 'alice' })], { inspect });
    const out = await addAccounts(
      store,
      [entry(2, { label: undefined, labelBase: 'alice' }), entry(3, { label: undefined, labelBase: 'alice' })],
      { inspect },
    );
    expect(out.added.map((a) => a.account.label)).toEqual(['alice-2', 'alice-3']);
  });

  it('addAccount keeps its rules (shared helper)', async () => {
    const store = openStore({ dir: tempDir() });
    const a = await addAccount(store, { provider: 'bearer', kind: 'user', secret: 'x'.repeat(30), label: 'one' });
    expect(a.active).toBe(true);
    await expect(
      addAccount(store, { provider: 'bearer', kind: 'user', secret: 'x'.repeat(30), label: 'two' }),
    ).rejects.toThrow(/already stored as bearer\/one/);
    await expect(
      addAccount(store, { provider: 'bearer', kind: 'user', secret: 'y'.repeat(30), label: 'one' }),
    ).rejects.toThrow(/already exists/);
    const b = await addAccount(store, { provider: 'bearer', kind: 'user', secret: 'y'.repeat(30) });
    expect(b.account.label).toBe('default');
    expect(b.active).toBe(false);
  });

  it('10,000 accounts in one write', async () => {
    const store = openStore({ dir: tempDir() });
    const inputs = Array.from({ length: 10_000 }, (_, i) => entry(i));
    const out = await addAccounts(store, inputs, { inspect });
    expect(out.added).toHaveLength(10_000);
    expect(store.read().accounts).toHaveLength(10_000);
    expect(existsSync(store.paths.config)).toBe(true);
    // A second write would have kept the first as the last good copy.
    expect(existsSync(store.paths.backup)).toBe(false);
  });
});
