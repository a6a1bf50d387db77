/**
 * Cursor movement in the text fields (label, KB URL, endpoint, description, days, filter): the
 * edit function on its own, then real key bytes through the whole TUI, several keys in one write.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { type Caret, caretBack, editField, editText } from '../../src/ui/hooks/use-text-field.js';
import type { KeyName, KeyPress } from '../../src/ui/key-press.js';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, lines, press, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

const text = (t: string): KeyPress => ({ kind: 'text', text: t, paste: false });
const key = (name: KeyName): KeyPress => ({ kind: 'key', name });
const ctrl = (letter: string): KeyPress => ({ kind: 'ctrl', letter });

/** Applies presses to an empty field; returns the value with `|` where the cursor is. */
function typed(...presses: KeyPress[]): string {
  let value = '';
  let caret: Caret | null = null;
  for (const p of presses) {
    const edit = editField(value, caret, 'f', p);
    if (edit) ({ value, caret } = edit);
  }
  const at = value.length - caretBack(value, caret, 'f');
  return `${value.slice(0, at)}|${value.slice(at)}`;
}

describe('editField', () => {
  it('inserts at the cursor, which ← and → move one character', () => {
    expect(typed(text('ac'), key('left'), text('b'))).toBe('ab|c');
    expect(typed(text('abc'), key('left'), key('left'), key('right'), text('X'))).toBe('abX|c');
    // Past either end the cursor stays.
    expect(typed(text('ab'), key('right'), text('c'))).toBe('abc|');
    expect(typed(text('ab'), key('left'), key('left'), key('left'), text('_'))).toBe('_|ab');
  });

  it('Home / Ctrl+A go to the start, End / Ctrl+E to the end', () => {
    expect(typed(text('work'), key('home'), text('my-'))).toBe('my-|work');
    expect(typed(text('work'), ctrl('a'), text('my-'))).toBe('my-|work');
    expect(typed(text('work'), key('home'), key('end'), text('s'))).toBe('works|');
    expect(typed(text('work'), ctrl('a'), ctrl('e'), text('s'))).toBe('works|');
  });

  it('Backspace erases before the cursor, Ctrl+D at it, Ctrl+U clears', () => {
    expect(typed(text('abc'), key('left'), key('backspace'))).toBe('a|c');
    expect(typed(text('abc'), key('home'), key('backspace'))).toBe('|abc');
    expect(typed(text('abc'), key('home'), ctrl('d'))).toBe('|bc');
    expect(typed(text('abc'), ctrl('d'))).toBe('abc|');
    expect(typed(text('abc'), key('left'), ctrl('u'), text('x'))).toBe('x|');
  });

  it('moves and erases a surrogate pair as one character, never into it', () => {
    expect(typed(text('a😀b'), key('left'), key('left'), text('X'))).toBe('aX|😀b');
    expect(typed(text('a😀b'), key('left'), key('backspace'))).toBe('a|b');
    expect(typed(text('a😀b'), key('home'), key('right'), ctrl('d'))).toBe('a|b');
    expect(caretBack('a😀', { field: 'f', back: 1 }, 'f')).toBe(2);
  });

  it('starts at the end of a field whose caret it is not, and at the end of a value set elsewhere', () => {
    expect(caretBack('abc', { field: 'other', back: 2 }, 'f')).toBe(0);
    expect(caretBack('ab', { field: 'f', back: 9 }, 'f')).toBe(2);
    expect(editField('abc', { field: 'other', back: 2 }, 'f', text('d'))?.value).toBe('abcd');
    expect(editField('abc', null, 'f', key('return'))).toBeNull();
    expect(editField('abc', null, 'f', key('tab'))).toBeNull();
  });

  it('the masked token field only appends: its cursor does not move', () => {
    expect(editText('abc', key('left'))).toBeNull();
    expect(editText('abc', key('home'))).toBeNull();
    expect(editText('abc', text('d'))).toBe('abcd');
  });
});

describe('cursor movement on the screens', () => {
  const deck = () =>
    createFakeService([
      makeView({ provider: 'nuclia', label: 'me', active: true, health: 'valid' }),
      makeView({ provider: 'curvenote', label: 'docs' }),
      makeView({ provider: 'curvenote', label: 'dcx' }),
    ]);

  it('label: a typo fixed in the middle, in one write, is the label stored', async () => {
    const app = await renderApp(deck());
    await press(app, `a${KEYS.enter}`);
    await waitForText(app, 'Label:');
    await press(app, `wrk${KEYS.left}${KEYS.left}o${KEYS.end}s${KEYS.home}my-`);
    expect(lines(app).find((l) => l.startsWith('›'))).toContain('Label: my-works');
    await press(app, `${KEYS.home}\x04\x04\x04${KEYS.enter}`);
    await waitForText(app, 'paste the token');
    expect(frame(app)).toContain('Label: works');
  });

  it('filter: ← then a letter narrows by the corrected text', async () => {
    const app = await renderApp(deck());
    await press(app, `/dc${KEYS.left}o`);
    expect(frame(app)).toContain('/ doc');
    expect(frame(app)).toContain('1 of 3');
    expect(frame(app)).not.toContain('dcx');
    // Ctrl+A, Ctrl+D: the filter is "oc", which matches docs only.
    await press(app, '\x01\x04');
    expect(frame(app)).toContain('/ oc');
  });

  it('create token: the description is edited at the cursor and sent as shown', async () => {
    const service = createFakeService([makeView({ provider: 'nuclia', label: 'me', active: true, health: 'valid' })]);
    const app = await renderApp(service);
    await press(app, 'c');
    await press(app, `ci rnner${KEYS.left}${KEYS.left}${KEYS.left}${KEYS.left}u`);
    expect(frame(app)).toContain('Description: ci runner');
    await press(app, `${KEYS.enter}${KEYS.home}3${KEYS.end}0`);
    expect(frame(app)).toMatch(/Days: 30/);
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await waitForText(app, 'Copy it now; it will not be shown again.');
    expect(service.calls.find((c) => c.method === 'createToken')?.args[1]).toEqual({
      description: 'ci runner',
      days: 30,
    });
  });
});
