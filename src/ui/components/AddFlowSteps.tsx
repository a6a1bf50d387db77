import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { healthWord, identitySummary } from '../../core/display.js';
import { describeExpiry } from '../../core/expiry.js';
import { accountRef } from '../../core/references.js';
import type { ProviderId } from '../../core/vocabulary.js';
import { useTheme } from '../context.js';
import {
  type AddFlowState,
  addFlowChoices,
  endpointTitle,
  PICKER_HEIGHT,
  requiredEndpoint,
} from '../hooks/use-add-flow.js';
import { caretBack } from '../hooks/use-text-field.js';
import { KIND_NAMES } from '../kinds.js';
import { ChoiceList } from './ChoiceList.js';
import { Message } from './Message.js';
import { SecretField } from './SecretField.js';
import { Spinner } from './Spinner.js';
import { TextField } from './TextField.js';

/** Props of {@link AddFlowSteps}. */
export interface AddFlowStepsProps {
  state: AddFlowState;
  /** The terminal width, for the masked field. */
  width: number;
  /** Shown under a stored account (onboarding: what to do next). */
  afterStored?: ReactNode;
}

/** The current step of the add/paste flow, drawn from its state. */
export function AddFlowSteps({ state, width, afterStored }: AddFlowStepsProps) {
  const theme = useTheme();
  const { provider, kind } = state;
  const chosen = [
    provider ? `Provider: ${provider.title}` : null,
    provider && kind && provider.kinds.length > 1 ? `Kind: ${KIND_NAMES[kind]}` : null,
    state.mode === 'add' && state.step !== 'provider' && state.step !== 'kind' && provider
      ? `Label: ${state.label || '(default: the username, else the email, else "default")'}`
      : null,
    state.endpoint && state.step !== 'endpoint' && requiredEndpoint(state)
      ? `${endpointTitle(requiredEndpoint(state)!)}: ${state.endpoint}`
      : null,
    kind === 'kb' && state.url && state.step !== 'url' ? `KB: ${state.url}` : null,
  ].filter((x): x is string => x !== null);
  return (
    <Box flexDirection="column">
      {chosen.length > 0 && state.step !== 'welcome' ? <Text color={theme.muted}>{chosen.join(' · ')}</Text> : null}
      <Box marginTop={1} flexDirection="column">
        <Step state={state} width={width} afterStored={afterStored} />
      </Box>
    </Box>
  );
}

