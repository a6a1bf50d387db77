/**
 * Remove: a confirmation naming the account, offering "revoke and forget" only where the service
 * can revoke it (else saying why and where to do it), then an honest result.
 */
import { useEffect } from 'react';
import type { RemoveResult, Revocation } from '../../app/service.js';
import { useService } from '../context.js';
import { type Failure, failureOf } from '../failure.js';
import type { KeyPress } from '../key-press.js';
import { PICKER_KEYS, resolveKey } from '../keymap.js';
import { useDeckContext } from './use-deck.js';
import { useEagerReducer } from './use-eager-reducer.js';
import { initPicker, movePicker, type PickerState } from './use-picker.js';
import { useNavigation } from './use-router.js';

/** The choices of the confirmation. */
export type RemoveChoice = 'revoke' | 'forget' | 'cancel';

/** What each choice says about `ref` on the service titled `service`: revoking names both, as it cannot be undone. */
export function removeChoiceLabel(choice: RemoveChoice, ref: string, service: string): string {
  switch (choice) {
    case 'revoke':
      return `Revoke ${ref} on ${service}: the token stops working everywhere`;
    case 'forget':
      return `Forget it here only (the token keeps working on ${service})`;
    case 'cancel':
      return 'Cancel';
  }
}

/** The remove screen's state. */
export interface RemoveState {
  step: 'confirm' | 'working' | 'done' | 'failed';
  revocation: Revocation;
  choices: RemoveChoice[];
  picker: PickerState;
  request: { revoke: boolean } | null;
  result: RemoveResult | null;
  failure: Failure | null;
}

/** What can happen on the remove screen. */
export type RemoveAction =
  | { type: 'key'; press: KeyPress }
  | { type: 'removed'; result: RemoveResult }
  | { type: 'failed'; message: string; hint: string | null };

/**
 * The confirmation for an account whose token can (or cannot) be revoked. The highlighted default is
 * the reversible choice (forget here); revoking is last, so neither Enter nor `j Enter` reaches it.
 */
export function initRemove(revocation: Revocation): RemoveState {
  const choices: RemoveChoice[] = revocation.possible ? ['forget', 'cancel', 'revoke'] : ['forget', 'cancel'];
  return { step: 'confirm', revocation, choices, picker: initPicker(0), request: null, result: null, failure: null };
}

/** The remove reducer. */
export function removeReducer(state: RemoveState, action: RemoveAction): RemoveState {
  switch (action.type) {
    case 'removed':
      return { ...state, step: 'done', result: action.result, request: null };
    case 'failed':
      // Still stored: offer to forget it anyway.
      return {
        ...state,
        step: 'failed',
        request: null,
        failure: { message: action.message, hint: action.hint },
        choices: ['forget', 'cancel'],
        picker: initPicker(0),
      };
    case 'key': {
      if (state.step !== 'confirm' && state.step !== 'failed') return state;
      const move = resolveKey(PICKER_KEYS, action.press);
      if (move === null) return state;
      if (move !== 'choose') return { ...state, picker: movePicker(state.picker, move, state.choices.length, 5) };
      const choice = state.choices[state.picker.index];
      if (choice === 'cancel' || choice === undefined) return state;
      return { ...state, step: 'working', request: { revoke: choice === 'revoke' } };
    }
  }
}

/** The remove screen's state, keys and the remove itself. */
export function useRemove(accountId: string) {
  const service = useService();
  const deck = useDeckContext();
  const nav = useNavigation();
  const [state, dispatch, latest] = useEagerReducer(removeReducer, () => {
    try {
      return initRemove(service.revocation(accountId));
    } catch (error) {
      return {
        ...initRemove({ possible: false, reason: null }),
        step: 'failed' as const,
        failure: failureOf(error),
        choices: ['cancel'] as RemoveChoice[],
      };
    }
  });

  const request = state.request;
  useEffect(() => {
    if (!request) return;
    service.remove(accountId, request).then(
      (result) => {
        dispatch({ type: 'removed', result });
        deck.commands.reload();
        deck.commands.notify({
          tone: result.note ? 'warning' : 'success',
          text: result.revoked ? `Revoked and forgot ${result.ref}.` : `Forgot ${result.ref}.`,
          hint: result.note,
        });
      },
      (error: unknown) =>
        dispatch({
          type: 'failed',
          ...failureOf(error),
        }),
    );
  }, [request, accountId, service, dispatch, deck.commands]);

  return {
    state,
    owner: {
      mode: () => 'command' as const,
      handle(press: KeyPress): boolean {
        const current = latest.current;
        const isEnter = press.kind === 'key' && press.name === 'return';
        if (current.step === 'done') {
          if (!isEnter && !(press.kind === 'key' && press.name === 'escape')) return false;
          nav.root();
          return true;
        }
        if (current.step === 'working') return press.kind === 'key' && press.name === 'escape';
        if (isEnter && current.choices[current.picker.index] === 'cancel') {
          nav.pop();
          return true;
        }
        if (resolveKey(PICKER_KEYS, press) === null) return false;
        dispatch({ type: 'key', press });
        return true;
      },
    },
  };
}
