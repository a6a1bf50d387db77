import { Box, Text } from 'ink';
import { useEffect } from 'react';
import type { AccountView } from '../../app/accounts.js';
import type { ProviderInfo } from '../../app/service.js';
import { typedEndpointProblem } from '../../core/validate.js';
import { KeyHints } from '../components/KeyHints.js';
import { Message } from '../components/Message.js';
import { Spinner } from '../components/Spinner.js';
import { TextField } from '../components/TextField.js';
import { Title } from '../components/Title.js';
import { useService, useTheme } from '../context.js';
import { type Failure, failureOf } from '../failure.js';
import { endpointTitle } from '../hooks/use-add-flow.js';
import { useDeckContext } from '../hooks/use-deck.js';
import { useEagerReducer } from '../hooks/use-eager-reducer.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { useNavigation } from '../hooks/use-router.js';
import { type Caret, caretBack, editField } from '../hooks/use-text-field.js';
import type { KeyPress } from '../key-press.js';
import { FIELD_KEYS, resolveKey } from '../keymap.js';

/** Props of {@link EndpointsScreen}. */
export interface EndpointsScreenProps {
  accountId: string;
}

/** The endpoint editor's state: one field per endpoint of the provider. */
export interface EndpointsState {
  names: string[];
  /** What each empty field stands for (empty: no default, the field is required). */
  defaults: Record<string, string>;
  values: Record<string, string>;
  focus: number;
  /** The cursor of the focused field (null: at the end of each). */
  caret: Caret | null;
  error: string | null;
  /** `loading`: a deck account's overrides are being read from its entry (a listing decrypts nothing). */
  step: 'loading' | 'edit' | 'saving';
  /** Set when Enter on the last field saves; `seq` starts the effect. */
  request: { seq: number; endpoints: Record<string, string> } | null;
  failure: Failure | null;
}

/** What can happen while editing. */
export type EndpointsAction =
  | { type: 'key'; press: KeyPress }
  | { type: 'loaded'; endpoints: Record<string, string> }
  | { type: 'failed'; message: string; hint: string | null };

/** The editor over an account's overrides (empty: the provider's default). */
export function initEndpoints(account: AccountView | undefined, provider: ProviderInfo | undefined): EndpointsState {
  const names = Object.keys(provider?.endpoints ?? {});
  const values = Object.fromEntries(names.map((n) => [n, account?.endpoints[n] ?? '']));
  // The first field the account cannot do without (Bearer's who-am-I URL), else the first.
  const missing = names.findIndex((n) => provider?.endpoints[n] === '' && !values[n]);
  return {
    names,
    defaults: { ...provider?.endpoints },
    values,
    focus: Math.max(0, missing),
    caret: null,
    error: null,
    step: account?.deck ? 'loading' : 'edit',
    request: null,
    failure: null,
  };
}

/** Why the URL of the field at `index` is refused, or null. */
function problemOf(state: EndpointsState, index: number): string | null {
  const name = state.names[index]!;
  return typedEndpointProblem(state.values[name] ?? '', endpointTitle(name), state.defaults[name] === '');
}

/** The editor's reducer. */
export function endpointsReducer(state: EndpointsState, action: EndpointsAction): EndpointsState {
  if (action.type === 'failed')
    return { ...state, step: 'edit', request: null, failure: { message: action.message, hint: action.hint } };
  if (action.type === 'loaded') {
    if (state.step !== 'loading') return state;
    const values = Object.fromEntries(state.names.map((n) => [n, action.endpoints[n] ?? '']));
    const missing = state.names.findIndex((n) => state.defaults[n] === '' && !values[n]);
    return { ...state, step: 'edit', values, focus: Math.max(0, missing) };
  }
  if (state.step !== 'edit') return state;
  const { press } = action;
  const name = state.names[state.focus];
  if (name === undefined) return state;
  const value = state.values[name] ?? '';
  const edited = editField(
    value,
    state.caret,
    name,
    press.kind === 'text' ? { ...press, text: press.text.replace(/[\r\n\t]/g, '') } : press,
  );
  if (edited !== null) {
    const error = edited.value === value ? state.error : null;
    return { ...state, values: { ...state.values, [name]: edited.value }, caret: edited.caret, error };
  }
  const key = resolveKey(FIELD_KEYS, press);
  if (key === 'next' || key === 'previous') {
    const n = state.names.length;
    return { ...state, focus: (state.focus + (key === 'next' ? 1 : n - 1)) % n, error: null };
  }
  if (key !== 'submit') return state;
  const problem = problemOf(state, state.focus);
  if (problem) return { ...state, error: problem };
  if (state.focus < state.names.length - 1) return { ...state, focus: state.focus + 1, error: null };
  for (let i = 0; i < state.names.length; i++) {
    const wrong = problemOf(state, i);
    if (wrong) return { ...state, focus: i, error: wrong };
  }
  const endpoints = Object.fromEntries(state.names.map((n) => [n, (state.values[n] ?? '').trim()]));
  return { ...state, step: 'saving', failure: null, request: { seq: (state.request?.seq ?? 0) + 1, endpoints } };
}

