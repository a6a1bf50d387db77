/**
 * Turns what Ink's `useInput` reports into a list of key presses the screens understand.
 *
 * Ink hands over a run of plain characters as one string (a paste, or keys typed faster than a
 * read): "jjk", "label\r", "abc\x7f". Each run is split here into text and the keys hidden in it,
 * so that Enter and Backspace inside a run are not taken for text. Bracketed-paste markers arrive
 * as their own events (`[200~`, `[201~`, ESC already stripped by Ink); between them everything is
 * literal text, newlines included, and the markers themselves never reach a field.
 */
import type { Key } from 'ink';

/** The named keys authdeck binds. */
export type KeyName =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageup'
  | 'pagedown'
  | 'home'
  | 'end'
  | 'return'
  | 'escape'
  | 'backspace'
  | 'tab'
  | 'shift+tab';

/** One press: text (typed or pasted), a named key, or Ctrl with a letter. */
export type KeyPress =
  | { kind: 'text'; text: string; paste: boolean }
  | { kind: 'key'; name: KeyName }
  | { kind: 'ctrl'; letter: string };

/** Bracketed-paste markers as Ink reports them once it has stripped the leading ESC. */
const PASTE_START = '[200~';
const PASTE_END = '[201~';
/** An escape sequence Ink did not recognise, its ESC stripped: never text a person typed. */
const STRAY_SEQUENCE = /^(?:\[[0-9;?]*[~A-Za-z]|O[A-Za-z])$/;

/** Decodes Ink input events into key presses; it remembers whether a bracketed paste is open. */
export interface KeyDecoder {
  decode(input: string, key: Key): KeyPress[];
}

/** A decoder with its own paste state (one per app: paste state spans several events). */
export function createKeyDecoder(): KeyDecoder {
  let pasting = false;
  return {
    decode(input, key) {
      if (input === PASTE_START) {
        pasting = true;
        return [];
      }
      if (input === PASTE_END) {
        pasting = false;
        return [];
      }
      if (pasting) return input ? [{ kind: 'text', text: input, paste: true }] : [];
      const named = namedKey(key);
      if (named) return [{ kind: 'key', name: named }];
      if (key.ctrl && input.length === 1) return [{ kind: 'ctrl', letter: input.toLowerCase() }];
      if (input === '' || STRAY_SEQUENCE.test(input)) return [];
      // ESC then a key, sent faster than a read, looks like Alt+key. No Alt binding exists, so it
      // is what it most likely was: Esc, then the key (`Esc s` typed ahead must reach Select).
      if (key.meta) return [{ kind: 'key', name: 'escape' }, ...splitRun(input)];
      return splitRun(input);
    },
  };
}

function namedKey(key: Key): KeyName | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Most terminals send DEL for Backspace, which Ink names `delete` (shared/STACK.md).
  if (key.backspace || key.delete) return 'backspace';
  return null;
}

/**
 * Splits a run of characters at the keys hidden in it: CR is Enter, and so is a bare LF (keys typed
 * before the terminal is in raw mode arrive through the line discipline, which turns Enter into LF;
 * CR LF is one Enter); DEL and BS are Backspace, TAB is Tab; any other control character is Ctrl
 * with its letter (or dropped, when it has none).
 */
export function splitRun(run: string): KeyPress[] {
  const out: KeyPress[] = [];
  let text = '';
  let previous = '';
  const flush = () => {
    if (text) out.push({ kind: 'text', text, paste: false });
    text = '';
  };
  for (const ch of run) {
    const afterCr = previous === '\r';
    previous = ch;
    if (ch === '\n' && afterCr) continue;
    const special: KeyName | null =
      ch === '\r' || ch === '\n' ? 'return' : ch === '\x7f' || ch === '\b' ? 'backspace' : ch === '\t' ? 'tab' : null;
    if (special) {
      flush();
      out.push({ kind: 'key', name: special });
    } else if (ch < ' ') {
      // Ctrl+letter typed in the same read as other keys (Ctrl+U, then a new label): a key, never text.
      flush();
      const code = ch.charCodeAt(0);
      if (code >= 1 && code <= 26) out.push({ kind: 'ctrl', letter: String.fromCharCode(code + 96) });
    } else {
      text += ch;
    }
  }
  flush();
  return out;
}
