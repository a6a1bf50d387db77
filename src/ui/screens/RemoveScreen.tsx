import { Box, Text } from 'ink';
import { serviceName } from '../../core/display.js';
import { ChoiceList } from '../components/ChoiceList.js';
import { KeyHints } from '../components/KeyHints.js';
import { Message } from '../components/Message.js';
import { Spinner } from '../components/Spinner.js';
import { Title } from '../components/Title.js';
import { useService, useTheme } from '../context.js';
import { useDeckContext } from '../hooks/use-deck.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { removeChoiceLabel, useRemove } from '../hooks/use-remove.js';

/** Props of {@link RemoveScreen}. */
export interface RemoveScreenProps {
  accountId: string;
}

/** Remove an account: forget it, or revoke it on the service and forget it; then say what happened. */
export function RemoveScreen({ accountId }: RemoveScreenProps) {
  const theme = useTheme();
  const deck = useDeckContext();
  const service = useService();
  const { state, owner } = useRemove(accountId);
  useKeyOwner(owner);
  const account = deck.account(accountId);
  const name = account ? `${account.ref} (id ${account.id})` : `account ${accountId}`;
  const who = account?.identity?.username ?? account?.identity?.email ?? account?.resource?.title;
  const provider = service.providers.find((p) => p.id === account?.provider);
  // "keeps working on Upsun", and for a generic Bearer token "on the API", never "on Bearer token".
  const serviceTitle = provider ? serviceName(provider) : (account?.provider ?? 'the service');
  const ref = account?.ref ?? `account ${accountId}`;

  return (
    <Box flexDirection="column">
      <Title>Remove</Title>
      <Box marginTop={1} flexDirection="column">
        {state.step === 'done' && state.result ? (
          <Box flexDirection="column">
            <Message tone="success">
              {state.result.revoked
                ? `Revoked ${state.result.ref} on the service and forgot it.`
                : `Forgot ${state.result.ref}: it is no longer stored here.`}
            </Message>
            {state.result.note ? <Message tone="warning">{`It was not revoked: ${state.result.note}.`}</Message> : null}
            {!state.result.revoked && !state.result.note ? (
              <Text color={theme.muted}>
                The token itself still works on the service until it expires or is revoked there.
              </Text>
            ) : null}
          </Box>
        ) : (
          <Box flexDirection="column">
            <Text bold>{`Remove ${name}${who ? `, ${who}` : ''}?`}</Text>
            {state.revocation.reason ? (
              <Text color={theme.muted}>{`Revoking is not possible here: ${state.revocation.reason}.`}</Text>
            ) : null}
            {state.failure ? (
              <Message tone="error" hint={state.failure.hint}>
                {state.failure.message}
              </Message>
            ) : null}
            <Box marginTop={1}>
              {state.step === 'working' ? (
                <Spinner label={state.request?.revoke ? 'Revoking, then forgetting…' : 'Forgetting…'} />
              ) : (
                <ChoiceList
                  choices={state.choices.map((c) => ({ key: c, label: removeChoiceLabel(c, ref, serviceTitle) }))}
                  picker={state.picker}
                  height={5}
                />
              )}
            </Box>
          </Box>
        )}
      </Box>
      <Box marginTop={1}>
        <KeyHints
          bindings={[]}
          extra={
            state.step === 'done'
              ? [{ keys: 'Enter', hint: 'back to the accounts' }]
              : [
                  { keys: '↑/↓', hint: 'move' },
                  { keys: 'Enter', hint: 'choose' },
                  { keys: 'Esc', hint: 'cancel', keep: true },
                ]
          }
        />
      </Box>
    </Box>
  );
}
