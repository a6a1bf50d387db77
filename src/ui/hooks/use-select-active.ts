/**
 * Select active: a picker per provider and kind. First the slots (provider · kind, with the active
 * account), then the accounts of one slot; Enter makes the highlighted one active.
 */
import { useMemo, useRef } from 'react';
import type { AccountView } from '../../app/accounts.js';
import type { CredentialKind, ProviderId } from '../../core/vocabulary.js';
import type { KeyPress } from '../key-press.js';
import { PICKER_KEYS, type PickerAction, resolveKey } from '../keymap.js';
import { useDeckContext } from './use-deck.js';
import { useEagerReducer } from './use-eager-reducer.js';
import { initPicker, movePicker, type PickerState } from './use-picker.js';

/** The accounts of one provider and kind. */
export interface Slot {
  key: string;
  provider: ProviderId;
  kind: CredentialKind;
  accounts: AccountView[];
  active: AccountView | null;
}

/** How many rows a picker of this screen shows. */
export const SELECT_HEIGHT = 12;

/** The slots of a set of accounts, in provider then kind order. */
export function slotsOf(accounts: readonly AccountView[]): Slot[] {
  const byKey = new Map<string, Slot>();
  for (const a of accounts) {
    const key = `${a.provider}/${a.kind}`;
    let slot = byKey.get(key);
    if (!slot) {
      slot = { key, provider: a.provider, kind: a.kind, accounts: [], active: null };
      byKey.set(key, slot);
    }
    slot.accounts.push(a);
    if (a.active) slot.active = a;
  }
  const slots = [...byKey.values()].sort((x, y) => x.key.localeCompare(y.key));
  for (const s of slots) s.accounts.sort((x, y) => x.label.localeCompare(y.label));
  return slots;
}

/** Where the person is on the select screen. */
export interface SelectState {
  level: 'slots' | 'accounts';
  /** Opened straight in one slot (`s` on a row): Esc returns to where `s` was pressed, ← shows every slot. */
  direct: boolean;
  slotPicker: PickerState;
  accountPicker: PickerState;
}

/** What can happen on the select screen; counts come from the latest snapshot. */
export type SelectAction =
  | { type: 'move'; action: Exclude<PickerAction, 'choose'>; count: number }
  | { type: 'open'; activeIndex: number }
  | { type: 'back' };

/** The select reducer. */
export function selectReducer(state: SelectState, action: SelectAction): SelectState {
  switch (action.type) {
    case 'move':
      return state.level === 'slots'
        ? { ...state, slotPicker: movePicker(state.slotPicker, action.action, action.count, SELECT_HEIGHT) }
        : { ...state, accountPicker: movePicker(state.accountPicker, action.action, action.count, SELECT_HEIGHT) };
    case 'open':
      return {
        ...state,
        level: 'accounts',
        direct: false,
        accountPicker: movePicker(initPicker(action.activeIndex), 'choose', action.activeIndex + 1, SELECT_HEIGHT),
      };
    case 'back':
      return { ...state, level: 'slots', direct: false };
  }
}

/** The select screen's state and keys; starts in the slot of `provider`/`kind` when given. */
export function useSelectActive(provider?: ProviderId, kind?: CredentialKind) {
  const deck = useDeckContext();
  const slots = useMemo(() => slotsOf(deck.state.snapshot.accounts), [deck.state.snapshot.accounts]);
  const slotsRef = useRef(slots);
  slotsRef.current = slots;
  const [state, dispatch, latest] = useEagerReducer(selectReducer, (): SelectState => {
    const start = slots.findIndex((s) => s.provider === provider && s.kind === kind);
    if (start < 0) return { level: 'slots', direct: false, slotPicker: initPicker(0), accountPicker: initPicker(0) };
    const slot = slots[start]!;
    const active = Math.max(
      0,
      slot.accounts.findIndex((a) => a.active),
    );
    return {
      level: 'accounts',
      direct: true,
      slotPicker: movePicker(initPicker(start), 'choose', slots.length, SELECT_HEIGHT),
      accountPicker: movePicker(initPicker(active), 'choose', slot.accounts.length, SELECT_HEIGHT),
    };
  });

  return {
    state,
    slots,
    owner: {
      mode: () => 'command' as const,
      handle(press: KeyPress): boolean {
        const current = latest.current;
        const all = slotsRef.current;
        const slot = all[Math.min(current.slotPicker.index, all.length - 1)];
        const isKey = (name: string) => press.kind === 'key' && press.name === name;
        if (isKey('escape')) {
          // One Esc leaves a screen opened in one slot, as it does every other screen.
          if (current.level === 'slots' || current.direct) return false;
          dispatch({ type: 'back' });
          return true;
        }
        if (current.level === 'accounts' && (isKey('left') || isKey('backspace'))) {
          dispatch({ type: 'back' });
          return true;
        }
        const action = resolveKey(PICKER_KEYS, press);
        if (action === null) return false;
        if (action !== 'choose') {
          dispatch({
            type: 'move',
            action,
            count: current.level === 'slots' ? all.length : (slot?.accounts.length ?? 0),
          });
          return true;
        }
        if (!slot) return true;
        if (current.level === 'slots') {
          dispatch({
            type: 'open',
            activeIndex: Math.max(
              0,
              slot.accounts.findIndex((a) => a.active),
            ),
          });
          return true;
        }
        const account = slot.accounts[current.accountPicker.index];
        if (account) deck.commands.use(account.id);
        return true;
      },
    },
  };
}
