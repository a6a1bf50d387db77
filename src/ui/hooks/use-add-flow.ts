/**
 * The add/paste flow and the onboarding, as one reducer: pick the provider (and the kind, for
 * Nuclia), a label, the KB URL for a KB key, then the masked token; then the check, and who the
 * token belongs to or why it was refused. Onboarding is the same road with a welcome, the page where
 * tokens are made, and what to do next. Keys are interpreted by the reducer itself, so type-ahead and
 * paste chunks land in order; the one piece of I/O (checking and storing) runs in the hook's effect.
 */
import { useEffect, useRef } from 'react';
import type { AddRequest, AddResult, ProviderInfo } from '../../app/service.js';
import { ExitCode } from '../../core/errors.js';
import { LABEL_PATTERN } from '../../core/labels.js';
import { accountRef } from '../../core/references.js';
import { MAX_SECRET_BYTES, sanitizeSecret, TOO_SHORT_REASON } from '../../core/secret-input.js';
import { parseKbUrl, typedEndpointProblem } from '../../core/validate.js';
import type { CredentialKind, ProviderId } from '../../core/vocabulary.js';
import { useService } from '../context.js';
import { failureOf } from '../failure.js';
import type { KeyPress } from '../key-press.js';
import { FIELD_KEYS, PICKER_KEYS, resolveKey } from '../keymap.js';
import { useDeckContext } from './use-deck.js';
import { useEagerReducer } from './use-eager-reducer.js';
import type { KeyMode } from './use-key-router.js';
import { initPicker, movePicker, type PickerState } from './use-picker.js';
import type { AddPreset } from './use-router.js';
import { type Caret, editField, editText } from './use-text-field.js';

/** The steps of the flow. */
export type AddStep =
  | 'welcome'
  | 'provider'
  | 'kind'
  | 'where'
  | 'label'
  /** The label is taken: replace that account's secret, or choose another label (asked before the token). */
  | 'taken'
  /** An endpoint the provider has no default for (Bearer's who-am-I URL). */
  | 'endpoint'
  | 'url'
  | 'token'
  | 'checking'
  | 'stored'
  | 'refused';

/** Steps where printable keys are text. */
const TEXT_STEPS: ReadonlySet<AddStep> = new Set(['label', 'endpoint', 'url', 'token']);

/** What a taken label offers. */
export const TAKEN_CHOICES = [
  { key: 'replace', label: 'Replace its secret (it keeps its id and active state)' },
  { key: 'another', label: 'Choose another label' },
] as const;

/** What a check that could not reach the service offers. */
export const UNREACHABLE_CHOICES = [
  { key: 'unchecked', label: 'Store it without a check (health: unchecked)' },
  { key: 'retry', label: 'Try the check again' },
  { key: 'another', label: 'Paste another token' },
] as const;

/** How many choices a picker shows at once. */
export const PICKER_HEIGHT = 8;

/** Why an add did not store anything. */
export interface Refusal {
  message: string;
  hint: string | null;
  /** The service could not be reached: the token may be fine, so it can be stored unchecked. */
  unreachable?: boolean;
}

/** The flow's state. */
export interface AddFlowState {
  mode: 'add' | 'onboarding';
  providers: readonly ProviderInfo[];
  step: AddStep;
  /** The steps behind the current one, for Esc. */
  history: AddStep[];
  providerPicker: PickerState;
  kindPicker: PickerState;
  provider: ProviderInfo | null;
  kind: CredentialKind | null;
  label: string;
  url: string;
  /** The raw token input, exactly as it arrived (cleaned when submitted). */
  token: string;
  /** The URL of {@link requiredEndpoint}, as typed. */
  endpoint: string;
  /** The cursor of the label, endpoint or URL field (null: at the end of each). */
  caret: Caret | null;
  /** Swap the secret of the account with this label (preset, or chosen when the label was taken). */
  replace: boolean;
  /** The references of the accounts stored (as `accountRef` makes them), to ask before the token is pasted. */
  taken: ReadonlySet<string>;
  /** The highlighted choice of `taken`, and of a refusal that offers choices. */
  choice: PickerState;
  /** Why the current field's value is refused, shown inline. */
  error: string | null;
  preset: AddPreset;
  /** The request being checked and stored; `seq` starts the effect. */
  request: { seq: number; body: AddRequest } | null;
  /** What the last request asked, so a refusal can be retried or stored unchecked. */
  asked: AddRequest | null;
  result: Extract<AddResult, { stored: true }> | null;
  refusal: Refusal | null;
}

/** What can happen in the flow. */
export type AddFlowAction =
  | { type: 'key'; press: KeyPress }
  | { type: 'stored'; result: Extract<AddResult, { stored: true }> }
  | { type: 'refused'; refusal: Refusal };

