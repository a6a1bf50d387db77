import { describe, expect, it } from 'vitest';
import { accountListReducer, highlightedAccount, initAccountList } from '../../src/ui/hooks/use-account-list.js';
import { addFlowReducer, initAddFlow, liveReason, stepsOf } from '../../src/ui/hooks/use-add-flow.js';
import { cancelCode, initRouter, routerReducer } from '../../src/ui/hooks/use-router.js';
import { editText } from '../../src/ui/hooks/use-text-field.js';
import type { KeyPress } from '../../src/ui/key-press.js';
import { cellWidth, fitCell, rowLayout } from '../../src/ui/row-layout.js';
import { colorEnabled, createTheme } from '../../src/ui/theme.js';
import { makeView, shippedProviders } from '../support/fake-service.js';

const FAKE_PROVIDERS = shippedProviders();

const key = (name: 'return' | 'escape' | 'backspace'): KeyPress => ({ kind: 'key', name });
const text = (t: string, paste = false): KeyPress => ({ kind: 'text', text: t, paste });

describe('account list reducer', () => {
  const accounts = [
    ...Array.from({ length: 30 }, (_, i) => makeView({ provider: 'bearer', label: `u${String(i).padStart(2, '0')}` })),
    makeView({ provider: 'nuclia', kind: 'kb', label: 'kb1' }),
    makeView({ provider: 'nuclia', kind: 'processing', label: 'nua1' }),
  ];

  it('highlights the first account and keeps it in view while paging', () => {
    let s = initAccountList(accounts, 10);
    expect(highlightedAccount(s)?.label).toBe('u00');
    s = accountListReducer(s, { type: 'page', by: 1 });
    expect(highlightedAccount(s)?.label).toBe('u10');
    expect(s.cursor - s.offset).toBeLessThan(10);
    s = accountListReducer(s, { type: 'last' });
    expect(highlightedAccount(s)?.label).toBe('nua1');
    expect(s.offset + s.height).toBeGreaterThanOrEqual(s.cursor + 1);
    s = accountListReducer(s, { type: 'move', by: -1 });
    expect(highlightedAccount(s)?.label).toBe('kb1');
    // Moving up onto the first row of a group shows its title too.
    expect(s.lines[s.offset]?.type === 'group' || s.offset < s.cursor).toBe(true);
    s = accountListReducer(s, { type: 'first' });
    expect(s.offset).toBe(0);
  });

  it('keeps the highlighted account across a new snapshot and a cleared filter', () => {
    let s = initAccountList(accounts, 10);
    s = accountListReducer(s, { type: 'filterStart' });
    s = accountListReducer(s, { type: 'filterSet', text: 'kb' });
    expect(highlightedAccount(s)?.label).toBe('kb1');
    s = accountListReducer(s, { type: 'filterClear' });
    expect(highlightedAccount(s)?.label).toBe('kb1');
    s = accountListReducer(s, {
      type: 'accounts',
      accounts: [makeView({ provider: 'bearer', label: 'aaa' }), ...accounts],
    });
    expect(highlightedAccount(s)?.label).toBe('kb1');
  });

  it('a filter matches every form of reference: label, provider/label and provider/kind/label', () => {
    const shown = (filter: string) => {
      const s = accountListReducer(initAccountList(accounts, 40), { type: 'filterSet', text: filter });
      return s.lines.flatMap((l) => (l.type === 'account' ? [l.account.label] : []));
    };
    expect(shown('bearer/user/u07')).toEqual(['u07']);
    expect(shown('bearer/u07')).toEqual(['u07']);
    expect(shown('NUCLIA/PROCESSING/')).toEqual(['nua1']);
    expect(shown('nuclia/kb/kb1')).toEqual(['kb1']);
  });

  it('moves in constant time on 10,000 accounts', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => makeView({ provider: 'bearer', label: `b${i}` }));
    let s = initAccountList(many, 30);
    const before = s.lines;
    for (let i = 0; i < 1_000; i++) s = accountListReducer(s, { type: 'move', by: 1 });
    expect(s.lines).toBe(before);
    expect(s.cursor).toBe(1_001);
  });
});

describe('add flow reducer', () => {
  it('walks provider → kind → label → URL → token for a KB key', () => {
    let s = initAddFlow('add', FAKE_PROVIDERS);
    expect(s.step).toBe('provider');
    s = addFlowReducer(s, { type: 'key', press: text('j') });
    s = addFlowReducer(s, { type: 'key', press: key('return') });
    expect(s.step).toBe('kind');
    s = addFlowReducer(s, { type: 'key', press: text('j') });
    s = addFlowReducer(s, { type: 'key', press: key('return') });
    expect(stepsOf(s)).toEqual(['provider', 'kind', 'label', 'url', 'token']);
    s = addFlowReducer(s, { type: 'key', press: key('return') });
    expect(s.step).toBe('url');
  });

  it('appends every paste chunk to the latest value and submits the cleaned token', () => {
    let s = initAddFlow('add', FAKE_PROVIDERS, { provider: 'curvenote' });
    expect(s.step).toBe('token');
    for (const chunk of ['  abc', 'def', 'ghi\n']) s = addFlowReducer(s, { type: 'key', press: text(chunk, true) });
    expect(s.token).toBe('  abcdefghi\n');
    s = addFlowReducer(s, { type: 'key', press: key('return') });
    expect(s.step).toBe('checking');
    expect(s.request?.body.secret).toBe('abcdefghi');
  });

  it('says why inline, except for an empty field', () => {
    expect(liveReason('')).toBeNull();
    expect(liveReason('a b')).toContain('whitespace');
    expect(liveReason('a\u0007b')).toContain('control character');
  });

  it('a paste is bounded: past 16 KiB + 1 the rest is dropped, and the reason says so', () => {
    let s = initAddFlow('add', FAKE_PROVIDERS, { provider: 'curvenote' });
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 64; i++) s = addFlowReducer(s, { type: 'key', press: text(chunk, true) });
    expect(s.token.length).toBe(16 * 1024 + 1);
    expect(s.error).toBe('the token is longer than 16 KiB');
  });
});

