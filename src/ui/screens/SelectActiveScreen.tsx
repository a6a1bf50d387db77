import { Box, Text } from 'ink';
import { identitySummary } from '../../core/display.js';
import type { CredentialKind, ProviderId } from '../../core/vocabulary.js';
import { ChoiceList } from '../components/ChoiceList.js';
import { KeyHints } from '../components/KeyHints.js';
import { StatusLine } from '../components/StatusLine.js';
import { Title } from '../components/Title.js';
import { useTheme } from '../context.js';
import { useDeckContext } from '../hooks/use-deck.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { SELECT_HEIGHT, useSelectActive } from '../hooks/use-select-active.js';
import { KIND_NAMES } from '../kinds.js';

/** Props of {@link SelectActiveScreen}. */
export interface SelectActiveScreenProps {
  /** Start in this provider and kind's picker (the highlighted row's). */
  provider?: ProviderId;
  kind?: CredentialKind;
}

/** Select the active account: a picker per provider and kind. */
export function SelectActiveScreen({ provider, kind }: SelectActiveScreenProps) {
  const theme = useTheme();
  const deck = useDeckContext();
  const { state, slots, owner } = useSelectActive(provider, kind);
  useKeyOwner(owner);
  const slot = slots[Math.min(state.slotPicker.index, slots.length - 1)];

  return (
    <Box flexDirection="column">
      <Title aside={state.level === 'accounts' && slot ? `${slot.provider} · ${KIND_NAMES[slot.kind]}` : undefined}>
        Select active
      </Title>
      <Box marginTop={1} flexDirection="column">
        {slots.length === 0 ? (
          <Text color={theme.muted}>No accounts yet: press Esc, then a to add one.</Text>
        ) : state.level === 'slots' ? (
          <Box flexDirection="column">
            <Text bold>Which provider and kind?</Text>
            <ChoiceList
              choices={slots.map((s) => ({
                key: s.key,
                label: `${s.provider} · ${KIND_NAMES[s.kind]}`,
                detail: `${s.accounts.length} ${s.accounts.length === 1 ? 'account' : 'accounts'}, active: ${s.active ? (s.active.deck ? `${s.active.deck}:${s.active.label}` : s.active.label) : 'none'}`,
              }))}
              picker={state.slotPicker}
              height={SELECT_HEIGHT}
            />
          </Box>
        ) : slot ? (
          <Box flexDirection="column">
            <Text bold>{`Which ${slot.provider} account is active?`}</Text>
            <ChoiceList
              choices={slot.accounts.map((a) => ({
                key: a.id,
                // A deck account may share its label with a local one: the deck tells them apart.
                label: a.deck ? `${a.deck}:${a.label}` : a.label,
                detail: [identitySummary(a), a.health === 'valid' ? null : a.health].filter(Boolean).join(' · '),
                marked: a.active,
              }))}
              picker={state.accountPicker}
              height={SELECT_HEIGHT}
            />
          </Box>
        ) : null}
      </Box>
      <Box marginTop={1} flexDirection="column">
        <StatusLine status={deck.state.status} />
        <KeyHints
          bindings={[]}
          extra={[
            { keys: '↑/↓', hint: 'move' },
            { keys: 'Enter', hint: state.level === 'slots' ? 'open' : 'make active' },
            ...(state.level === 'accounts' ? [{ keys: '←', hint: 'all providers', keep: true }] : []),
            { keys: 'Esc', hint: 'back', keep: true },
          ]}
        />
      </Box>
    </Box>
  );
}