/** The flow at its start: onboarding welcomes; a preset provider goes straight to the token field. */
export function initAddFlow(
  mode: 'add' | 'onboarding',
  providers: readonly ProviderInfo[],
  preset: AddPreset = {},
  taken: ReadonlySet<string> = new Set(),
): AddFlowState {
  const provider = preset.provider ? (providers.find((p) => p.id === preset.provider) ?? null) : null;
  const kind = provider ? (preset.kind ?? provider.kinds[0] ?? 'user') : null;
  const state: AddFlowState = {
    mode,
    providers,
    step: 'provider',
    history: [],
    providerPicker: initPicker(Math.max(0, provider ? providers.indexOf(provider) : 0)),
    kindPicker: initPicker(provider && kind ? provider.kinds.indexOf(kind) : 0),
    provider,
    kind,
    label: preset.label ?? '',
    url: preset.url ?? '',
    token: '',
    endpoint: '',
    caret: null,
    replace: preset.replace ?? false,
    taken,
    choice: initPicker(0),
    error: null,
    preset,
    request: null,
    asked: null,
    result: null,
    refusal: null,
  };
  if (mode === 'onboarding') return { ...state, step: 'welcome' };
  if (provider && kind) {
    // `authdeck add <provider>`: the cursor starts in the token field (or the URL it still needs).
    // `authdeck add <provider> --label <taken>`: asked now, before the token, as on the screen.
    if (preset.label && !state.replace && labelTaken(state, preset.label)) return { ...state, step: 'taken' };
    const step = requiredEndpoint(state) ? 'endpoint' : kind === 'kb' && !preset.url ? 'url' : 'token';
    return { ...state, step };
  }
  return state;
}

/** Whether printable keys are text in the current step. */
export function addFlowMode(state: AddFlowState): KeyMode {
  return TEXT_STEPS.has(state.step) ? 'text' : 'command';
}

/** Whether the flow takes this press (Esc on its first step, and q/? outside fields, go to the root). */
export function addFlowTakes(state: AddFlowState, press: KeyPress): boolean {
  if (press.kind === 'key' && press.name === 'escape') {
    return state.history.length > 0 || state.step === 'refused' || state.step === 'checking';
  }
  if (TEXT_STEPS.has(state.step)) return true;
  if (state.step === 'provider' || state.step === 'kind' || addFlowChoices(state) !== null)
    return resolveKey(PICKER_KEYS, press) !== null;
  if (state.step === 'checking') return false;
  return press.kind === 'key' && press.name === 'return';
}

/**
 * The endpoint this provider has no URL for and the person has not given (Bearer's `whoami`): asked
 * for in the flow, since without it the token can never be checked. Null when none is missing.
 */
export function requiredEndpoint(state: Pick<AddFlowState, 'provider' | 'preset'>): string | null {
  const endpoints = state.provider?.endpoints ?? {};
  return Object.keys(endpoints).find((name) => endpoints[name] === '' && !state.preset.endpoints?.[name]) ?? null;
}

/** How a field names an endpoint: `who-am-I URL`, `api URL`. */
export function endpointTitle(name: string): string {
  return name === 'whoami' ? 'who-am-I URL' : `${name} URL`;
}

/** The choices the current step offers, if it is a question (a taken label, an unreachable service). */
export function addFlowChoices(state: AddFlowState): typeof TAKEN_CHOICES | typeof UNREACHABLE_CHOICES | null {
  if (state.step === 'taken') return TAKEN_CHOICES;
  if (state.step === 'refused' && state.refusal?.unreachable && state.asked) return UNREACHABLE_CHOICES;
  return null;
}

/** The steps of the road the person is on, in order, for the provider and kind chosen so far. */
export function stepsOf(state: AddFlowState): AddStep[] {
  const kinds = state.provider?.kinds.length ?? 1;
  const needsKind = kinds > 1 && !(state.preset.provider && state.preset.kind);
  const kb = state.kind === 'kb';
  const endpoint = requiredEndpoint(state) ? ['endpoint' as const] : [];
  if (state.mode === 'onboarding') {
    return [
      'welcome',
      'provider',
      ...(needsKind ? ['kind' as const] : []),
      'where',
      ...endpoint,
      ...(kb ? ['url' as const] : []),
      'token',
    ];
  }
  return [
    'provider',
    ...(needsKind ? ['kind' as const] : []),
    'label',
    ...endpoint,
    ...(kb ? ['url' as const] : []),
    'token',
  ];
}

/** The step after `from` (the current step unless said), with the current step in the history. */
function forward(state: AddFlowState, from: AddStep = state.step): AddFlowState {
  const steps = stepsOf(state);
  const next = steps[steps.indexOf(from) + 1];
  if (!next) return state;
  return { ...state, step: next, history: [...state.history, state.step], error: null };
}

