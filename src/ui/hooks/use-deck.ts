/**
 * The accounts as the whole app sees them: the last snapshot from the service, the checks in
 * flight (a spinner per row, updated as each result arrives), and the status line. Held by App.tsx
 * and shared through {@link DeckContext}; the screens call its commands, never the service's
 * long-running methods directly, so a check keeps running when you open another screen.
 */
import { createContext, useContext, useEffect, useMemo, useRef } from 'react';
import type { AccountView } from '../../app/accounts.js';
import type { AccountService, DeckSnapshot } from '../../app/service.js';
import { type CheckResult, HEALTHS, type Health } from '../../core/adapter.js';
import { formatCount, healthWord } from '../../core/display.js';
import { useEagerReducer } from './use-eager-reducer.js';

/** A row's check: in flight, or its result until the saved snapshot takes over. */
export type RowCheck = { state: 'checking' } | { state: 'done'; result: CheckResult };

/** The status line under the list. */
export interface Status {
  tone: 'info' | 'success' | 'warning' | 'error';
  text: string;
  hint?: string | null;
}

/** How far the checks in flight are: results so far, by health. */
export interface CheckProgress {
  total: number;
  done: number;
  counts: ReadonlyMap<Health, number>;
}

/** Everything the deck holds. */
export interface DeckState {
  snapshot: DeckSnapshot;
  checks: ReadonlyMap<string, RowCheck>;
  /** How many check batches are running. */
  running: number;
  /** The checks in flight, counted as results arrive; null when none runs. */
  progress: CheckProgress | null;
  status: Status | null;
  /** An account the list should highlight (just added, stored…); `seq` makes a repeat request count. */
  focus: { id: string; seq: number } | null;
}

/** What can happen to the deck. */
export type DeckAction =
  | { type: 'snapshot'; snapshot: DeckSnapshot }
  | { type: 'checkStart'; ids: readonly string[] }
  | { type: 'checkResults'; results: ReadonlyArray<readonly [string, CheckResult]> }
  | { type: 'checkEnd'; ids: readonly string[] }
  | { type: 'status'; status: Status | null }
  | { type: 'focus'; id: string };

/** The deck reducer. */
export function deckReducer(state: DeckState, action: DeckAction): DeckState {
  switch (action.type) {
    case 'snapshot': {
      if (state.running > 0) return { ...state, snapshot: action.snapshot };
      // Every result is saved by now: the snapshot shows them, the overlays can go.
      return { ...state, snapshot: action.snapshot, checks: new Map() };
    }
    case 'checkStart': {
      const checks = new Map(state.checks);
      for (const id of action.ids) checks.set(id, { state: 'checking' });
      const progress = state.progress ?? { total: 0, done: 0, counts: new Map() };
      return {
        ...state,
        checks,
        running: state.running + 1,
        progress: { ...progress, total: progress.total + action.ids.length },
      };
    }
    case 'checkResults': {
      const checks = new Map(state.checks);
      const counts = new Map(state.progress?.counts ?? []);
      for (const [id, result] of action.results) {
        checks.set(id, { state: 'done', result });
        counts.set(result.health, (counts.get(result.health) ?? 0) + 1);
      }
      const progress = state.progress && {
        ...state.progress,
        done: Math.min(state.progress.total, state.progress.done + action.results.length),
        counts,
      };
      return { ...state, checks, progress };
    }
    case 'checkEnd': {
      const checks = new Map(state.checks);
      // Anything still spinning got no result (the batch failed): stop its spinner.
      for (const id of action.ids) if (checks.get(id)?.state === 'checking') checks.delete(id);
      const running = Math.max(0, state.running - 1);
      return { ...state, checks, running, progress: running === 0 ? null : state.progress };
    }
    case 'status':
      return { ...state, status: action.status };
    case 'focus':
      return { ...state, focus: { id: action.id, seq: (state.focus?.seq ?? 0) + 1 } };
  }
}

/** The deck's commands. */
export interface DeckCommands {
  /** Reads the snapshot again. */
  reload(): void;
  /** Checks accounts (or all) in the background. */
  check(ids: readonly string[] | 'all'): void;
  /** Makes an account active and says so on the status line. */
  use(id: string): void;
  /** Sets the status line. */
  notify(status: Status | null): void;
  /** Highlights an account on the list. */
  focus(id: string): void;
}

