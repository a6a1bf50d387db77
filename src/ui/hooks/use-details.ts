/**
 * The details screen's state: its actions (use, check, create, rotate, remove) and the rotation,
 * which asks for a confirmation and then reports each step.
 */
import { useEffect } from 'react';
import type { RotationStep } from '../../app/tokens.js';
import { tokenPage } from '../../core/display.js';
import { canMakeTokens, providerTitle } from '../capabilities.js';
import { useService } from '../context.js';
import { failureOf } from '../failure.js';
import type { KeyPress } from '../key-press.js';
import { DETAILS_KEYS, resolveKey } from '../keymap.js';
import { useDeckContext } from './use-deck.js';
import { useEagerReducer } from './use-eager-reducer.js';
import { useNavigation } from './use-router.js';

/** Where a rotation is. */
export type Rotation =
  | { state: 'idle' }
  | { state: 'confirm' }
  | { state: 'running' }
  | { state: 'done'; ok: boolean; steps: RotationStep[] }
  | { state: 'failed'; message: string; hint: string | null };

/** What can happen on the details screen. */
export type DetailsAction =
  | { type: 'askRotate' }
  | { type: 'confirmRotate' }
  | { type: 'cancelRotate' }
  | { type: 'rotated'; ok: boolean; steps: RotationStep[] }
  | { type: 'rotateFailed'; message: string; hint: string | null };

/** The details reducer. */
export function detailsReducer(state: Rotation, action: DetailsAction): Rotation {
  switch (action.type) {
    case 'askRotate':
      return state.state === 'running' ? state : { state: 'confirm' };
    case 'confirmRotate':
      return state.state === 'confirm' ? { state: 'running' } : state;
    case 'cancelRotate':
      return state.state === 'confirm' ? { state: 'idle' } : state;
    case 'rotated':
      return { state: 'done', ok: action.ok, steps: action.steps };
    case 'rotateFailed':
      return { state: 'failed', message: action.message, hint: action.hint };
  }
}

/** The details screen's rotation state and key handling for account `accountId`. */
export function useDetails(accountId: string) {
  const service = useService();
  const deck = useDeckContext();
  const nav = useNavigation();
  const [rotation, dispatch, latest] = useEagerReducer(detailsReducer, (): Rotation => ({ state: 'idle' }));

  // Each confirmation makes a new `running` object: that is what starts one rotation.
  const running = rotation.state === 'running' ? rotation : null;
  useEffect(() => {
    if (running === null) return;
    let live = true;
    service.rotate(accountId).then(
      ({ ok, steps }) => {
        if (!live) return;
        dispatch({ type: 'rotated', ok, steps });
        deck.commands.reload();
      },
      (error: unknown) => {
        if (!live) return;
        dispatch({
          type: 'rotateFailed',
          ...failureOf(error),
        });
      },
    );
    return () => {
      live = false;
    };
  }, [running, accountId, service, dispatch, deck.commands]);

  return {
    rotation,
    owner: {
      mode: () => 'command' as const,
      handle(press: KeyPress): boolean {
        if (latest.current.state === 'confirm') {
          dispatch({
            type: press.kind === 'text' && press.text.toLowerCase() === 'y' ? 'confirmRotate' : 'cancelRotate',
          });
          return true;
        }
        const action = resolveKey(DETAILS_KEYS, press);
        if (!deck.account(accountId)) return false;
        switch (action) {
          case 'use':
            deck.commands.use(accountId);
            return true;
          case 'check':
            deck.commands.check([accountId]);
            return true;
          case 'create':
            nav.push({ name: 'create', accountId });
            return true;
          case 'rotate': {
            const account = deck.account(accountId)!;
            if (!canMakeTokens(account, service.providers)) {
              // Never ask to confirm what can only fail: say where it is done instead.
              const provider = service.providers.find((p) => p.id === account.provider);
              deck.commands.notify({
                tone: 'info',
                text:
                  account.provider === 'bearer'
                    ? 'A generic Bearer token cannot be rotated by authdeck'
                    : `${providerTitle(account, service.providers)} ${account.kind === 'user' ? 'tokens' : 'keys'} cannot be rotated by authdeck`,
                hint: `make a new one at ${tokenPage(provider ?? { tokenPageUrl: '' })}, then replace the secret (e)`,
              });
              return true;
            }
            dispatch({ type: 'askRotate' });
            return true;
          }
          case 'remove':
            nav.push({ name: 'remove', accountId });
            return true;
          case 'endpoints':
            nav.push({ name: 'endpoints', accountId });
            return true;
          case 'replace': {
            const account = deck.account(accountId)!;
            nav.push({
              name: 'add',
              entry: 'app',
              preset: {
                provider: account.provider,
                kind: account.kind,
                label: account.label,
                url: account.resource?.url,
                endpoints: Object.keys(account.endpoints).length > 0 ? account.endpoints : undefined,
                replace: true,
                storage: account.storage === 'keyring' ? 'keyring' : undefined,
                // A deck account's secret is replaced in its deck's entry, not stored again as a local account.
                deck: account.deck ?? undefined,
              },
            });
            return true;
          }
          default:
            return false;
        }
      },
    },
  };
}
