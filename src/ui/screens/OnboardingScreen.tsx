import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { AddFlowSteps } from '../components/AddFlowSteps.js';
import { KeyHints } from '../components/KeyHints.js';
import { Title } from '../components/Title.js';
import { useTheme } from '../context.js';
import { type AddFlowState, addFlowChoices, addFlowMode, useAddFlow } from '../hooks/use-add-flow.js';
import { useDeckContext } from '../hooks/use-deck.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { useNavigation } from '../hooks/use-router.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { KeyPress } from '../key-press.js';
import { FIELD_KEYS, PICKER_KEYS } from '../keymap.js';

/**
 * Onboarding (first run, or `o`): choose a service → where to make a token → paste → check →
 * done, with the env var or command to use next.
 */
export function OnboardingScreen() {
  const deck = useDeckContext();
  const nav = useNavigation();
  const size = useTerminalSize();
  const flow = useAddFlow('onboarding');
  const { state } = flow;

  const stored = state.step === 'stored' ? state.result : null;
  useEffect(() => {
    if (!stored) return;
    deck.commands.reload();
    deck.commands.focus(stored.account.id);
  }, [stored, deck.commands]);

  useKeyOwner({
    mode: flow.owner.mode,
    handle(press: KeyPress) {
      if (
        flow.latest.current.step === 'stored' &&
        press.kind === 'key' &&
        (press.name === 'return' || press.name === 'escape')
      ) {
        nav.pop();
        return true;
      }
      return flow.owner.handle(press);
    },
  });

  const steps = ['choose a service', 'make a token', 'paste it', 'check', 'done'];
  const at = progressOf(state);
  const text = addFlowMode(state) === 'text';
  const picking = state.step === 'provider' || state.step === 'kind' || addFlowChoices(state) !== null;
  return (
    <Box flexDirection="column">
      <Title aside={steps.map((s, i) => (i === at ? `[${s}]` : s)).join(' → ')}>Onboarding</Title>
      <AddFlowSteps state={state} width={size.columns} afterStored={stored ? <NextSteps state={state} /> : null} />
      <Box marginTop={1}>
        <KeyHints
          bindings={text ? [FIELD_KEYS] : picking ? [PICKER_KEYS] : []}
          extra={[
            ...(text || picking ? [] : [{ keys: 'Enter', hint: stored ? 'done' : 'continue' }]),
            { keys: 'Esc', hint: state.history.length === 0 ? 'skip' : 'back', keep: true },
          ]}
        />
      </Box>
    </Box>
  );
}

/** Which of the five stages the flow is at. */
function progressOf(state: AddFlowState): number {
  switch (state.step) {
    case 'welcome':
    case 'provider':
    case 'kind':
      return 0;
    case 'where':
      return 1;
    case 'endpoint':
    case 'url':
    case 'token':
    case 'refused':
      return 2;
    case 'checking':
      return 3;
    default:
      return 4;
  }
}

/** What to do with the account just stored: the env var it becomes, and the commands. */
function NextSteps({ state }: { state: AddFlowState }) {
  const theme = useTheme();
  const account = state.result!.account;
  const vars = (state.provider?.env ?? []).filter((v) => v.kind === account.kind).map((v) => v.name);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Next:</Text>
      <Text>
        <Text color={theme.accent}>{`  eval "$(authdeck env ${account.provider})"`}</Text>
        <Text
          color={theme.muted}
        >{`   sets ${vars.length > 0 ? vars.join(', ') : 'its variables'} in this shell`}</Text>
      </Text>
      <Text>
        <Text color={theme.accent}>{'  authdeck exec -- <command>'}</Text>
        <Text color={theme.muted}>{'   runs one program with it, nothing global changed'}</Text>
      </Text>
      <Text>
        <Text color={theme.accent}>{`  authdeck secret ${account.ref}`}</Text>
        <Text color={theme.muted}>{'   prints it, for $(…)'}</Text>
      </Text>
    </Box>
  );
}