/** Whether `label` is already the label of an account of the chosen provider and kind, where it is going. */
function labelTaken(state: AddFlowState, label: string): boolean {
  return (
    label !== '' &&
    state.taken.has(
      accountRef({
        deck: state.preset.deck ?? null,
        provider: (state.provider?.id ?? '') as ProviderId,
        kind: (state.kind ?? '') as CredentialKind,
        label,
      }),
    )
  );
}

function back(state: AddFlowState): AddFlowState {
  const previous = state.history.at(-1);
  if (!previous) return state;
  return { ...state, step: previous, history: state.history.slice(0, -1), error: null };
}

/** The add-flow reducer. */
export function addFlowReducer(state: AddFlowState, action: AddFlowAction): AddFlowState {
  switch (action.type) {
    case 'stored':
      return { ...state, step: 'stored', result: action.result, request: null };
    case 'refused':
      return { ...state, step: 'refused', refusal: action.refusal, request: null, choice: initPicker(0) };
    case 'key':
      return onKey(state, action.press);
  }
}

function onKey(state: AddFlowState, press: KeyPress): AddFlowState {
  const isEscape = press.kind === 'key' && press.name === 'escape';
  const isEnter = press.kind === 'key' && press.name === 'return';
  switch (state.step) {
    case 'welcome':
    case 'where':
      return isEnter ? forward(state) : isEscape ? back(state) : state;
    case 'provider': {
      if (isEscape) return back(state);
      const action = resolveKey(PICKER_KEYS, press);
      if (action === null) return state;
      if (action !== 'choose') {
        return {
          ...state,
          providerPicker: movePicker(state.providerPicker, action, state.providers.length, PICKER_HEIGHT),
        };
      }
      const provider = state.providers[state.providerPicker.index] ?? null;
      if (!provider) return state;
      const kind = provider.id === state.provider?.id && state.kind ? state.kind : (provider.kinds[0] ?? 'user');
      return forward({ ...state, provider, kind, kindPicker: initPicker(provider.kinds.indexOf(kind)) });
    }
    case 'kind': {
      if (isEscape) return back(state);
      const kinds = state.provider?.kinds ?? [];
      const action = resolveKey(PICKER_KEYS, press);
      if (action === null) return state;
      if (action !== 'choose')
        return { ...state, kindPicker: movePicker(state.kindPicker, action, kinds.length, PICKER_HEIGHT) };
      return forward({ ...state, kind: kinds[state.kindPicker.index] ?? state.kind });
    }
    case 'label': {
      const next = onField(state, press, 'label', (value) =>
        value === '' || LABEL_PATTERN.test(value) ? null : 'use 1–64 characters of A–Z a–z 0–9 . _ @ -',
      );
      // A taken label is asked about now, before the token is pasted, not refused after.
      const leaving = next.step !== 'label' && next.history.length > state.history.length;
      if (leaving && !state.replace && labelTaken(state, next.label)) {
        return {
          ...state,
          label: next.label,
          step: 'taken',
          history: [...state.history, 'label'],
          choice: initPicker(0),
        };
      }
      // Another label: no longer a replacement (unless `--replace` asked for one).
      return leaving && state.replace && !state.preset.replace ? { ...next, replace: false } : next;
    }
    case 'taken': {
      if (isEscape) return back(state);
      const action = resolveKey(PICKER_KEYS, press);
      if (action === null) return state;
      if (action !== 'choose')
        return { ...state, choice: movePicker(state.choice, action, TAKEN_CHOICES.length, TAKEN_CHOICES.length) };
      if (TAKEN_CHOICES[state.choice.index]?.key === 'another')
        return state.history.length > 0 ? back(state) : { ...state, step: 'label', error: null };
      return forward({ ...state, replace: true }, 'label');
    }
    case 'endpoint':
      return onField(state, press, 'endpoint', (value) => {
        return typedEndpointProblem(value, endpointTitle(requiredEndpoint(state) ?? 'endpoint'), true);
      });
    case 'url':
      return onField(state, press, 'url', (value) => {
        try {
          parseKbUrl(value.trim());
          return null;
        } catch (error) {
          return (error as Error).message;
        }
      });
    case 'token':
      return onToken(state, press);
    case 'checking':
      return state;
    case 'stored':
      return state;
    case 'refused': {
      const anotherToken = { ...state, step: 'token' as const, token: '', error: null, refusal: null };
      if (isEscape) return anotherToken;
      if (!addFlowChoices(state) || !state.asked) return isEnter ? anotherToken : state;
      const action = resolveKey(PICKER_KEYS, press);
      if (action === null) return state;
      if (action !== 'choose') {
        return {
          ...state,
          choice: movePicker(state.choice, action, UNREACHABLE_CHOICES.length, UNREACHABLE_CHOICES.length),
        };
      }
      const chosen = UNREACHABLE_CHOICES[state.choice.index]?.key;
      if (chosen === 'another') return anotherToken;
      const body = chosen === 'unchecked' ? { ...state.asked, check: false } : state.asked;
      return { ...state, step: 'checking', refusal: null, request: { seq: (state.request?.seq ?? 0) + 1, body } };
    }
  }
}

