/**
 * Text editing as pure functions, shared by every field (label, KB URL, endpoint, description,
 * days, filter; the masked token field appends only). Fields keep their value and cursor in their
 * screen's reducer, so every key of a burst and every chunk of a paste lands on the latest value:
 * nothing is computed from a value captured by a closure (the bug that makes ink-text-input drop
 * keys and chunks, README: Dependencies).
 */
import type { KeyPress } from '../key-press.js';
import { FIELD_KEYS, resolveKey } from '../keymap.js';

/**
 * Where the cursor of a field is: `back` code units before the end of the value. 0 is the end,
 * where typing appends, so a field whose value is set elsewhere keeps its cursor after it; `field`
 * names the field it belongs to, so the cursor of another field starts at its end.
 */
export interface Caret {
  field: string;
  back: number;
}

/** A field's value and cursor after an edit. */
export interface FieldEdit {
  value: string;
  caret: Caret;
}

/** How far before the end of `value` the cursor of `field` is (0 unless `caret` is that field's). */
export function caretBack(value: string, caret: Caret | null, field: string): number {
  if (!caret || caret.field !== field) return 0;
  const back = Math.max(0, Math.min(caret.back, value.length));
  // Never inside a surrogate pair.
  return isLowSurrogate(value, value.length - back) ? back + 1 : back;
}

/**
 * The value and cursor of `field` after `press`, or null when the press is not an edit (Enter, Esc,
 * Tab, ↑↓…). Text is inserted at the cursor; Backspace erases before it and Ctrl+D at it;
 * ←/→ move by one character, Home/Ctrl+A to the start, End/Ctrl+E to the end; Ctrl+U clears.
 */
export function editField(value: string, caret: Caret | null, field: string, press: KeyPress): FieldEdit | null {
  const back = caretBack(value, caret, field);
  const at = value.length - back;
  const head = value.slice(0, at);
  const tail = value.slice(at);
  const result = (next: string, nextBack: number): FieldEdit => ({ value: next, caret: { field, back: nextBack } });
  if (press.kind === 'text') return result(head + press.text + tail, back);
  switch (resolveKey(FIELD_KEYS, press)) {
    case 'erase':
      return result(eraseLast(head) + tail, back);
    case 'deleteAt':
      return result(head + tail.slice(firstLength(tail)), back - firstLength(tail));
    case 'left':
      return result(value, back + (head.length - eraseLast(head).length));
    case 'right':
      return result(value, back - firstLength(tail));
    case 'start':
      return result(value, value.length);
    case 'end':
      return result(value, 0);
    case 'clear':
      return result('', 0);
    default:
      return null;
  }
}

/**
 * The masked token field's edit: append, erase the last character, clear. Its value is not shown,
 * so there is no cursor to move; null when the press is not an edit.
 */
export function editText(value: string, press: KeyPress): string | null {
  if (press.kind === 'text') return value + press.text;
  const action = resolveKey(FIELD_KEYS, press);
  if (action === 'erase') return eraseLast(value);
  if (action === 'clear') return '';
  return null;
}

/** `value` without its last character (a surrogate pair counts as one). */
export function eraseLast(value: string): string {
  if (value.length === 0) return value;
  return value.slice(0, isLowSurrogate(value, value.length - 1) && value.length >= 2 ? -2 : -1);
}

/** The length of the first character of `value` (2 for a surrogate pair, 0 when empty). */
function firstLength(value: string): number {
  if (value.length === 0) return 0;
  return String.fromCodePoint(value.codePointAt(0)!).length;
}

function isLowSurrogate(value: string, index: number): boolean {
  const code = value.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
}
