/**
 * Which screens are open: a stack, the top one shown and given the keys. Screens below stay mounted
 * (hidden) so that Esc returns to exactly where you were, half-typed fields included.
 */
import { createContext, useContext } from 'react';
import type { AddRequest } from '../../app/service.js';
import type { CredentialKind, ProviderId } from '../../core/vocabulary.js';

/**
 * What the add/paste screen starts with (from `authdeck add <provider>` or a screen): an add request without its
 * secret, every field optional.
 */
export type AddPreset = Partial<Omit<AddRequest, 'secret' | 'signal'>>;

/** One screen and what it is about. */
export type Route =
  | { name: 'home' }
  | { name: 'add'; preset: AddPreset; entry: 'app' | 'cli' }
  | { name: 'onboarding' }
  | { name: 'details'; accountId: string }
  | { name: 'create'; accountId: string | null }
  | { name: 'remove'; accountId: string }
  | { name: 'endpoints'; accountId: string }
  | { name: 'select'; provider?: ProviderId; kind?: CredentialKind }
  | { name: 'help' };

/** A route on the stack, with the key that identifies its screen instance. */
export type OpenRoute = Route & { key: number };

/** The stack and, once decided, how the app ends. */
export interface RouterState {
  stack: OpenRoute[];
  nextKey: number;
  /** Set once: the exit code the app ends with. */
  exitCode: number | null;
}

/** What can happen to the stack. */
export type RouterAction =
  | { type: 'push'; route: Route }
  | { type: 'pop' }
  | { type: 'root' }
  | { type: 'replace'; route: Route }
  | { type: 'quit'; code: number };

/** A stack holding only `first`. */
export function initRouter(first: Route[]): RouterState {
  return { stack: first.map((route, key) => ({ ...route, key })), nextKey: first.length, exitCode: null };
}

/** The exit code of leaving by Esc, q or Ctrl+C: `authdeck add` cancelled is a failure, quitting home is not. */
export function cancelCode(state: RouterState): number {
  const root = state.stack[0];
  return root?.name === 'add' && root.entry === 'cli' ? 1 : 0;
}

/** The route reducer. Popping the last screen ends the app with the cancel code. */
export function routerReducer(state: RouterState, action: RouterAction): RouterState {
  if (state.exitCode !== null) return state;
  switch (action.type) {
    case 'push': {
      const top = state.stack.at(-1);
      // `?` on Help, or `a` twice in one tick, must not stack the same screen twice.
      if (top && top.name === action.route.name && action.route.name === 'help') return state;
      return { ...state, stack: [...state.stack, { ...action.route, key: state.nextKey }], nextKey: state.nextKey + 1 };
    }
    case 'replace':
      return {
        ...state,
        stack: [...state.stack.slice(0, -1), { ...action.route, key: state.nextKey }],
        nextKey: state.nextKey + 1,
      };
    case 'pop':
      if (state.stack.length <= 1) {
        // Esc on the home screen does nothing; on a root paste screen it cancels.
        return state.stack[0]?.name === 'home' ? state : { ...state, exitCode: cancelCode(state) };
      }
      return { ...state, stack: state.stack.slice(0, -1) };
    case 'root':
      return state.stack.length <= 1 ? state : { ...state, stack: state.stack.slice(0, 1) };
    case 'quit':
      return { ...state, exitCode: action.code };
  }
}

/** How screens move between each other; provided by App.tsx. */
export interface Navigation {
  push(route: Route): void;
  pop(): void;
  /** Back to the first screen (after a remove, the details of the account are gone too). */
  root(): void;
  replace(route: Route): void;
  /** Ends the app with `code` (only App.tsx calls Ink's exit). */
  quit(code: number): void;
}

/** Navigation for screens. */
export const NavigationContext = createContext<Navigation | null>(null);

/** The navigation App.tsx provides. */
export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside <App>');
  return nav;
}
