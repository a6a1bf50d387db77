/**
 * Text editing as a pure function, shared by every field (label, KB URL, token, description, days,
 * filter). Fields keep their value in their screen's reducer, so every chunk of a paste is appended
 * to the latest value: nothing is computed from a value captured by a closure (the bug that makes
 * ink-text-input drop chunks of long pastes).
 */
import type { KeyPress } from '../key-press.js';
import { FIELD_KEYS, resolveKey } from '../keymap.js';

/** The value after `press`, or null when the press is not an edit (Enter, Esc, Tab…). */
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
  const last = value.charCodeAt(value.length - 1);
  const pair = last >= 0xdc00 && last <= 0xdfff && value.length >= 2;
  return value.slice(0, pair ? -2 : -1);
}
