import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { createKeyRouter, type KeyMode } from '../../src/ui/hooks/use-key-router.js';
import { createKeyDecoder, type KeyPress, splitRun } from '../../src/ui/key-press.js';
import { describePress, footerHints, GLOBAL_KEYS, HELP_SECTIONS, LIST_KEYS, resolveKey } from '../../src/ui/keymap.js';

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

describe('key decoder', () => {
  it('splits a typed-ahead run at Enter and Backspace', () => {
    expect(splitRun('ab\x7fc\rq')).toEqual([
      { kind: 'text', text: 'ab', paste: false },
      { kind: 'key', name: 'backspace' },
      { kind: 'text', text: 'c', paste: false },
      { kind: 'key', name: 'return' },
      { kind: 'text', text: 'q', paste: false },
    ]);
  });

  it('splits a run at Ctrl+letter (Ctrl+U, then a new value, in one read) and drops other control characters', () => {
    expect(splitRun('\x15ab\x01c\x1c')).toEqual([
      { kind: 'ctrl', letter: 'u' },
      { kind: 'text', text: 'ab', paste: false },
      { kind: 'ctrl', letter: 'a' },
      { kind: 'text', text: 'c', paste: false },
    ]);
  });

  it('takes a bare LF for Enter (typed before raw mode) and CR LF for one Enter', () => {
    expect(splitRun('jj\n')).toEqual([
      { kind: 'text', text: 'jj', paste: false },
      { kind: 'key', name: 'return' },
    ]);
    expect(createKeyDecoder().decode('\n', noKey)).toEqual([{ kind: 'key', name: 'return' }]);
    expect(splitRun('a\r\nb')).toEqual([
      { kind: 'text', text: 'a', paste: false },
      { kind: 'key', name: 'return' },
      { kind: 'text', text: 'b', paste: false },
    ]);
  });

  it('keeps everything between bracketed-paste markers as text and drops the markers', () => {
    const decoder = createKeyDecoder();
    expect(decoder.decode('[200~', noKey)).toEqual([]);
    expect(decoder.decode('abc\r\ndef', noKey)).toEqual([{ kind: 'text', text: 'abc\r\ndef', paste: true }]);
    expect(decoder.decode('', { ...noKey, return: true })).toEqual([]);
    expect(decoder.decode('[201~', noKey)).toEqual([]);
    expect(decoder.decode('\r', { ...noKey, return: true })).toEqual([{ kind: 'key', name: 'return' }]);
  });

  it('names keys; Backspace arrives as delete', () => {
    const decoder = createKeyDecoder();
    expect(decoder.decode('', { ...noKey, delete: true })).toEqual([{ kind: 'key', name: 'backspace' }]);
    expect(decoder.decode('', { ...noKey, pageDown: true })).toEqual([{ kind: 'key', name: 'pagedown' }]);
    expect(decoder.decode('c', { ...noKey, ctrl: true })).toEqual([{ kind: 'ctrl', letter: 'c' }]);
    expect(decoder.decode('s', { ...noKey, meta: true })).toEqual([
      { kind: 'key', name: 'escape' },
      { kind: 'text', text: 's', paste: false },
    ]);
    expect(decoder.decode('[1;5X', noKey)).toEqual([]);
  });
});

describe('key router', () => {
  function harness() {
    let route = 0;
    const log: string[] = [];
    const modes = new Map<number, KeyMode>();
    const router = createKeyRouter({
      currentRoute: () => route,
      onGlobal: (press) => log.push(`global:${describePress(press) ?? ''}`),
      onInterrupt: () => log.push('interrupt'),
    });
    const screen = (key: number, handle: (press: KeyPress) => boolean) =>
      router.register(key, { mode: () => modes.get(key) ?? 'command', handle });
    return { router, log, modes, screen, go: (key: number) => (route = key) };
  }
  const text = (t: string): KeyPress => ({ kind: 'text', text: t, paste: false });

  it('splits command runs into keys, and a key that opens a field makes the rest text', () => {
    const h = harness();
    h.screen(0, (press) => {
      if (press.kind !== 'text') return false;
      h.log.push(`0:${press.text}`);
      if (press.text === '/') h.modes.set(0, 'text');
      return press.text !== 'q';
    });
    h.router.route(text('jq/abc'));
    expect(h.log).toEqual(['0:j', '0:q', 'global:q', '0:/', '0:abc']);
  });

  it('queues keys for a screen that is not mounted yet, in order', () => {
    const h = harness();
    h.screen(0, (press) => {
      if (press.kind === 'text' && press.text === 'a') h.go(1);
      h.log.push(`0:${describePress(press)}`);
      return true;
    });
    h.router.route(text('aXY'));
    h.router.route({ kind: 'key', name: 'return' });
    expect(h.log).toEqual(['0:a']);
    h.modes.set(1, 'text');
    h.screen(1, (press) => {
      h.log.push(`1:${press.kind === 'text' ? press.text : describePress(press)}`);
      return true;
    });
    expect(h.log).toEqual(['0:a', '1:XY', '1:return']);
  });

  it('gives Ctrl+C to the root before any screen', () => {
    const h = harness();
    h.screen(0, () => true);
    h.router.route({ kind: 'ctrl', letter: 'c' });
    expect(h.log).toEqual(['interrupt']);
  });
});

describe('keymap', () => {
  it('binds every key the issue lists', () => {
    const all = HELP_SECTIONS.flatMap((s) => s.bindings.flatMap((b) => b.keys));
    for (const key of [
      'up',
      'down',
      'k',
      'j',
      'pageup',
      'pagedown',
      'home',
      'end',
      'g',
      'G',
      'return',
      'escape',
      '/',
      'a',
      'c',
      'd',
      'u',
      'space',
      'r',
      'R',
      'o',
      '?',
      'q',
      'ctrl+c',
    ]) {
      expect(all).toContain(key);
    }
    expect(resolveKey(LIST_KEYS, { kind: 'text', text: ' ', paste: false })).toBe('use');
    expect(resolveKey(GLOBAL_KEYS, { kind: 'text', text: '?', paste: false })).toBe('help');
    expect(footerHints(LIST_KEYS).map((h) => h.keys)).toEqual(['↑↓', 'Enter', '/', 'a', 'c', 'd', 'u', 'r', 'R']);
  });
});
