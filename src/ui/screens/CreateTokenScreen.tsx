import { Box, Text } from 'ink';
import { type ReactNode, useCallback, useEffect } from 'react';
import { ChoiceList } from '../components/ChoiceList.js';
import { type Hint, KeyHints } from '../components/KeyHints.js';
import { Message } from '../components/Message.js';
import { ScrollArea } from '../components/ScrollArea.js';
import { Spinner } from '../components/Spinner.js';
import { TextField } from '../components/TextField.js';
import { Title } from '../components/Title.js';
import { TokenBox } from '../components/TokenBox.js';
import { useTheme } from '../context.js';
import {
  createTokenFinished,
  DEFAULT_DAYS,
  DEFAULT_DESCRIPTION,
  enterCreates,
  LEAVE_CHOICES,
  STORE_CHOICES,
  useCreateToken,
} from '../hooks/use-create-token.js';
import { useEagerReducer } from '../hooks/use-eager-reducer.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { useNavigation } from '../hooks/use-router.js';
import { initScroll, rowsBelow, scrollActionOf, scrollReducer } from '../hooks/use-scroll.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { caretBack } from '../hooks/use-text-field.js';
import type { KeyPress } from '../key-press.js';

/** Props of {@link CreateTokenScreen}. */
export interface CreateTokenScreenProps {
  /** The account whose credential makes the token; null when none is highlighted. */
  accountId: string | null;
}