/** The deck and its commands, for screens. */
export interface Deck {
  state: DeckState;
  commands: DeckCommands;
  /** The account with this id in the last snapshot. */
  account(id: string): AccountView | undefined;
}

/** Provided by App.tsx. */
export const DeckContext = createContext<Deck | null>(null);

/** The deck App.tsx provides. */
export function useDeckContext(): Deck {
  const deck = useContext(DeckContext);
  if (!deck) throw new Error('useDeckContext outside <App>');
  return deck;
}

/** A line summarising a batch of results: `Checked 12: 10 valid, 2 rejected`. */
export function summarizeChecks(results: ReadonlyMap<string, CheckResult>): string {
  const counts = new Map<Health, number>();
  for (const r of results.values()) counts.set(r.health, (counts.get(r.health) ?? 0) + 1);
  const parts = HEALTHS.filter((h) => counts.has(h)).map((h) => `${formatCount(counts.get(h)!)} ${healthWord(h)}`);
  return `Checked ${formatCount(results.size)}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** Results are shown in batches this often: 10,000 results must not mean 10,000 renders. */
const RESULT_FLUSH_MS = 40;

/** The deck state and commands over a service (App.tsx). */
export function useDeck(service: AccountService, initial: DeckSnapshot): Deck {
  const [state, dispatch, latest] = useEagerReducer(deckReducer, () => ({
    snapshot: initial,
    checks: new Map(),
    running: 0,
    progress: null,
    status: null,
    focus: null,
  }));
  const pending = useRef<Array<readonly [string, CheckResult]>>([]);
  const flushTimer = useRef<NodeJS.Timeout | undefined>(undefined);

  const commands = useMemo<DeckCommands>(() => {
    const errorStatus = (error: unknown): Status => ({
      tone: 'error',
      text: error instanceof Error ? error.message : String(error),
      hint: (error as { hint?: string }).hint ?? null,
    });
    const reload = () => {
      try {
        dispatch({ type: 'snapshot', snapshot: service.snapshot() });
      } catch (error) {
        dispatch({ type: 'status', status: errorStatus(error) });
      }
    };
    const flush = () => {
      clearTimeout(flushTimer.current);
      flushTimer.current = undefined;
      if (pending.current.length === 0) return;
      const results = pending.current;
      pending.current = [];
      dispatch({ type: 'checkResults', results });
    };
    return {
      reload,
      check(ids) {
        const list = ids === 'all' ? latest.current.snapshot.accounts.map((a) => a.id) : [...ids];
        if (list.length === 0) {
          dispatch({ type: 'status', status: { tone: 'info', text: 'Nothing to check.' } });
          return;
        }
        dispatch({ type: 'checkStart', ids: list });
        dispatch({
          type: 'status',
          status: { tone: 'info', text: `Checking ${list.length === 1 ? '1 account' : `${list.length} accounts`}…` },
        });
        service
          .check(ids === 'all' ? 'all' : list, (id, result) => {
            pending.current.push([id, result]);
            flushTimer.current ??= setTimeout(flush, RESULT_FLUSH_MS);
          })
          .then(
            (results) => {
              flush();
              dispatch({ type: 'checkEnd', ids: list });
              reload();
              dispatch({ type: 'status', status: { tone: 'info', text: summarizeChecks(results) } });
            },
            (error: unknown) => {
              flush();
              dispatch({ type: 'checkEnd', ids: list });
              dispatch({ type: 'status', status: errorStatus(error) });
            },
          );
      },
      use(id) {
        service.use(id).then(
          ({ account, warning }) => {
            reload();
            dispatch({
              type: 'status',
              status: warning
                ? { tone: 'warning', text: `${account.ref} is now active, but ${warning}.` }
                : {
                    tone: 'success',
                    text: `${account.ref} is now the active ${account.provider} ${account.kind} account.`,
                  },
            });
          },
          (error: unknown) => dispatch({ type: 'status', status: errorStatus(error) }),
        );
      },
      notify(status) {
        dispatch({ type: 'status', status });
      },
      focus(id) {
        dispatch({ type: 'focus', id });
      },
    };
  }, [service, dispatch, latest]);

  useEffect(() => service.subscribe(commands.reload), [service, commands]);
  useEffect(() => () => clearTimeout(flushTimer.current), []);

  const byId = useMemo(() => new Map(state.snapshot.accounts.map((a) => [a.id, a])), [state.snapshot]);
  return useMemo(() => ({ state, commands, account: (id: string) => byId.get(id) }), [state, commands, byId]);
}