function Step({ state, width, afterStored }: AddFlowStepsProps) {
  const theme = useTheme();
  const { provider, kind } = state;
  switch (state.step) {
    case 'welcome':
      return (
        <Box flexDirection="column">
          <Text>
            authdeck keeps the tokens of your accounts in one place, checks them, and hands the right one to other
            programs.
          </Text>
          <Text>In four steps: choose a service, make a token on its page, paste it here, and authdeck checks it.</Text>
          <Box marginTop={1}>
            <Text color={theme.muted}>Press Enter to start, Esc to skip.</Text>
          </Box>
        </Box>
      );
    case 'provider':
      return (
        <Box flexDirection="column">
          <Text bold>Which service is the token for?</Text>
          <ChoiceList
            choices={state.providers.map((p) => ({ key: p.id, label: p.title, detail: p.id }))}
            picker={state.providerPicker}
            height={PICKER_HEIGHT}
          />
        </Box>
      );
    case 'kind':
      return (
        <Box flexDirection="column">
          <Text bold>{`What kind of ${provider?.title ?? ''} credential?`}</Text>
          <ChoiceList
            choices={(provider?.kinds ?? []).map((k) => ({ key: k, label: KIND_NAMES[k] }))}
            picker={state.kindPicker}
            height={PICKER_HEIGHT}
          />
        </Box>
      );
    case 'where':
      return (
        <Box flexDirection="column">
          <Text bold>{`Make a ${kind ? KIND_NAMES[kind] : 'token'} for ${provider?.title ?? 'the service'}:`}</Text>
          {provider?.tokenPageUrl ? (
            <>
              <Text color={theme.accent}>{`  ${provider.tokenPageUrl}`}</Text>
              <Text>Open that page in your browser, create the token, and copy it. Then press Enter and paste it.</Text>
            </>
          ) : (
            <Text>Make one wherever your service issues API tokens, and copy it. Then press Enter and paste it.</Text>
          )}
        </Box>
      );
    case 'label':
      return (
        <Box flexDirection="column">
          <TextField
            label="Label"
            value={state.label}
            back={caretBack(state.label, state.caret, 'label')}
            focused
            placeholder="empty: the username, else the email, else default"
            error={state.error}
          />
          <Text color={theme.muted}>A name for this account, unique per provider and kind (work, alice@acme…).</Text>
        </Box>
      );
    case 'taken': {
      const ref = accountRef({
        deck: state.preset.deck ?? null,
        provider: (provider?.id ?? '') as ProviderId,
        kind: kind ?? 'user',
        label: state.label,
      });
      return (
        <Box flexDirection="column">
          <Text bold color={theme.warning}>{`${ref} already exists.`}</Text>
          <ChoiceList
            choices={addFlowChoices(state)!.map((c) => ({ key: c.key, label: c.label }))}
            picker={state.choice}
            height={PICKER_HEIGHT}
          />
        </Box>
      );
    }
    case 'endpoint': {
      const name = endpointTitle(requiredEndpoint(state) ?? 'endpoint');
      return (
        <Box flexDirection="column">
          <TextField
            label={name[0]!.toUpperCase() + name.slice(1)}
            value={state.endpoint}
            back={caretBack(state.endpoint, state.caret, 'endpoint')}
            focused
            placeholder="https://api.example.com/user"
            error={state.error}
          />
          <Text color={theme.muted}>
            {`The URL that answers who the token belongs to (GET with the token as Bearer); authdeck checks the token there.`}
          </Text>
        </Box>
      );
    }
    case 'url':
      return (
        <TextField
          label="KB URL"
          value={state.url}
          back={caretBack(state.url, state.caret, 'url')}
          focused
          placeholder="https://europe-1.dp.progress.cloud/api/v1/kb/<kbid>"
          error={state.error}
        />
      );
    case 'token':
      return (
        <Box flexDirection="column">
          <SecretField label="Token" value={state.token} focused width={width} error={state.error} />
          {provider?.tokenPageUrl ? (
            <Text color={theme.muted}>{`  no token yet? make one at ${provider.tokenPageUrl}`}</Text>
          ) : null}
        </Box>
      );
    case 'checking':
      return (
        <Spinner
          label={state.preset.check === false ? 'Storing…' : `Checking with ${provider?.title ?? 'the service'}…`}
        />
      );
    case 'stored': {
      const result = state.result!;
      const who = identitySummary(result.account);
      const expiry = describeExpiry(result.account.expiresAt);
      return (
        <Box flexDirection="column">
          <Message tone="success">
            {`${result.replaced ? 'Replaced the secret of' : 'Stored'} ${result.account.ref} (id ${result.account.id}): ${healthWord(
              result.account.health,
            )}${result.active ? ', active' : ''}.`}
          </Message>
          <Text>{who ? `It belongs to ${who}.` : 'The service did not say who it belongs to.'}</Text>
          {expiry ? <Text color={theme.muted}>{expiry}</Text> : null}
          {result.warning ? <Message tone="warning">{`Note: ${result.warning}`}</Message> : null}
          {afterStored}
        </Box>
      );
    }
    case 'refused':
      return (
        <Box flexDirection="column">
          <Message tone="error" hint={state.refusal?.hint}>
            {state.refusal?.message ?? 'nothing was stored'}
          </Message>
          <Box marginTop={1}>
            {addFlowChoices(state) ? (
              <ChoiceList
                choices={addFlowChoices(state)!.map((c) => ({ key: c.key, label: c.label }))}
                picker={state.choice}
                height={PICKER_HEIGHT}
              />
            ) : (
              <Text color={theme.muted}>Press Enter to paste another token, or Esc.</Text>
            )}
          </Box>
        </Box>
      );
  }
}