/** Create a personal token through the service's API, shown once, then stored or not. */
export function CreateTokenScreen({ accountId }: CreateTokenScreenProps) {
  const theme = useTheme();
  const nav = useNavigation();
  const { state, latest, account, provider, owner } = useCreateToken(accountId);
  const finished = createTokenFinished(state);
  const size = useTerminalSize();
  // Title and footer stay; the rest scrolls between them (one row spare, so Ink never clears the screen).
  const height = Math.max(1, size.rows - 1 - 1 - 1);
  const [scroll, dispatchScroll, latestScroll] = useEagerReducer(scrollReducer, () => initScroll(height));
  useEffect(() => dispatchScroll({ type: 'window', height }), [height, dispatchScroll]);
  const onMeasure = useCallback((content: number) => dispatchScroll({ type: 'measure', content }), [dispatchScroll]);
  const step = state.step;
  useEffect(() => {
    // A question comes after the token: bring it into view; a new token is shown from its top.
    if (step === 'leaving' || step === 'failed' || step === 'done')
      dispatchScroll({ type: 'to', row: Number.MAX_SAFE_INTEGER });
    else if (step === 'created') dispatchScroll({ type: 'to', row: 0 });
  }, [step, dispatchScroll]);
  useKeyOwner({
    mode: owner.mode,
    handle(press: KeyPress) {
      // PgUp/PgDn always scroll here: arrows and g/G belong to the choices and fields.
      if (press.kind === 'key' && (press.name === 'pageup' || press.name === 'pagedown')) {
        const action = scrollActionOf(press, latestScroll.current);
        if (action) dispatchScroll(action);
        return true;
      }
      // Enter leaves a screen that has nothing more to do, like Esc.
      if (createTokenFinished(latest.current) && press.kind === 'key' && press.name === 'return') {
        nav.pop();
        return true;
      }
      if (owner.handle(press)) return true;
      const action = scrollActionOf(press, latestScroll.current);
      if (!action) return false;
      dispatchScroll(action);
      return true;
    },
  });
  const above = scroll.offset;
  const below = rowsBelow(scroll);
  const title = account ? `Create a personal token · ${account.ref}` : 'Create a personal token';
  const serviceTitle = provider?.title ?? 'the service';

  let body: ReactNode;
  let hints: Hint[] = [{ keys: 'Esc', hint: 'back', keep: true }];
  switch (state.step) {
    case 'noAccount':
      body = (
        <Box flexDirection="column">
          <Text>A personal token is made with an account you already have on the service.</Text>
          <Text color={theme.muted}>
            Highlight a Nuclia, Platform.sh or Upsun user account on the list and press c; or press a there to add one
            first.
          </Text>
        </Box>
      );
      break;
    case 'webOnly':
      body = (
        <Box flexDirection="column">
          <Text>
            {account && account.kind !== 'user'
              ? `${provider?.title ?? account.provider} ${account.kind === 'kb' ? 'knowledge-box API keys' : 'processing keys'} are made on the web, not through an API.`
              : `${provider?.title ?? 'This service'} has no API for personal tokens: they are made on the web.`}
          </Text>
          <Text>
            {provider?.tokenPageUrl ? (
              <>
                Make one at <Text color={theme.accent}>{provider.tokenPageUrl}</Text>, then press a on the list to paste
                it.
              </>
            ) : (
              'Make one where the service issues its tokens, then press a on the list to paste it.'
            )}
          </Text>
        </Box>
      );
      break;
    case 'form':
    case 'failed':
      body = (
        <Box flexDirection="column">
          <TextField
            label="Description"
            value={state.description}
            back={caretBack(state.description, state.caret, 'description')}
            placeholder={DEFAULT_DESCRIPTION}
            focused={state.step === 'form' && state.focus === 'description'}
            error={state.focus === 'description' ? state.error : null}
          />
          {state.expires ? (
            <TextField
              label="Days"
              value={state.days}
              back={caretBack(state.days, state.caret, 'days')}
              placeholder={DEFAULT_DAYS}
              focused={state.step === 'form' && state.focus === 'days'}
              error={state.focus === 'days' ? state.error : null}
            />
          ) : (
            <Text color={theme.muted}>{`${provider?.title ?? 'These'} API tokens do not expire.`}</Text>
          )}
          <TextField
            label="Label"
            value={state.label}
            back={caretBack(state.label, state.caret, 'label')}
            placeholder="empty: username, else email"
            focused={state.step === 'form' && state.focus === 'label'}
            error={state.focus === 'label' ? state.error : null}
          />
          {state.step === 'failed' && state.failure ? (
            <Box marginTop={1} flexDirection="column">
              <Message tone="error" hint={state.failure.hint}>
                {state.failure.message}
              </Message>
              <Text color={theme.muted}>Press Enter to edit and try again.</Text>
            </Box>
          ) : null}
        </Box>
      );
      hints = [
        { keys: 'Tab', hint: 'next field' },
        { keys: 'Enter', hint: enterCreates(state) ? 'create' : 'next' },
        ...hints,
      ];
      break;
    case 'creating':
      body = <Spinner label={`Creating a token on ${provider?.title ?? 'the service'}…`} />;
      hints = [];
      break;
    case 'created':
    case 'leaving':
    case 'storing':
    case 'revoking':
      body = (
        <Box flexDirection="column">
          <TokenBox token={state.created!.token} expiresAt={state.created!.expiresAt} />
          <Text color={theme.muted}>{`token id ${state.created!.id}`}</Text>
          {state.copies > 0 ? (
            <Text color={theme.muted}>
              Sent to the clipboard through the terminal (OSC 52; some terminals and tmux must allow it).
            </Text>
          ) : null}
          {state.failure ? (
            <Message tone="error" hint={state.failure.hint}>
              {state.failure.message}
            </Message>
          ) : null}
          <Box marginTop={1} flexDirection="column">
            {state.step === 'storing' ? (
              <Spinner label="Storing it…" />
            ) : state.step === 'revoking' ? (
              <Spinner label={`Revoking it on ${serviceTitle}…`} />
            ) : state.step === 'leaving' ? (
              <Box flexDirection="column">
                <Text bold color={theme.warning}>
                  {`Not stored yet: discard it (it keeps working on ${serviceTitle} until revoked), store it, or revoke it now?`}
                </Text>
                <ChoiceList
                  choices={LEAVE_CHOICES.map((c) => ({ key: c.key, label: c.label }))}
                  picker={state.leave}
                  height={4}
                />
              </Box>
            ) : (
              <ChoiceList
                choices={STORE_CHOICES.map((c) => ({
                  key: c.key,
                  label: c.key === 'skip' ? `${c.label} (it keeps working on ${serviceTitle} until revoked)` : c.label,
                }))}
                picker={state.choice}
                height={3}
              />
            )}
          </Box>
        </Box>
      );
      hints =
        state.step === 'storing' || state.step === 'revoking'
          ? []
          : [
              { keys: '↑/↓', hint: 'move' },
              { keys: 'Enter', hint: 'choose' },
              { keys: 'y', hint: 'copy' },
              { keys: 'Esc', hint: state.step === 'leaving' ? 'back to the token' : 'leave', keep: true },
            ];
      break;
    case 'done':
      body = state.stored ? (
        <Message tone="success">{`Stored it as ${state.stored.ref} (id ${state.stored.id})${state.stored.active ? ', active' : ''}.`}</Message>
      ) : state.revoked ? (
        <Message tone="success">{`Revoked the new token on ${serviceTitle}: it no longer works, and nothing was stored.`}</Message>
      ) : (
        <Message tone="info">
          {`Not stored. The token was shown once; authdeck does not keep it. It keeps working on ${serviceTitle} until it expires or is revoked.`}
        </Message>
      );
      break;
  }
  return (
    <Box flexDirection="column">
      <Title aside={above > 0 || below > 0 ? 'PgUp/PgDn scroll' : undefined}>{title}</Title>
      <ScrollArea height={height} offset={scroll.offset} onMeasure={onMeasure}>
        <Box marginTop={1} flexDirection="column">
          {body}
        </Box>
      </ScrollArea>
      <KeyHints
        bindings={[]}
        extra={[
          ...(above > 0 ? [{ keys: 'PgUp', hint: `${above} above`, keep: true }] : []),
          ...(below > 0 ? [{ keys: 'PgDn', hint: `${below} more`, keep: true }] : []),
          ...(finished ? [{ keys: 'Enter/Esc', hint: 'back', keep: true }] : hints),
        ]}
      />
    </Box>
  );
}
