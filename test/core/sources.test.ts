import { describe, expect, it } from 'vitest';
import { describeAccounts } from '../../src/app/accounts.js';
import { resolveSources } from '../../src/core/sources.js';
import { providers } from '../../src/providers/registry.js';
import { makeAccount, storeWith } from '../support/fixtures.js';

const active = makeAccount({ id: 'act00001', provider: 'curvenote', label: 'personal' });
const work = makeAccount({ id: 'wrk00001', provider: 'curvenote', label: 'work' });
const bot = makeAccount({ id: 'bot00001', provider: 'curvenote', label: 'bot' });
const data = storeWith([active, work, bot]);
data.bindings['/repo'] = ['wrk00001'];

const curvenote = (r: ReturnType<typeof resolveSources>) =>
  r.find((x) => x.provider === 'curvenote' && x.kind === 'user')!;

describe('precedence of sources', () => {
  it('the stored active account when nothing else applies', () => {
    const r = curvenote(resolveSources(data, providers, { env: {}, cwd: '/elsewhere' }));
    expect(r.winner?.source).toBe('store');
    expect(r.winner?.account?.id).toBe('act00001');
  });
  it('a directory binding applies in the directory and below, over the store', () => {
    const r = curvenote(resolveSources(data, providers, { env: {}, cwd: '/repo/sub/dir' }));
    expect(r.winner?.source).toBe('dir:/repo');
    expect(r.winner?.account?.id).toBe('wrk00001');
    expect(r.chain.map((l) => [l.source, l.shadowed])).toEqual([
      ['dir:/repo', false],
      ['store', true],
    ]);
  });
  it('AUTHDECK_ACCOUNT beats a binding; a user-set vendor var beats both; --account beats all', () => {
    const env = { AUTHDECK_ACCOUNT: 'curvenote/bot', CURVENOTE_TOKEN: 'x'.repeat(20) };
    let r = curvenote(resolveSources(data, providers, { env: { AUTHDECK_ACCOUNT: 'curvenote/bot' }, cwd: '/repo' }));
    expect(r.winner?.source).toBe('AUTHDECK_ACCOUNT');
    r = curvenote(resolveSources(data, providers, { env, cwd: '/repo' }));
    expect(r.winner?.source).toBe('env:CURVENOTE_TOKEN');
    expect(r.chain.map((l) => l.source)).toEqual(['env:CURVENOTE_TOKEN', 'AUTHDECK_ACCOUNT', 'dir:/repo', 'store']);
    r = curvenote(resolveSources(data, providers, { env, cwd: '/repo', flagAccounts: [work] }));
    expect(r.winner?.source).toBe('flag');
    expect(r.winner?.account?.id).toBe('wrk00001');
  });
  it('a vendor var that authdeck exported itself is not an override', () => {
    const env = { CURVENOTE_TOKEN: 'x'.repeat(20), AUTHDECK_EXPORTED: 'CURVENOTE_TOKEN' };
    const r = curvenote(resolveSources(data, providers, { env, cwd: '/elsewhere' }));
    expect(r.winner?.source).toBe('store');
  });
  it('list marks the shadowed account and names the variable', () => {
    const env = { CURVENOTE_TOKEN: 'eyJhbGciOiJIUzI1NiJ9.body.x9Qz' };
    const { accounts, env: vars } = describeAccounts(data, { env, cwd: '/elsewhere' });
    const personal = accounts.find((a) => a.id === 'act00001')!;
    expect(personal).toMatchObject({ active: true, inEffect: false, shadowedBy: 'CURVENOTE_TOKEN' });
    expect(vars).toEqual([
      { name: 'CURVENOTE_TOKEN', provider: 'curvenote', kind: 'user', secret: 'eyJh…x9Qz', shadows: 'act00001' },
    ]);
  });
});
