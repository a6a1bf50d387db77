import { describe, expect, it } from 'vitest';
import { providersWithNothing, selectInEffect } from '../../src/app/in-effect.js';
import { planExport } from '../../src/core/env-export.js';
import { perShellSelection, resolveSources } from '../../src/core/sources.js';
import { providers } from '../../src/providers/registry.js';
import { makeAccount, storeWith } from '../support/fixtures.js';

const personal = makeAccount({ id: 'cn000001', provider: 'curvenote', label: 'personal' });
const work = makeAccount({ id: 'cn000002', provider: 'curvenote', label: 'work' });
const bot = makeAccount({ id: 'cn000003', provider: 'curvenote', label: 'bot' });
const ci = makeAccount({ id: 'cn000004', provider: 'curvenote', label: 'ci' });
const etm = makeAccount({ id: 'etm00001', provider: 'etm', label: 'work' });
const kb = makeAccount({ id: 'kb000001', provider: 'nuclia', kind: 'kb', label: 'docs' });
const data = storeWith([personal, work, bot, ci, etm, kb]);
data.bindings['/repo'] = ['cn000002'];
data.bindings['/repo/sub'] = ['cn000003'];
data.bindings['/other'] = ['etm00001'];

const slot = (r: ReturnType<typeof resolveSources>, provider: string, kind = 'user') =>
  r.find((x) => x.provider === provider && x.kind === kind)!;

describe('the whole precedence chain', () => {
  it('flag > user env var > AUTHDECK_ACCOUNT > nearest binding > store, each shadowing the rest', () => {
    const env = { CURVENOTE_TOKEN: 'user-own-token-value', AUTHDECK_ACCOUNT: 'curvenote/ci' };
    const r = slot(
      resolveSources(data, providers, { env, cwd: '/repo/sub/deeper', flagAccounts: [personal] }),
      'curvenote',
    );
    expect(r.chain.map((l) => [l.source, l.account?.id ?? null, l.shadowed])).toEqual([
      ['flag', 'cn000001', false],
      ['env:CURVENOTE_TOKEN', null, true],
      ['AUTHDECK_ACCOUNT', 'cn000004', true],
      ['dir:/repo/sub', 'cn000003', true],
      ['store', 'cn000001', true],
    ]);
    expect(r.winner?.source).toBe('flag');
  });

  it('the nearest ancestor binding wins, not the first one found', () => {
    expect(slot(resolveSources(data, providers, { env: {}, cwd: '/repo/sub' }), 'curvenote').winner?.account?.id).toBe(
      'cn000003',
    );
    expect(slot(resolveSources(data, providers, { env: {}, cwd: '/repo/x' }), 'curvenote').winner?.account?.id).toBe(
      'cn000002',
    );
    expect(slot(resolveSources(data, providers, { env: {}, cwd: '/repository' }), 'curvenote').winner?.source).toBe(
      'store',
    );
  });

  it('a binding is per provider and kind: a curvenote binding leaves etm to the store', () => {
    const r = resolveSources(data, providers, { env: {}, cwd: '/repo' });
    expect(slot(r, 'etm').winner?.source).toBe('store');
    expect(slot(resolveSources(data, providers, { env: {}, cwd: '/other/x' }), 'etm').winner?.source).toBe(
      'dir:/other',
    );
  });

  it('AUTHDECK_ACCOUNT takes several references, one per provider and kind, and reports the bad ones', () => {
    const env = { AUTHDECK_ACCOUNT: ' curvenote/bot , etm/work, nosuch, work ' };
    const r = resolveSources(data, providers, { env, cwd: '/' });
    expect(slot(r, 'curvenote').winner?.account?.id).toBe('cn000003');
    expect(slot(r, 'etm').winner?.source).toBe('AUTHDECK_ACCOUNT');
    const { accounts, problems } = perShellSelection(env, data.accounts);
    expect(accounts.map((a) => a.id)).toEqual(['cn000003', 'etm00001']);
    expect(problems).toEqual([
      'AUTHDECK_ACCOUNT names "nosuch", which matches no account',
      expect.stringContaining('"work", which is ambiguous'),
    ]);
  });

  it('an empty vendor variable is not an override; a KB key variable shadows only the kb kind', () => {
    let r = resolveSources(data, providers, { env: { CURVENOTE_TOKEN: '' }, cwd: '/' });
    expect(slot(r, 'curvenote').winner?.source).toBe('store');
    r = resolveSources(data, providers, {
      env: { NUCLIA_KB_API_KEY: 'k'.repeat(20), NUCLIA_KB_URL: 'https://x' },
      cwd: '/',
    });
    expect(slot(r, 'nuclia', 'kb').chain.map((l) => l.source)).toEqual(['env:NUCLIA_KB_API_KEY', 'store']);
  });

  it('the shell hook loop: what `env` exported is not an override the next time, so `use` and bindings are followed', () => {
    // First eval in /repo: the binding is exported.
    let shell: NodeJS.ProcessEnv = {};
    const evalEnv = (cwd: string, store = data) => {
      const inEffect = selectInEffect({ data: store, all: providers, env: shell, cwd });
      const vars = Object.fromEntries(
        inEffect.accounts.map(({ account }) => [`${account.provider}:${account.kind}`, account.id]),
      );
      const named: Record<string, string> = {};
      for (const [key, id] of Object.entries(vars)) {
        const [provider] = key.split(':');
        const spec = providers.find((p) => p.id === provider)!.env.find((v) => v.role !== 'url')!;
        named[spec.name] = id;
      }
      const plan = planExport({ vars: named, scope: inEffect.scope, env: shell });
      const next = { ...shell };
      for (const name of plan.unset) delete next[name];
      for (const [name, value] of plan.set) next[name] = value;
      shell = next;
    };
    evalEnv('/repo');
    expect(shell.CURVENOTE_TOKEN).toBe('cn000002');
    expect(shell.AUTHDECK_EXPORTED?.split(',')).toContain('CURVENOTE_TOKEN');
    // cd /repo/sub: the nearer binding wins although CURVENOTE_TOKEN is set (authdeck set it).
    evalEnv('/repo/sub');
    expect(shell.CURVENOTE_TOKEN).toBe('cn000003');
    // `use curvenote/ci`, cd /: the new active account is followed.
    const used = { ...data, active: { ...data.active, 'curvenote/user': 'cn000004' } };
    evalEnv('/', used);
    expect(shell.CURVENOTE_TOKEN).toBe('cn000004');
    // A store with no curvenote at all: the exported token is taken back.
    const none = {
      ...data,
      accounts: data.accounts.filter((a) => a.provider !== 'curvenote'),
      active: { 'etm/user': 'etm00001' },
    };
    evalEnv('/', none);
    expect(shell.CURVENOTE_TOKEN).toBeUndefined();
    expect(shell.ETM_API_TOKEN).toBe('etm00001');
  });
});