/** A plain field: edits, Enter validates and moves on, Esc goes back. */
function onField(
  state: AddFlowState,
  press: KeyPress,
  field: 'label' | 'endpoint' | 'url',
  validate: (value: string) => string | null,
): AddFlowState {
  const edited = editField(
    state[field],
    state.caret,
    field,
    press.kind === 'text' ? { ...press, text: oneLine(press.text) } : press,
  );
  if (edited !== null) {
    const error = edited.value === state[field] ? state.error : null;
    return { ...state, [field]: edited.value, caret: edited.caret, error };
  }
  const action = resolveKey(FIELD_KEYS, press);
  if (press.kind === 'key' && press.name === 'escape') return back(state);
  if (action === 'submit' || action === 'next') {
    const error = validate(state[field]);
    return error ? { ...state, error } : forward({ ...state, [field]: state[field].trim() });
  }
  if (action === 'previous') return back(state);
  return state;
}

/** The token field: every chunk appended to the latest value; Enter cleans it and starts the check. */
function onToken(state: AddFlowState, press: KeyPress): AddFlowState {
  let edited = editText(state.token, press);
  // Bounded like every input: past 16 KiB + 1 the rest of a paste is dropped (the live reason says why).
  if (edited !== null && edited.length > MAX_SECRET_BYTES + 1) edited = edited.slice(0, MAX_SECRET_BYTES + 1);
  if (edited !== null) return { ...state, token: edited, error: liveReason(edited) };
  if (press.kind === 'key' && press.name === 'escape') return back(state);
  if (resolveKey(FIELD_KEYS, press) !== 'submit') return state;
  const cleaned = sanitizeSecret(state.token);
  if (!cleaned.ok) return { ...state, error: cleaned.reason };
  const { provider, kind } = state;
  if (!provider || !kind) return state;
  const endpoint = requiredEndpoint(state);
  const endpoints = endpoint
    ? { ...state.preset.endpoints, [endpoint]: state.endpoint.trim() }
    : state.preset.endpoints;
  const body: AddRequest = {
    provider: provider.id,
    kind,
    secret: cleaned.secret,
    label: state.label.trim() || undefined,
    url: kind === 'kb' ? state.url.trim() : undefined,
    endpoints,
    check: state.preset.check,
    replace: state.replace || undefined,
    storage: state.preset.storage,
    deck: state.preset.deck,
  };
  return {
    ...state,
    step: 'checking',
    error: null,
    asked: body,
    choice: initPicker(0),
    request: { seq: (state.request?.seq ?? 0) + 1, body },
  };
}

/** The inline reason while typing: everything `sanitizeSecret` would refuse, except "empty" and "too short" (still typing). */
export function liveReason(value: string): string | null {
  if (value.trim() === '') return null;
  const cleaned = sanitizeSecret(value);
  return cleaned.ok || cleaned.reason === TOO_SHORT_REASON ? null : cleaned.reason;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]/g, '');
}

/** The flow's state, key handling and the check-and-store effect. */
export function useAddFlow(mode: 'add' | 'onboarding', preset: AddPreset = {}) {
  const service = useService();
  const deck = useDeckContext();
  const [state, dispatch, latest] = useEagerReducer(addFlowReducer, () =>
    initAddFlow(mode, service.providers, preset, new Set(deck.state.snapshot.accounts.map((a) => a.ref))),
  );
  const controller = useRef<AbortController | null>(null);

  const request = state.request;
  useEffect(() => {
    if (!request) return;
    const abort = new AbortController();
    controller.current = abort;
    service.add({ ...request.body, signal: abort.signal }).then(
      (result) => {
        if (abort.signal.aborted) return;
        if (result.stored) dispatch({ type: 'stored', result });
        else
          dispatch({
            type: 'refused',
            refusal: { message: result.message, hint: result.hint, unreachable: result.code === ExitCode.unreachable },
          });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        dispatch({
          type: 'refused',
          refusal: {
            ...failureOf(error),
            unreachable: (error as { code?: number }).code === ExitCode.unreachable,
          },
        });
      },
    );
  }, [request, service, dispatch]);
  // Leaving the screen (Esc, Ctrl+C) while the check runs must store nothing.
  useEffect(() => () => controller.current?.abort(), []);

  return {
    state,
    /** The latest state, for key handlers. */
    latest,
    owner: {
      mode: () => addFlowMode(latest.current),
      handle(press: KeyPress): boolean {
        if (!addFlowTakes(latest.current, press)) return false;
        dispatch({ type: 'key', press });
        return true;
      },
    },
  };
}
