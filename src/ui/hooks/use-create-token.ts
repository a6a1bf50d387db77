/**
 * Create a personal token (Nuclia, Platform.sh, Upsun): description and days → the new token, shown
 * once → store it as an account (and make it active) or not. Web-only services get an explanation
 * and their token page instead.
 */
import { useStdout } from 'ink';
import { useEffect, useRef } from 'react';
import type { AccountView } from '../../app/accounts.js';
import type { ProviderInfo } from '../../app/service.js';
import type { CreatedToken } from '../../core/adapter.js';
import { LABEL_PATTERN } from '../../core/labels.js';
import { parseInRange, RANGES } from '../../core/numbers.js';
import { useService } from '../context.js';
import { type Failure, failureOf } from '../failure.js';
import type { KeyPress } from '../key-press.js';
import { CREATED_KEYS, FIELD_KEYS, PICKER_KEYS, resolveKey } from '../keymap.js';
import { holdUnbroken } from '../unbroken.js';
import { useDeckContext } from './use-deck.js';
import { useEagerReducer } from './use-eager-reducer.js';
import type { KeyMode } from './use-key-router.js';
import { initPicker, movePicker, type PickerState } from './use-picker.js';
import { type Caret, editField } from './use-text-field.js';

/** The steps of creating a token. */
export type CreateStep =
  | 'noAccount'
  | 'webOnly'
  | 'form'
  | 'creating'
  | 'created'
  /** Esc on a token not stored yet: asked what to do, since it is live on the service and shown once. */
  | 'leaving'
  | 'storing'
  | 'revoking'
  | 'done'
  | 'failed';

/** What to do with the token just created. */
export const STORE_CHOICES = [
  { key: 'activate', label: 'Store it as an account and make it active' },
  { key: 'store', label: 'Store it as an account' },
  { key: 'skip', label: 'Do not store it' },
] as const;

/** What Esc on a token not stored yet offers; the default goes back to the token, so a second Esc loses nothing. */
export const LEAVE_CHOICES = [
  { key: 'back', label: 'Go back to the token' },
  { key: 'store', label: 'Store it as an account' },
  { key: 'discard', label: 'Discard it' },
  { key: 'revoke', label: 'Revoke it now' },
] as const;

/** The fields of the form, in order. */
export type CreateField = 'description' | 'days' | 'label';

/** The create-token state. */
export interface CreateTokenState {
  step: CreateStep;
  /** The field with the keys on the form. */
  focus: CreateField;
  description: string;
  days: string;
  /** The label of the account it is stored as; empty: the default rule. */
  label: string;
  /** The cursor of the focused field (null: at the end of each). */
  caret: Caret | null;
  /** Whether the service's tokens expire (Platform.sh and Upsun API tokens do not). */
  expires: boolean;
  error: string | null;
  /** What `creating` is making. */
  request: { description: string; days: number } | null;
  /** The new token: held only while this screen is open. */
  created: CreatedToken | null;
  choice: PickerState;
  /** The highlighted choice of `leaving`. */
  leave: PickerState;
  /** True once the token was revoked on the service (then there is nothing to store). */
  revoked: boolean;
  /** What `storing` is storing. */
  storeRequest: { activate: boolean } | null;
  /** Set while `revoking` revokes the token just created. */
  revokeRequest: { seq: number } | null;
  stored: AccountView | null;
  failure: Failure | null;
  /** How many times the token was sent to the clipboard (each one is a request to the terminal). */
  copies: number;
}

/** What can happen while creating a token. */
export type CreateTokenAction =
  | { type: 'key'; press: KeyPress }
  | { type: 'created'; token: CreatedToken }
  | { type: 'stored'; account: AccountView }
  | { type: 'revoked' }
  | { type: 'failed'; message: string; hint: string | null };

/** The terminal sequence that puts `text` on the system clipboard (OSC 52), as tmux, iTerm2, kitty and xterm read it. */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}

/** What an empty description field stands for. */
export const DEFAULT_DESCRIPTION = 'authdeck';
/** What an empty days field stands for. */
export const DEFAULT_DAYS = '90';

/** The screen's first step for an account (or none) of a provider. */
export function initCreateToken(account: AccountView | null, provider: ProviderInfo | null): CreateTokenState {
  const base: CreateTokenState = {
    step: 'form',
    focus: 'description',
    // Empty, with the defaults shown as placeholders: typing starts a new value instead of appending.
    description: '',
    days: '',
    label: '',
    caret: null,
    expires: provider?.tokens?.expires ?? true,
    error: null,
    request: null,
    created: null,
    choice: initPicker(0),
    leave: initPicker(0),
    revoked: false,
    storeRequest: null,
    revokeRequest: null,
    stored: null,
    failure: null,
    copies: 0,
  };
  if (!account || !provider) return { ...base, step: 'noAccount' };
  if (!provider.tokens || account.kind !== 'user') return { ...base, step: 'webOnly' };
  return base;
}

