import { Text } from 'ink';
import { memo } from 'react';
import type { AccountView } from '../../app/accounts.js';
import { formatCount, healthWord, identitySummary } from '../../core/display.js';
import { currentHealth, describeExpiry } from '../../core/expiry.js';
import { reasonInTui } from '../capabilities.js';
import { useTheme } from '../context.js';
import type { RowCheck } from '../hooks/use-deck.js';
import { type ColumnName, fitCell, type RowLayout } from '../row-layout.js';
import { SYMBOLS } from '../theme.js';
import { Spinner } from './Spinner.js';

/** Props of {@link AccountRow}. */
export interface AccountRowProps {
  account: AccountView;
  /** A check in flight or just finished for this row. */
  check: RowCheck | undefined;
  selected: boolean;
  layout: RowLayout;
}

/** What a row shows: the stored facts, overlaid by a check result that arrived but is not saved yet. */
export function rowFacts(account: AccountView, check: RowCheck | undefined, now = new Date()) {
  const result = check?.state === 'done' ? check.result : null;
  const expiresAt = result?.expiresAt ?? account.expiresAt;
  const health = result ? currentHealth(result.health, expiresAt, now) : account.health;
  const identity = identitySummary({
    kind: account.kind,
    identity: result?.identity ?? account.identity,
    resource: result?.resource ? { ...account.resource, ...result.resource } : account.resource,
  });
  const reason = reasonInTui(result ? result.reason : account.reason);
  // A refusal says more than a date: "Invalid API token" beats "expires in 89 days".
  const refused = health === 'rejected' || health === 'unreachable' || health === 'insufficient_scope';
  const note =
    (refused && reason) ||
    describeExpiry(expiresAt, now) ||
    (account.shadowedBy ? `shadowed by ${account.shadowedBy}` : health !== 'valid' && reason ? reason : '');
  return { health, identity, note, reason };
}

/**
 * One account on the list: `› ● provider label [deck] identity secret health expiry`. Memoized: moving the
 * cursor re-renders only the two rows whose `selected` changed.
 */
export const AccountRow = memo(function AccountRow({ account, check, selected, layout }: AccountRowProps) {
  const theme = useTheme();
  const facts = rowFacts(account, check);
  const checking = check?.state === 'checking';
  // The deck has its own column when there is room; else the label carries it, as in `team:bot-a`.
  const deckShown = layout.columns.some((c) => c.name === 'deck');
  const cell = (name: ColumnName, width: number) => {
    switch (name) {
      case 'provider':
        return <Text key={name}>{fitCell(account.provider, width)}</Text>;
      case 'label':
        return (
          <Text key={name} bold={selected}>
            {fitCell(account.deck && !deckShown ? `${account.deck}:${account.label}` : account.label, width)}
          </Text>
        );
      case 'deck':
        return <Text key={name}>{fitCell(account.deck ?? '', width)}</Text>;
      case 'identity':
        return <Text key={name}>{fitCell(facts.identity || '—', width)}</Text>;
      case 'secret':
        return (
          <Text key={name} color={theme.muted}>
            {fitCell(account.secret, width)}
          </Text>
        );
      case 'health':
        if (checking) {
          return (
            <Text key={name}>
              <Spinner label="checking" />
              {' '.repeat(Math.max(0, width - 10))}
            </Text>
          );
        }
        return (
          <Text key={name} color={theme.health[facts.health]}>
            {fitCell(healthWord(facts.health), width)}
          </Text>
        );
      case 'expiry':
        return (
          <Text
            key={name}
            color={facts.health === 'expiring' || facts.health === 'expired' ? theme.health[facts.health] : theme.muted}
          >
            {fitCell(facts.note, width)}
          </Text>
        );
    }
  };
  // The highlight covers the whole row, so the eye finds it at any width, with or without colour.
  return (
    <Text wrap="truncate-end" inverse={selected}>
      <Text color={theme.accent}>{selected ? `${SYMBOLS.cursor} ` : '  '}</Text>
      <Text color={theme.active}>{account.active ? `${SYMBOLS.active} ` : '  '}</Text>
      {layout.columns.map((c, i) => (
        <Text key={c.name}>
          {i > 0 ? ' ' : ''}
          {cell(c.name, c.width)}
        </Text>
      ))}
    </Text>
  );
});

/** The title line of a group: `User accounts (3)`. */
export function GroupTitle({ title, count }: { title: string; count: number }) {
  const theme = useTheme();
  return (
    <Text bold color={theme.accent}>
      {title}
      <Text color={theme.muted} bold={false}>{` (${formatCount(count)})`}</Text>
    </Text>
  );
}

/** The column titles above the list, aligned with the rows. */
export function ColumnTitles({ layout }: { layout: RowLayout }) {
  const theme = useTheme();
  const titles: Record<ColumnName, string> = {
    provider: 'PROVIDER',
    label: 'LABEL',
    deck: 'DECK',
    identity: 'IDENTITY',
    secret: 'SECRET',
    health: 'HEALTH',
    expiry: 'EXPIRY',
  };
  const text = layout.columns.map((c) => fitCell(titles[c.name], c.width)).join(' ');
  return (
    <Text color={theme.muted} wrap="truncate-end">
      {`    ${text}`.trimEnd()}
    </Text>
  );
}
