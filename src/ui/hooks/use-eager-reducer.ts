import { type RefObject, useCallback, useReducer, useRef } from 'react';

const replace = <S>(_previous: S, next: S): S => next;

/**
 * `useReducer`, with the reducer applied at dispatch time so the latest state can be read at once
 * through the returned ref.
 *
 * Why: keys that arrive faster than a frame (type-ahead, a paste split by the terminal, a script)
 * are delivered one after the other before React renders. The key router must know, between two
 * of them, whether the screen is now typing into a field or has moved to another screen; React
 * state would still show the value of the last render. The reducer stays pure and is the only way
 * state changes, so two keys in one tick both land, each on the state the other left.
 * `reducer` must be a stable (module-level) function.
 */
export function useEagerReducer<S, A>(
  reducer: (state: S, action: A) => S,
  init: () => S,
): [state: S, dispatch: (action: A) => void, latest: RefObject<S>] {
  const latest = useRef<S>(undefined as S);
  const initialised = useRef(false);
  if (!initialised.current) {
    latest.current = init();
    initialised.current = true;
  }
  const [state, commit] = useReducer(replace<S>, latest.current);
  const dispatch = useCallback(
    (action: A) => {
      const next = reducer(latest.current, action);
      if (Object.is(next, latest.current)) return;
      latest.current = next;
      commit(next);
    },
    [reducer],
  );
  return [state, dispatch, latest];
}
