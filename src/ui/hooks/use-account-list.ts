/**
 * The accounts list's state: the lines, the highlighted one, the scroll window and the filter.
 * Moving is O(1) per key whatever the number of accounts; only a new snapshot or a filter change
 * rebuilds the lines.
 */
import type { AccountView } from '../../app/accounts.js';
import {
  buildLines,
  type IndexedAccounts,
  indexAccounts,
  type ListLine,
  lineOf,
  nearestAccountLine,
} from '../account-lines.js';
import type { Caret } from './use-text-field.js';

/** The list's state. */
export interface AccountListState {
  index: IndexedAccounts;
  lines: readonly ListLine[];
  filter: string;
  /** The filter line's cursor (null: at the end). */
  filterCaret: Caret | null;
  /** True while the filter line takes the keys. */
  filtering: boolean;
  /** The highlighted line (always an account line), or -1 when the list is empty. */
  cursor: number;
  /** The first line shown. */
  offset: number;
  /** How many lines fit. */
  height: number;
}

/** What can happen to the list. */
export type AccountListAction =
  | { type: 'accounts'; accounts: readonly AccountView[] }
  | { type: 'viewport'; height: number }
  | { type: 'move'; by: number }
  | { type: 'page'; by: 1 | -1 }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'focus'; id: string }
  | { type: 'filterStart' }
  | { type: 'filterSet'; text: string; caret?: Caret }
  | { type: 'filterAccept' }
  | { type: 'filterClear' };

/** The list of `accounts`, the first one highlighted. */
export function initAccountList(accounts: readonly AccountView[], height = 10): AccountListState {
  const index = indexAccounts(accounts);
  const lines = buildLines(index, '');
  return clampView({
    index,
    lines,
    filter: '',
    filterCaret: null,
    filtering: false,
    cursor: nearestAccountLine(lines, 0, 1),
    offset: 0,
    height: Math.max(1, height),
  });
}

/** The highlighted account, if any. */
export function highlightedAccount(state: AccountListState): AccountView | null {
  const line = state.lines[state.cursor];
  return line?.type === 'account' ? line.account : null;
}

/** How many accounts the list shows (after the filter). */
export function shownCount(state: AccountListState): number {
  let n = 0;
  for (const line of state.lines) if (line.type === 'group') n += line.count;
  return n;
}

/** The list reducer. */
export function accountListReducer(state: AccountListState, action: AccountListAction): AccountListState {
  switch (action.type) {
    case 'accounts': {
      const keep = highlightedAccount(state)?.id ?? null;
      const index = indexAccounts(action.accounts);
      return relink({ ...state, index }, keep, state.cursor);
    }
    case 'viewport':
      return action.height === state.height ? state : clampView({ ...state, height: Math.max(1, action.height) });
    case 'move':
      return moveTo(state, stepFrom(state, action.by));
    case 'page': {
      if (state.cursor < 0) return state;
      const target = Math.max(0, Math.min(state.lines.length - 1, state.cursor + action.by * state.height));
      const found = nearestAccountLine(state.lines, target, action.by);
      return moveTo(state, found >= 0 ? found : nearestAccountLine(state.lines, target, action.by === 1 ? -1 : 1));
    }
    case 'first':
      return moveTo({ ...state, offset: 0 }, nearestAccountLine(state.lines, 0, 1));
    case 'last':
      return moveTo(state, nearestAccountLine(state.lines, state.lines.length - 1, -1));
    case 'focus': {
      const at = lineOf(state.lines, action.id);
      if (at >= 0) return moveTo(state, at);
      // Hidden by the filter: clear it so the account can be shown.
      const cleared = relink({ ...state, filter: '', filtering: false }, action.id, state.cursor);
      return cleared;
    }
    case 'filterStart':
      return { ...state, filtering: true, filterCaret: null };
    case 'filterSet': {
      const moved = action.caret ? { ...state, filterCaret: action.caret } : state;
      return action.text === state.filter ? moved : refilter(moved, action.text);
    }
    case 'filterAccept':
      return { ...state, filtering: false };
    case 'filterClear':
      return relink(
        { ...state, filter: '', filterCaret: null, filtering: false },
        highlightedAccount(state)?.id ?? null,
        state.cursor,
      );
  }
}

/** Rebuilds the lines for a new filter, keeping the highlighted account when it still matches. */
function refilter(state: AccountListState, filter: string): AccountListState {
  if (filter === state.filter) return state;
  const keep = highlightedAccount(state)?.id ?? null;
  const lines = buildLines(state.index, filter);
  const at = lineOf(lines, keep);
  return clampView({ ...state, filter, lines, cursor: at >= 0 ? at : nearestAccountLine(lines, 0, 1), offset: 0 });
}

/** Rebuilds the lines with the state's filter and highlights `id`, else the line nearest `fallback`. */
function relink(state: AccountListState, id: string | null, fallback: number): AccountListState {
  const lines = buildLines(state.index, state.filter);
  let cursor = lineOf(lines, id);
  if (cursor < 0) {
    const from = Math.min(Math.max(0, fallback), lines.length - 1);
    cursor = nearestAccountLine(lines, from, 1);
    if (cursor < 0) cursor = nearestAccountLine(lines, from, -1);
  }
  return clampView({ ...state, lines, cursor });
}

/** The account line `by` account rows away from the cursor, stopping at the ends. */
function stepFrom(state: AccountListState, by: number): number {
  if (state.cursor < 0) return -1;
  const direction = by > 0 ? 1 : -1;
  let at = state.cursor;
  for (let n = Math.abs(by); n > 0; n--) {
    const next = nearestAccountLine(state.lines, at + direction, direction);
    if (next < 0) break;
    at = next;
  }
  return at;
}

function moveTo(state: AccountListState, cursor: number): AccountListState {
  if (cursor < 0 || cursor === state.cursor) return cursor < 0 ? state : clampView(state);
  return clampView({ ...state, cursor });
}

/** Scrolls so the cursor is visible, its group title too when it is the group's first row. */
function clampView(state: AccountListState): AccountListState {
  const { lines, cursor, height } = state;
  let offset = state.offset;
  if (cursor >= 0) {
    const top = cursor > 0 && lines[cursor - 1]!.type === 'group' && height > 1 ? cursor - 1 : cursor;
    if (top < offset) offset = top;
    if (cursor >= offset + height) offset = cursor - height + 1;
  }
  offset = Math.max(0, Math.min(offset, lines.length - height));
  return offset === state.offset ? state : { ...state, offset };
}
