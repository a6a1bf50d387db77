/**
 * The root of the TUI. It owns the three things there must be only one of: the route stack (a
 * reducer), the one `useInput` of the app (every key goes through the key router), and the exit.
 * Global keys — Esc, ?, q, Ctrl+C — are handled here, once, when the screen on top does not take
 * them.
 */
import { Box, useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo } from 'react';
import type { AccountService, DeckSnapshot } from '../app/service.js';
import { SpinnerClock } from './components/SpinnerClock.js';
import { ServiceContext, ThemeContext } from './context.js';
import { DeckContext, useDeck } from './hooks/use-deck.js';
import { useEagerReducer } from './hooks/use-eager-reducer.js';
import { createKeyRouter, KeyRouterContext, RouteKeyContext } from './hooks/use-key-router.js';
import {
  cancelCode,
  initRouter,
  type Navigation,
  NavigationContext,
  type OpenRoute,
  type Route,
  routerReducer,
} from './hooks/use-router.js';
import { createKeyDecoder, type KeyPress } from './key-press.js';
import { GLOBAL_KEYS, resolveKey } from './keymap.js';
import { AccountsScreen } from './screens/AccountsScreen.js';
import { AddTokenScreen } from './screens/AddTokenScreen.js';
import { CreateTokenScreen } from './screens/CreateTokenScreen.js';
import { DetailsScreen } from './screens/DetailsScreen.js';
import { EndpointsScreen } from './screens/EndpointsScreen.js';
import { HelpScreen } from './screens/HelpScreen.js';
import { OnboardingScreen } from './screens/OnboardingScreen.js';
import { RemoveScreen } from './screens/RemoveScreen.js';
import { SelectActiveScreen } from './screens/SelectActiveScreen.js';
import { colorEnabled, createTheme, type Theme } from './theme.js';

/** Props of {@link App}. */
export interface AppProps {
  service: AccountService;
  /** What to open: the accounts, or (from `authdeck add`) the paste screen. */
  start: Route;
  /** The first snapshot, read before rendering so a broken config fails before the screen opens. @default service.snapshot() */
  initial?: DeckSnapshot;
  /** `authdeck demo`: the title says so. */
  demo?: boolean;
  /** Check every account as the screen opens (the demo does, so the tour shows every health at once). */
  checkOnStart?: boolean;
  /** @default colour unless NO_COLOR */
  theme?: Theme;
  /** The plain, line-oriented rendering (TERM=dumb, not a terminal): spinners stand still. */
  plain?: boolean;
  /** Called once with the exit code, just before the app unmounts. */
  onExit?: (code: number) => void;
}

/** The first screens: the accounts, with the onboarding on top on a first run. */
function firstRoutes(start: Route, snapshot: DeckSnapshot): Route[] {
  if (start.name === 'home' && snapshot.accounts.length === 0) return [start, { name: 'onboarding' }];
  return [start];
}

/** The TUI. */
export function App({
  service,
  start,
  initial,
  demo = false,
  checkOnStart = false,
  plain = false,
  theme,
  onExit,
}: AppProps) {
  const { exit } = useApp();
  const snapshot = useMemo(() => initial ?? service.snapshot(), [initial, service]);
  const deck = useDeck(service, snapshot);
  const [router, dispatchRoute, latestRouter] = useEagerReducer(routerReducer, () =>
    initRouter(firstRoutes(start, snapshot)),
  );
  const resolvedTheme = useMemo(() => theme ?? createTheme({ color: colorEnabled() }), [theme]);

  const nav = useMemo<Navigation>(
    () => ({
      push: (route) => {
        // The status line speaks of the last action on the screen you leave, not the one you open.
        deck.commands.notify(null);
        dispatchRoute({ type: 'push', route });
      },
      pop: () => dispatchRoute({ type: 'pop' }),
      root: () => dispatchRoute({ type: 'root' }),
      replace: (route) => dispatchRoute({ type: 'replace', route }),
      quit: (code) => dispatchRoute({ type: 'quit', code }),
    }),
    [dispatchRoute, deck.commands],
  );

  const keyRouter = useMemo(
    () =>
      createKeyRouter({
        currentRoute: () => latestRouter.current.stack.at(-1)?.key ?? -1,
        onInterrupt: () => nav.quit(cancelCode(latestRouter.current)),
        onGlobal(press: KeyPress) {
          switch (resolveKey(GLOBAL_KEYS, press)) {
            case 'back':
              nav.pop();
              return;
            case 'help':
              nav.push({ name: 'help' });
              return;
            case 'quit':
              nav.quit(cancelCode(latestRouter.current));
              return;
            default:
              return;
          }
        },
      }),
    [nav, latestRouter],
  );
  const decoder = useMemo(createKeyDecoder, []);
  const onInput = useCallback(
    (input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
      for (const press of decoder.decode(input, key)) keyRouter.route(press);
    },
    [decoder, keyRouter],
  );
  useInput(onInput);

  // Once, on mount: what the first frame shows is then updated row by row as results arrive.
  const { commands } = deck;
  useEffect(() => {
    if (checkOnStart) commands.check('all');
  }, [checkOnStart, commands]);

  useEffect(() => {
    if (router.exitCode === null) return;
    onExit?.(router.exitCode);
    exit();
  }, [router.exitCode, onExit, exit]);

  const top = router.stack.at(-1)?.key;
  // Quitting the accounts screen leaves the terminal clean (the last frame drawn is empty);
  // `authdeck add` keeps its outcome on screen.
  if (router.exitCode !== null && router.stack[0]?.name === 'home') return null;
  return (
    <ServiceContext.Provider value={service}>
      <ThemeContext.Provider value={resolvedTheme}>
        <NavigationContext.Provider value={nav}>
          <KeyRouterContext.Provider value={keyRouter}>
            <DeckContext.Provider value={deck}>
              <SpinnerClock still={plain}>
                {router.stack.map((route) => (
                  <RouteKeyContext.Provider key={route.key} value={route.key}>
                    {/* Screens below the top stay mounted, hidden, so Esc returns to where you were. */}
                    <Box display={route.key === top ? 'flex' : 'none'} flexDirection="column">
                      <ScreenFor route={route} demo={demo} />
                    </Box>
                  </RouteKeyContext.Provider>
                ))}
              </SpinnerClock>
            </DeckContext.Provider>
          </KeyRouterContext.Provider>
        </NavigationContext.Provider>
      </ThemeContext.Provider>
    </ServiceContext.Provider>
  );
}

/** The screen of a route. */
function ScreenFor({ route, demo }: { route: OpenRoute; demo: boolean }) {
  switch (route.name) {
    case 'home':
      return <AccountsScreen demo={demo} />;
    case 'add':
      return <AddTokenScreen preset={route.preset} entry={route.entry} />;
    case 'onboarding':
      return <OnboardingScreen />;
    case 'details':
      return <DetailsScreen accountId={route.accountId} />;
    case 'create':
      return <CreateTokenScreen accountId={route.accountId} />;
    case 'remove':
      return <RemoveScreen accountId={route.accountId} />;
    case 'endpoints':
      return <EndpointsScreen accountId={route.accountId} />;
    case 'select':
      return <SelectActiveScreen provider={route.provider} kind={route.kind} />;
    case 'help':
      return <HelpScreen />;
  }
}
