/**
 * Every key binding of the TUI, as data: the screens resolve presses through these tables, the
 * footers and the Help screen are drawn from them, so what a key does and what the screen says it
 * does cannot drift apart.
 */
import type { KeyPress } from './key-press.js';

/** One binding: an action, the keys that trigger it, and how Help describes it. */
export interface Binding<A extends string = string> {
  action: A;
  /** Key descriptors: a character (`k`, `G`, `/`), a key name (`up`, `pagedown`, `return`), `space`, or `ctrl+c`. */
  keys: readonly string[];
  /** What Help says it does. */
  help: string;
  /** The short word a footer shows; absent keeps it out of footers. */
  hint?: string;
  /** How a footer writes the keys, when shorter than all of them (`↑↓`). */
  footerKeys?: string;
}

/** Keys of the accounts list. */
export type ListAction =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'first'
  | 'last'
  | 'open'
  | 'filter'
  | 'add'
  | 'create'
  | 'remove'
  | 'use'
  | 'check'
  | 'checkAll'
  | 'select'
  | 'onboarding'
  | 'clearFilter';

/** The accounts list (home). */
export const LIST_KEYS: readonly Binding<ListAction>[] = [
  { action: 'up', keys: ['up', 'k'], help: 'move up' },
  { action: 'down', keys: ['down', 'j'], help: 'move down', hint: 'move', footerKeys: '↑↓' },
  { action: 'pageUp', keys: ['pageup'], help: 'one page up' },
  { action: 'pageDown', keys: ['pagedown'], help: 'one page down' },
  { action: 'first', keys: ['home', 'g'], help: 'first account' },
  { action: 'last', keys: ['end', 'G'], help: 'last account' },
  { action: 'open', keys: ['return'], help: 'details and actions of the highlighted account', hint: 'details' },
  { action: 'filter', keys: ['/'], help: 'filter: typing narrows the rows', hint: 'filter' },
  { action: 'add', keys: ['a'], help: 'add (paste) a token', hint: 'add' },
  { action: 'create', keys: ['c'], help: 'create a personal token with the highlighted account', hint: 'create' },
  {
    action: 'remove',
    keys: ['d'],
    help: 'remove (forget, or revoke and forget) the highlighted account',
    hint: 'remove',
  },
  {
    action: 'use',
    keys: ['u', 'space'],
    help: 'make the highlighted account the active one',
    hint: 'use',
    footerKeys: 'u',
  },
  { action: 'select', keys: ['s'], help: 'select the active account of each provider and kind' },
  { action: 'check', keys: ['r'], help: 'check the highlighted account with its service', hint: 'check' },
  { action: 'checkAll', keys: ['R'], help: 'check every account, in parallel', hint: 'all' },
  {
    action: 'onboarding',
    keys: ['o'],
    help: 'onboarding: get a token for a service, step by step',
  },
  { action: 'clearFilter', keys: ['escape'], help: 'clear the filter' },
];

/** Keys while typing a filter. */
export type FilterAction = 'accept' | 'clear' | 'erase' | 'cursor' | 'up' | 'down';

/** The filter line of the accounts list. */
export const FILTER_KEYS: readonly Binding<FilterAction>[] = [
  { action: 'accept', keys: ['return'], help: 'keep the highlighted row and leave filter mode', hint: 'keep' },
  { action: 'clear', keys: ['escape'], help: 'clear the filter', hint: 'clear' },
  { action: 'erase', keys: ['backspace', 'ctrl+d'], help: 'erase the character before / at the cursor' },
  {
    action: 'cursor',
    keys: ['left', 'right', 'home', 'end', 'ctrl+a', 'ctrl+e'],
    help: 'move the cursor, as in text fields',
  },
  { action: 'up', keys: ['up'], help: 'move up among the matches' },
  { action: 'down', keys: ['down'], help: 'move down among the matches' },
];

/** Actions of the details screen. */
export type DetailsAction = 'use' | 'check' | 'create' | 'rotate' | 'replace' | 'endpoints' | 'remove';

/** The details screen of one account. */
export const DETAILS_KEYS: readonly Binding<DetailsAction>[] = [
  { action: 'use', keys: ['u', 'space'], help: 'make it the active account', hint: 'use' },
  { action: 'check', keys: ['r'], help: 'check it with its service', hint: 'check' },
  { action: 'create', keys: ['c'], help: 'create a personal token with it', hint: 'create token' },
  {
    action: 'rotate',
    keys: ['t'],
    help: 'rotate it: new token, stored in place, old one revoked (where the service has a token API)',
    hint: 'rotate',
  },
  {
    action: 'replace',
    keys: ['e'],
    help: 'replace its secret: paste a new token, checked, same account',
    hint: 'replace secret',
  },
  {
    action: 'endpoints',
    keys: ['E'],
    help: 'set its endpoint URLs (a who-am-I URL, a self-hosted API): empty is the default',
    hint: 'endpoints',
  },
  { action: 'remove', keys: ['d'], help: 'remove it', hint: 'remove' },
];

/** Keys while a newly created token is shown. */
export const CREATED_KEYS: readonly Binding<'copy'>[] = [
  {
    action: 'copy',
    keys: ['y'],
    help: 'copy the new token to the clipboard (through the terminal, OSC 52)',
    hint: 'copy',
  },
];

