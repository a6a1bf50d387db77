/** A picker's cursor and scroll window, as pure functions: pickers live inside their screen's reducer. */
import type { PickerAction } from '../keymap.js';

/** Where a picker is. */
export interface PickerState {
  index: number;
  offset: number;
}

/** A picker at its first choice (or at `index`). */
export function initPicker(index = 0): PickerState {
  return { index: Math.max(0, index), offset: 0 };
}

/** Moves a picker of `count` choices showing `height` at once. `choose` leaves it unchanged. */
export function movePicker(state: PickerState, action: PickerAction, count: number, height: number): PickerState {
  if (count === 0) return state;
  const last = count - 1;
  const page = Math.max(1, height);
  const index = {
    up: Math.max(0, state.index - 1),
    down: Math.min(last, state.index + 1),
    pageUp: Math.max(0, state.index - page),
    pageDown: Math.min(last, state.index + page),
    first: 0,
    last,
    choose: Math.min(last, state.index),
  }[action];
  return scrollTo({ ...state, index }, page, count);
}

/** Keeps the index within the window of `height` choices. */
export function scrollTo(state: PickerState, height: number, count: number): PickerState {
  let offset = state.offset;
  if (state.index < offset) offset = state.index;
  if (state.index >= offset + height) offset = state.index - height + 1;
  offset = Math.max(0, Math.min(offset, count - height));
  return offset === state.offset ? state : { ...state, offset };
}