/** Set an account's endpoint URLs (Bearer's who-am-I URL, a self-hosted API), then check it there. */
export function EndpointsScreen({ accountId }: EndpointsScreenProps) {
  const theme = useTheme();
  const deck = useDeckContext();
  const service = useService();
  const nav = useNavigation();
  const account = deck.account(accountId);
  const provider = service.providers.find((p) => p.id === account?.provider);
  const [state, dispatch, latest] = useEagerReducer(endpointsReducer, () => initEndpoints(account, provider));
  const loading = state.step === 'loading';
  useEffect(() => {
    if (!loading) return;
    let live = true;
    service.readEndpoints(accountId).then(
      (endpoints) => {
        if (live) dispatch({ type: 'loaded', endpoints });
      },
      (error: unknown) => {
        if (live)
          dispatch({
            type: 'failed',
            ...failureOf(error),
          });
      },
    );
    return () => {
      live = false;
    };
  }, [loading, accountId, service, dispatch]);
  const request = state.request;
  useEffect(() => {
    if (!request) return;
    service.setEndpoints(accountId, request.endpoints).then(
      (view) => {
        deck.commands.reload();
        nav.pop();
        deck.commands.notify({ tone: 'success', text: `Saved the endpoints of ${view.ref}; checking it there…` });
        deck.commands.check([accountId]);
      },
      (error: unknown) =>
        dispatch({
          type: 'failed',
          ...failureOf(error),
        }),
    );
  }, [request, accountId, service, deck.commands, nav, dispatch]);
  useKeyOwner({
    mode: () => 'text',
    handle(press: KeyPress) {
      if (press.kind === 'key' && press.name === 'escape') return false;
      if (latest.current.step !== 'edit') return true;
      dispatch({ type: 'key', press });
      return true;
    },
  });
  const last = state.focus === state.names.length - 1;
  return (
    <Box flexDirection="column">
      <Title>{`Endpoints · ${account?.ref ?? accountId}`}</Title>
      <Box marginTop={1} flexDirection="column">
        {state.names.length === 0 ? (
          <Text>{`${provider?.title ?? 'This service'} has no endpoints to set.`}</Text>
        ) : (
          state.names.map((name, i) => (
            <Box key={name} flexDirection="column">
              <TextField
                label={endpointTitle(name)}
                value={state.values[name] ?? ''}
                back={caretBack(state.values[name] ?? '', state.caret, name)}
                focused={state.step === 'edit' && i === state.focus}
                placeholder={state.defaults[name] ? 'default' : 'required'}
                error={i === state.focus ? state.error : null}
              />
              {i === state.focus && state.defaults[name] ? (
                <Text color={theme.muted} wrap="truncate-middle">{`    default ${state.defaults[name]}`}</Text>
              ) : null}
            </Box>
          ))
        )}
        <Text color={theme.muted}>Empty is the default. A secret is sent only over https, or http to loopback.</Text>
        {state.step === 'loading' ? <Spinner label={`Reading the entry in the deck ${account?.deck}…`} /> : null}
        {state.step === 'saving' ? <Spinner label="Saving…" /> : null}
        {state.failure ? (
          <Message tone="error" hint={state.failure.hint}>
            {state.failure.message}
          </Message>
        ) : null}
      </Box>
      <Box marginTop={1}>
        <KeyHints
          bindings={[]}
          extra={[
            { keys: 'Tab', hint: 'next field' },
            { keys: 'Enter', hint: last ? 'save and check' : 'next' },
            { keys: 'Esc', hint: 'cancel', keep: true },
          ]}
        />
      </Box>
    </Box>
  );
}
