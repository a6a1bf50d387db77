/**
 * One input owner for the whole app. App.tsx is the only component that calls Ink's `useInput`;
 * every press goes through {@link createKeyRouter}, which hands it to the screen on top of the route
 * stack (read from the eager router state, so a key that opened a screen is followed, in the same
 * tick, by keys that reach that new screen). Presses that arrive before the new screen has mounted
 * wait in a queue. Whatever the screen does not take goes to the global handler (Esc, ?, q);
 * Ctrl+C always does.
 */
import { createContext, useContext, useEffect, useRef } from 'react';
import type { KeyPress } from '../key-press.js';

/** Whether the screen now takes printable characters as text (a field) or as commands. */
export type KeyMode = 'text' | 'command';

/** What a screen registers to receive keys. Both functions must read the screen's latest (eager) state. */
export interface KeyOwner {
  mode(): KeyMode;
  /** Applies a press; returns false to let the global keys have it. */
  handle(press: KeyPress): boolean;
}

/** The router the screens register with. */
export interface KeyRouter {
  /** Registers the owner of the route with this key; returns the unregister function. */
  register(routeKey: number, owner: KeyOwner): () => void;
  /** Routes one press. */
  route(press: KeyPress): void;
}

/** Options for {@link createKeyRouter}. */
export interface KeyRouterOptions {
  /** The key of the route on top, read at the moment of each press. */
  currentRoute(): number;
  /** A press the screen on top did not take. */
  onGlobal(press: KeyPress): void;
  /** Ctrl+C: taken before any screen sees it. */
  onInterrupt(): void;
}

/** Creates the router; pure of React so it can be tested on its own. */
export function createKeyRouter(options: KeyRouterOptions): KeyRouter {
  const owners = new Map<number, KeyOwner>();
  let queue: KeyPress[] = [];

  function deliver(owner: KeyOwner, press: KeyPress): void {
    if (!owner.handle(press)) options.onGlobal(press);
  }

  function route(press: KeyPress): void {
    if (press.kind === 'ctrl' && press.letter === 'c') {
      queue = [];
      options.onInterrupt();
      return;
    }
    if (press.kind !== 'text') {
      const owner = owners.get(options.currentRoute());
      if (!owner || queue.length > 0) queue.push(press);
      else deliver(owner, press);
      return;
    }
    // A run of characters: in a field it is one paste; as commands, each character is one key,
    // and any of them may open a field or another screen, so the mode is asked again each time.
    let rest = press.text;
    while (rest.length > 0) {
      const owner = owners.get(options.currentRoute());
      if (!owner || queue.length > 0) {
        queue.push({ ...press, text: rest });
        return;
      }
      if (owner.mode() === 'text') {
        deliver(owner, { ...press, text: rest });
        return;
      }
      const first = String.fromCodePoint(rest.codePointAt(0)!);
      rest = rest.slice(first.length);
      deliver(owner, { kind: 'text', text: first, paste: press.paste });
    }
  }

  function flush(): void {
    const pending = queue;
    queue = [];
    for (let i = 0; i < pending.length; i++) {
      route(pending[i]!);
      if (queue.length > 0) {
        // The route changed again and its screen is not mounted yet: keep the order.
        queue.push(...pending.slice(i + 1));
        return;
      }
    }
  }

  return {
    register(routeKey, owner) {
      owners.set(routeKey, owner);
      if (routeKey === options.currentRoute() && queue.length > 0) flush();
      return () => {
        if (owners.get(routeKey) === owner) owners.delete(routeKey);
      };
    },
    route,
  };
}

/** The router, provided by App.tsx. */
export const KeyRouterContext = createContext<KeyRouter | null>(null);

/** The key of the route a screen renders, provided by App.tsx around each screen. */
export const RouteKeyContext = createContext<number>(-1);

/**
 * Registers a screen's key handling with the router for as long as the screen is mounted.
 * `owner` may change every render: the router always calls the latest one.
 */
export function useKeyOwner(owner: KeyOwner): void {
  const router = useContext(KeyRouterContext);
  const routeKey = useContext(RouteKeyContext);
  const latest = useRef(owner);
  latest.current = owner;
  useEffect(() => {
    if (!router) return;
    return router.register(routeKey, {
      mode: () => latest.current.mode(),
      handle: (press) => latest.current.handle(press),
    });
  }, [router, routeKey]);
}