/** Whether the screen has nothing more to do (Enter leaves it, like Esc). */
export function createTokenFinished(state: CreateTokenState): boolean {
  return state.step === 'done' || state.step === 'webOnly' || state.step === 'noAccount';
}

/** Whether printable keys are text now. */
export function createTokenMode(state: CreateTokenState): KeyMode {
  return state.step === 'form' ? 'text' : 'command';
}

/** The form's fields, in order: days only where tokens expire. */
export function createFields(state: CreateTokenState): CreateField[] {
  return state.expires ? ['description', 'days', 'label'] : ['description', 'label'];
}

/** Whether Enter on the focused field creates the token (last field) or moves on. */
export function enterCreates(state: CreateTokenState): boolean {
  return createFields(state).at(-1) === state.focus;
}

/** Whether the screen takes the press (else Esc, q and ? go to the root). */
export function createTokenTakes(state: CreateTokenState, press: KeyPress): boolean {
  const isEscape = press.kind === 'key' && press.name === 'escape';
  switch (state.step) {
    case 'form':
      return !isEscape;
    case 'created':
    case 'leaving':
      return isEscape || resolveKey(PICKER_KEYS, press) !== null || resolveKey(CREATED_KEYS, press) !== null;
    case 'failed':
      return press.kind === 'key' && press.name === 'return';
    case 'creating':
    case 'storing':
    case 'revoking':
      // The token exists once `creating` ends: leaving now would lose it unseen.
      return isEscape;
    default:
      return false;
  }
}

/** The create-token reducer. */
export function createTokenReducer(state: CreateTokenState, action: CreateTokenAction): CreateTokenState {
  switch (action.type) {
    case 'created':
      return { ...state, step: 'created', created: action.token, request: null };
    case 'stored':
      return { ...state, step: 'done', stored: action.account, storeRequest: null };
    case 'revoked':
      return { ...state, step: 'done', revoked: true, revokeRequest: null };
    case 'failed':
      // A failed store keeps the token on screen, so it can still be copied.
      return state.created
        ? {
            ...state,
            step: 'created',
            storeRequest: null,
            revokeRequest: null,
            failure: { message: action.message, hint: action.hint },
          }
        : { ...state, step: 'failed', request: null, failure: { message: action.message, hint: action.hint } };
    case 'key':
      return onKey(state, action.press);
  }
}

function onKey(state: CreateTokenState, press: KeyPress): CreateTokenState {
  const isEnter = press.kind === 'key' && press.name === 'return';
  switch (state.step) {
    case 'form':
      return onForm(state, press);
    case 'failed':
      return isEnter ? { ...state, step: 'form', failure: null } : state;
    case 'leaving': {
      if (press.kind === 'key' && press.name === 'escape') return { ...state, step: 'created' };
      if (resolveKey(CREATED_KEYS, press) === 'copy') return { ...state, copies: state.copies + 1 };
      const action = resolveKey(PICKER_KEYS, press);
      if (action === null) return state;
      if (action !== 'choose') return { ...state, leave: movePicker(state.leave, action, LEAVE_CHOICES.length, 4) };
      switch (LEAVE_CHOICES[state.leave.index]!.key) {
        case 'back':
          return { ...state, step: 'created' };
        case 'store':
          return { ...state, step: 'storing', failure: null, storeRequest: { activate: false } };
        case 'discard':
          return { ...state, step: 'done' };
        case 'revoke':
          return { ...state, step: 'revoking', failure: null, revokeRequest: { seq: state.copies + 1 } };
      }
      return state;
    }
    case 'created': {
      // The token is live on the service and shown only now: Esc asks rather than drops it.
      if (press.kind === 'key' && press.name === 'escape') return { ...state, step: 'leaving', leave: initPicker(0) };
      if (resolveKey(CREATED_KEYS, press) === 'copy') return { ...state, copies: state.copies + 1 };
      const action = resolveKey(PICKER_KEYS, press);
      if (action === null) return state;
      if (action !== 'choose') return { ...state, choice: movePicker(state.choice, action, STORE_CHOICES.length, 3) };
      const chosen = STORE_CHOICES[state.choice.index]!.key;
      if (chosen === 'skip') return { ...state, step: 'done' };
      return { ...state, step: 'storing', failure: null, storeRequest: { activate: chosen === 'activate' } };
    }
    default:
      return state;
  }
}