/** Moving in a picker. */
export type PickerAction = 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last' | 'choose';

/** Every picker: providers, kinds, slots, accounts, choices. */
export const PICKER_KEYS: readonly Binding<PickerAction>[] = [
  { action: 'up', keys: ['up', 'k'], help: 'previous choice' },
  { action: 'down', keys: ['down', 'j'], help: 'next choice', hint: 'move', footerKeys: '↑↓' },
  { action: 'pageUp', keys: ['pageup'], help: 'one page up' },
  { action: 'pageDown', keys: ['pagedown'], help: 'one page down' },
  { action: 'first', keys: ['home', 'g'], help: 'first choice' },
  { action: 'last', keys: ['end', 'G'], help: 'last choice' },
  { action: 'choose', keys: ['return'], help: 'choose', hint: 'choose' },
];

/** Editing a text field. */
export type FieldAction =
  | 'submit'
  | 'next'
  | 'previous'
  | 'left'
  | 'right'
  | 'start'
  | 'end'
  | 'erase'
  | 'deleteAt'
  | 'clear';

/** Text fields: label, KB URL, token, description, days, filter. */
export const FIELD_KEYS: readonly Binding<FieldAction>[] = [
  { action: 'submit', keys: ['return'], help: 'confirm the field', hint: 'confirm' },
  { action: 'next', keys: ['tab', 'down'], help: 'next field' },
  { action: 'previous', keys: ['shift+tab', 'up'], help: 'previous field' },
  { action: 'left', keys: ['left'], help: 'cursor one character left (not in the token field)' },
  { action: 'right', keys: ['right'], help: 'cursor one character right' },
  { action: 'start', keys: ['home', 'ctrl+a'], help: 'cursor to the start' },
  { action: 'end', keys: ['end', 'ctrl+e'], help: 'cursor to the end' },
  { action: 'erase', keys: ['backspace'], help: 'erase the character before the cursor' },
  { action: 'deleteAt', keys: ['ctrl+d'], help: 'delete the character at the cursor' },
  { action: 'clear', keys: ['ctrl+u'], help: 'clear the field' },
];

/** Keys every screen shares, handled once by the root. */
export type GlobalAction = 'back' | 'help' | 'quit' | 'interrupt';

/** Handled by App.tsx when the screen on top does not take the key. */
export const GLOBAL_KEYS: readonly Binding<GlobalAction>[] = [
  { action: 'back', keys: ['escape'], help: 'go back (on the accounts list: clear the filter)' },
  { action: 'help', keys: ['?'], help: 'this help', hint: 'help' },
  { action: 'quit', keys: ['q'], help: 'quit (status 0)', hint: 'quit' },
  { action: 'interrupt', keys: ['ctrl+c'], help: 'quit at once (cancels `authdeck add`)' },
];

/** The sections of the Help screen, in order. */
export const HELP_SECTIONS: ReadonlyArray<{ title: string; bindings: readonly Binding[] }> = [
  { title: 'Accounts', bindings: LIST_KEYS },
  { title: 'Filter (after /)', bindings: FILTER_KEYS },
  { title: 'Details (Enter on a row)', bindings: DETAILS_KEYS },
  { title: 'A token just created', bindings: CREATED_KEYS },
  { title: 'Pickers', bindings: PICKER_KEYS },
  { title: 'Text fields', bindings: FIELD_KEYS },
  { title: 'Everywhere', bindings: GLOBAL_KEYS },
];

/** The descriptor a press matches, or null for multi-character text. */
export function describePress(press: KeyPress): string | null {
  if (press.kind === 'key') return press.name;
  if (press.kind === 'ctrl') return `ctrl+${press.letter}`;
  if ([...press.text].length !== 1) return null;
  return press.text === ' ' ? 'space' : press.text;
}

/** The action a press triggers in a table of bindings, if any. */
export function resolveKey<A extends string>(bindings: readonly Binding<A>[], press: KeyPress): A | null {
  const descriptor = describePress(press);
  if (descriptor === null) return null;
  for (const binding of bindings) {
    if (binding.keys.includes(descriptor)) return binding.action;
  }
  return null;
}

const KEY_LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  return: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  tab: 'Tab',
  'shift+tab': 'Shift+Tab',
  space: 'Space',
  'ctrl+c': 'Ctrl+C',
  'ctrl+a': 'Ctrl+A',
  'ctrl+d': 'Ctrl+D',
  'ctrl+e': 'Ctrl+E',
  'ctrl+u': 'Ctrl+U',
};

/** How a key is written on screen: `↑`, `Enter`, `Ctrl+C`, or the character itself. */
export function keyLabel(descriptor: string): string {
  return KEY_LABELS[descriptor] ?? descriptor;
}

/** The keys of a binding as Help writes them: `↑/k`. */
export function bindingKeys(binding: Binding): string {
  return binding.keys.map(keyLabel).join('/');
}

/** Footer hints (`a add  r check …`) for the bindings that have one. */
export function footerHints(bindings: readonly Binding[]): Array<{ keys: string; hint: string }> {
  return bindings
    .filter((b) => b.hint)
    .map((b) => ({ keys: b.footerKeys ?? b.keys.map(keyLabel).join('/'), hint: b.hint! }));
}
