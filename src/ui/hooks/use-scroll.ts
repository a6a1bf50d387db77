/**
 * The scroll position of a screen taller than the window, as a pure reducer: keys move it, the
 * measured content height and the window height bound it.
 */
import type { KeyPress } from '../key-press.js';
import { PICKER_KEYS, resolveKey } from '../keymap.js';

/** Where a scrolled screen is. */
export interface ScrollState {
  offset: number;
  /** The content's full height, as last measured. */
  content: number;
  /** The window's height. */
  height: number;
}

/** What can happen to it. */
export type ScrollAction =
  | { type: 'measure'; content: number }
  | { type: 'window'; height: number }
  | { type: 'by'; rows: number }
  | { type: 'to'; row: number }
  | { type: 'reveal'; from: number; to: number };

/** A screen scrolled to its top. */
export function initScroll(height = 10): ScrollState {
  return { offset: 0, content: 0, height };
}

/** The last offset that still fills the window. */
export function maxOffset(state: ScrollState): number {
  return Math.max(0, state.content - state.height);
}

/** Rows hidden below the window. */
export function rowsBelow(state: ScrollState): number {
  return Math.max(0, state.content - state.offset - state.height);
}

function clamp(state: ScrollState, offset: number): ScrollState {
  const next = Math.max(0, Math.min(maxOffset(state), offset));
  return next === state.offset ? state : { ...state, offset: next };
}

/** The scroll reducer. */
export function scrollReducer(state: ScrollState, action: ScrollAction): ScrollState {
  switch (action.type) {
    case 'measure':
      return action.content === state.content ? state : clamp({ ...state, content: action.content }, state.offset);
    case 'window':
      return action.height === state.height ? state : clamp({ ...state, height: action.height }, state.offset);
    case 'by':
      return clamp(state, state.offset + action.rows);
    case 'to':
      return clamp(state, action.row);
    case 'reveal': {
      // Bring rows from..to into view (the end first if they do not all fit).
      if (action.to >= state.offset + state.height) return clamp(state, action.to - state.height + 1);
      if (action.from < state.offset) return clamp(state, action.from);
      return state;
    }
  }
}

/** The scroll action a press means (arrows, pages, Home/End, `g`/`G`, `j`/`k`), or null. */
export function scrollActionOf(press: KeyPress, state: ScrollState): ScrollAction | null {
  const page = Math.max(1, state.height - 1);
  switch (resolveKey(PICKER_KEYS, press)) {
    case 'up':
      return { type: 'by', rows: -1 };
    case 'down':
      return { type: 'by', rows: 1 };
    case 'pageUp':
      return { type: 'by', rows: -page };
    case 'pageDown':
      return { type: 'by', rows: page };
    case 'first':
      return { type: 'to', row: 0 };
    case 'last':
      return { type: 'to', row: maxOffset(state) };
    default:
      return null;
  }
}