function onForm(state: CreateTokenState, press: KeyPress): CreateTokenState {
  const field = state.focus;
  const edited = editField(
    state[field],
    state.caret,
    field,
    press.kind === 'text' ? { ...press, text: press.text.replace(/[\r\n\t]/g, '') } : press,
  );
  if (edited !== null) {
    const error = edited.value === state[field] ? state.error : null;
    return { ...state, [field]: edited.value, caret: edited.caret, error };
  }
  const action = resolveKey(FIELD_KEYS, press);
  const hasDays = state.expires;
  const fields = createFields(state);
  const at = fields.indexOf(field);
  if (action === 'next' || action === 'previous') {
    const to = (at + (action === 'next' ? 1 : fields.length - 1)) % fields.length;
    return { ...state, focus: fields[to]!, error: null };
  }
  if (action !== 'submit') return state;
  const days = parseInRange(state.days.trim() || DEFAULT_DAYS, RANGES.tokenDays) ?? Number.NaN;
  const daysWrong = hasDays && Number.isNaN(days);
  // A wrong number of days is said as Enter leaves its field, not only at the end.
  if (daysWrong && (field === 'days' || enterCreates(state))) {
    return {
      ...state,
      focus: 'days',
      error: `days must be a whole number from ${RANGES.tokenDays.min} to ${RANGES.tokenDays.max}`,
    };
  }
  if (!enterCreates(state)) return { ...state, focus: fields[at + 1]!, error: null };
  const description = state.description.trim() || DEFAULT_DESCRIPTION;
  const label = state.label.trim();
  if (label !== '' && !LABEL_PATTERN.test(label)) {
    return { ...state, focus: 'label', error: 'use 1–64 characters of A–Z a–z 0–9 . _ @ -' };
  }
  return { ...state, step: 'creating', error: null, request: { description, days: hasDays ? days : 90 } };
}

/** The create-token state, its keys and its two pieces of I/O (create, then store). */
export function useCreateToken(accountId: string | null) {
  const service = useService();
  const deck = useDeckContext();
  const account = accountId ? (deck.account(accountId) ?? null) : null;
  const provider = account ? (service.providers.find((p) => p.id === account.provider) ?? null) : null;
  const [state, dispatch, latest] = useEagerReducer(createTokenReducer, () => initCreateToken(account, provider));

  const unbroken = useRef<(() => void) | null>(null);
  useEffect(() => () => unbroken.current?.(), []);
  const request = state.request;
  useEffect(() => {
    if (!request || !accountId) return;
    service.createToken(accountId, request).then(
      (token) => {
        // Held before the first frame that shows it, so that frame already has it on one line.
        unbroken.current?.();
        unbroken.current = holdUnbroken(token.token);
        dispatch({ type: 'created', token });
      },
      (error: unknown) =>
        dispatch({
          type: 'failed',
          ...failureOf(error),
        }),
    );
  }, [request, accountId, service, dispatch]);

  // Copying asks the terminal to set the clipboard (OSC 52): no helper program, and it works over SSH.
  // The sequence is invisible; it goes straight to the terminal, never to a file or a log.
  const { stdout } = useStdout();
  const copies = state.copies;
  useEffect(() => {
    const token = latest.current.created?.token;
    if (copies === 0 || !token) return;
    stdout.write(osc52(token));
  }, [copies, stdout, latest]);

  const storeRequest = state.storeRequest;
  useEffect(() => {
    const created = latest.current.created;
    if (!storeRequest || !accountId || !created) return;
    service
      .storeCreated(accountId, created, {
        description: latest.current.description.trim() || DEFAULT_DESCRIPTION,
        activate: storeRequest.activate,
        label: latest.current.label.trim() || undefined,
      })
      .then(
        (stored) => {
          dispatch({ type: 'stored', account: stored });
          deck.commands.reload();
          deck.commands.focus(stored.id);
        },
        (error: unknown) =>
          dispatch({
            type: 'failed',
            ...failureOf(error),
          }),
      );
  }, [storeRequest, accountId, service, dispatch, latest, deck.commands]);

  const revokeRequest = state.revokeRequest;
  useEffect(() => {
    const created = latest.current.created;
    if (!revokeRequest || !accountId || !created) return;
    service.revokeCreated(accountId, created).then(
      () => dispatch({ type: 'revoked' }),
      (error: unknown) =>
        dispatch({
          type: 'failed',
          ...failureOf(error),
        }),
    );
  }, [revokeRequest, accountId, service, dispatch, latest]);

  return {
    state,
    /** The latest state, for key handlers. */
    latest,
    account,
    provider,
    owner: {
      mode: () => createTokenMode(latest.current),
      handle(press: KeyPress): boolean {
        if (!createTokenTakes(latest.current, press)) return false;
        dispatch({ type: 'key', press });
        return true;
      },
    },
  };
}