describe('router reducer', () => {
  it('cancels `authdeck add` with 1 when its only screen is popped; home stays', () => {
    const add = initRouter([{ name: 'add', entry: 'cli', preset: {} }]);
    expect(cancelCode(add)).toBe(1);
    expect(routerReducer(add, { type: 'pop' }).exitCode).toBe(1);
    const home = initRouter([{ name: 'home' }]);
    expect(routerReducer(home, { type: 'pop' })).toBe(home);
    const helpTwice = routerReducer(routerReducer(home, { type: 'push', route: { name: 'help' } }), {
      type: 'push',
      route: { name: 'help' },
    });
    expect(helpTwice.stack).toHaveLength(2);
  });
});

describe('text editing', () => {
  it('erases a whole surrogate pair', () => {
    expect(editText('a😀', key('backspace'))).toBe('a');
    expect(editText('ab', { kind: 'ctrl', letter: 'u' })).toBe('');
    expect(editText('ab', key('return'))).toBeNull();
  });
});

describe('row layout', () => {
  it('keeps provider, label and health always and drops secret, identity, expiry in that order', () => {
    const names = (w: number) => rowLayout(w).columns.map((c) => c.name);
    expect(names(120)).toEqual(['provider', 'label', 'identity', 'secret', 'health', 'expiry']);
    expect(names(80)).toEqual(['provider', 'label', 'identity', 'health', 'expiry']);
    expect(names(70)).toEqual(['provider', 'label', 'health', 'expiry']);
    expect(names(50)).toEqual(['provider', 'label', 'health']);
    expect(names(40)).toEqual(['provider', 'label', 'health']);
    expect(names(30)).toEqual(['provider', 'label', 'health']);
    // At 40 columns the label is still wide enough to tell rows apart.
    expect(rowLayout(40).columns.find((c) => c.name === 'label')!.width).toBeGreaterThanOrEqual(8);
    for (const w of [30, 40, 50, 70, 80, 120, 200]) {
      const layout = rowLayout(w);
      const used = 4 + layout.columns.reduce((sum, c) => sum + c.width, 0) + layout.columns.length - 1;
      expect(used).toBeLessThanOrEqual(w);
    }
  });

  it('a DECK column only with a deck, as wide as its longest name, dropped right after the secret', () => {
    const names = (w: number, deck: number) => rowLayout(w, deck).columns.map((c) => c.name);
    expect(names(120, 0)).not.toContain('deck');
    expect(names(120, 4)).toEqual(['provider', 'label', 'deck', 'identity', 'secret', 'health', 'expiry']);
    expect(rowLayout(120, 4).columns.find((c) => c.name === 'deck')!.width).toBe(4);
    expect(rowLayout(120, 9).columns.find((c) => c.name === 'deck')!.width).toBe(9);
    // A long deck name is cut, not given the row.
    expect(rowLayout(200, 40).columns.find((c) => c.name === 'deck')!.width).toBe(16);
    expect(names(100, 4)).toEqual(['provider', 'label', 'deck', 'identity', 'secret', 'health', 'expiry']);
    expect(names(90, 4)).toEqual(['provider', 'label', 'deck', 'identity', 'health', 'expiry']);
    expect(names(80, 4)).toEqual(['provider', 'label', 'identity', 'health', 'expiry']);
    expect(names(40, 4)).toEqual(['provider', 'label', 'health']);
    for (const w of [30, 40, 50, 70, 80, 100, 120, 200]) {
      const layout = rowLayout(w, 12);
      const used = 4 + layout.columns.reduce((sum, c) => sum + c.width, 0) + layout.columns.length - 1;
      expect(used).toBeLessThanOrEqual(w);
    }
  });

  it('cuts and pads cells by terminal cells', () => {
    expect(fitCell('abcdef', 4)).toBe('abc…');
    expect(fitCell('ab', 4)).toBe('ab  ');
    expect(cellWidth('日本')).toBe(4);
    expect(fitCell('日本語', 4)).toBe('日… ');
  });
});

describe('theme', () => {
  it('has no colour at all with NO_COLOR', () => {
    expect(colorEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' })).toBe(true);
    const plain = createTheme({ color: false });
    expect(Object.values(plain.health).every((c) => c === undefined)).toBe(true);
    expect([plain.accent, plain.danger, plain.success, plain.warning, plain.muted, plain.active]).toEqual(
      Array(6).fill(undefined),
    );
    expect(createTheme({ color: true }).health.rejected).toBe('red');
  });
});