describe('selectInEffect', () => {
  it('splits winners into stored accounts and user variables', () => {
    const r = selectInEffect({ data, all: providers, env: { ETM_API_TOKEN: 'e'.repeat(20) }, cwd: '/' });
    expect(r.accounts.map((a) => a.account.id).sort()).toEqual(['cn000001', 'kb000001']);
    expect(r.userVars).toEqual([{ name: 'ETM_API_TOKEN', provider: 'etm', kind: 'user', shadows: etm }]);
    expect(r.scope.has('AC_ACCESS_TOKEN')).toBe(true);
  });

  it('only the providers named; their variable names are the scope', () => {
    const r = selectInEffect({ data, all: providers, only: ['etm'], env: {}, cwd: '/' });
    expect(r.resolutions.map((x) => x.provider)).toEqual(['etm']);
    expect([...r.scope]).toEqual(['ETM_API_TOKEN']);
    expect(
      providersWithNothing(selectInEffect({ data, all: providers, only: ['upsun'], env: {}, cwd: '/' }), ['upsun']),
    ).toEqual(['upsun']);
  });

  it('input errors: an unknown provider, two --account for one slot, an --account outside the providers named', () => {
    expect(() => selectInEffect({ data, all: providers, only: ['github'], env: {} })).toThrow(
      /unknown provider "github"/,
    );
    expect(() =>
      selectInEffect({ data, all: providers, flagRefs: ['curvenote/bot', 'curvenote/ci'], env: {} }),
    ).toThrow(/two curvenote\/user accounts/);
    expect(() => selectInEffect({ data, all: providers, only: ['etm'], flagRefs: ['curvenote/bot'], env: {} })).toThrow(
      /is a curvenote account/,
    );
    try {
      selectInEffect({ data, all: providers, flagRefs: ['nosuch'], env: {} });
      expect.unreachable();
    } catch (error) {
      expect((error as { code: number }).code).toBe(4);
    }
  });
});
