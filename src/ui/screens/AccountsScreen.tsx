import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { AccountView } from '../../app/accounts.js';
import type { ProviderInfo } from '../../app/service.js';
import { formatCount, healthWord } from '../../core/display.js';
import { HEALTHS } from '../../core/vocabulary.js';
import { accountOrdinal } from '../account-lines.js';
import { canMakeTokens } from '../capabilities.js';
import { AccountRow, ColumnTitles, GroupTitle } from '../components/AccountRow.js';
import { EnvBanner } from '../components/EnvBanner.js';
import { KeyHints } from '../components/KeyHints.js';
import { StatusLine } from '../components/StatusLine.js';
import { TextWithCursor } from '../components/TextField.js';
import { Title } from '../components/Title.js';
import { useService, useTheme } from '../context.js';
import { accountListReducer, highlightedAccount, initAccountList, shownCount } from '../hooks/use-account-list.js';
import { type CheckProgress, useDeckContext } from '../hooks/use-deck.js';
import { useEagerReducer } from '../hooks/use-eager-reducer.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { useNavigation } from '../hooks/use-router.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { caretBack, editField } from '../hooks/use-text-field.js';
import type { KeyPress } from '../key-press.js';
import { FILTER_KEYS, GLOBAL_KEYS, LIST_KEYS, resolveKey } from '../keymap.js';
import { cellWidth, rowLayout } from '../row-layout.js';

/** Props of {@link AccountsScreen}. */
export interface AccountsScreenProps {
  /** Running `authdeck demo`: say so in the title. */
  demo?: boolean;
}

/** Lines around the list: title, column titles, filter line, status, footer, and one spare. */
const CHROME_LINES = 6;

/**
 * The home screen: every account in three groups, one row each, with the env-var banner, the
 * status line and the main keys. Only the rows in view are rendered.
 */
export function AccountsScreen({ demo = false }: AccountsScreenProps) {
  const theme = useTheme();
  const deck = useDeckContext();
  const nav = useNavigation();
  const service = useService();
  const size = useTerminalSize();
  const { snapshot } = deck.state;
  const [list, dispatch, latest] = useEagerReducer(accountListReducer, () => initAccountList(snapshot.accounts));

  // A new snapshot or focus request adjusts the list during this very render (React's pattern for
  // state that follows a prop), so no frame ever shows the new status with the old rows.
  const [seenAccounts, setSeenAccounts] = useState(snapshot.accounts);
  if (seenAccounts !== snapshot.accounts) {
    setSeenAccounts(snapshot.accounts);
    dispatch({ type: 'accounts', accounts: snapshot.accounts });
  }
  const focus = deck.state.focus;
  const [seenFocus, setSeenFocus] = useState(focus);
  if (seenFocus !== focus) {
    setSeenFocus(focus);
    if (focus) dispatch({ type: 'focus', id: focus.id });
  }

  const height = Math.max(3, size.rows - CHROME_LINES - snapshot.env.length);
  useEffect(() => dispatch({ type: 'viewport', height }), [height, dispatch]);
  // A DECK column only when some account is in a shared deck, as wide as the longest deck name.
  const deckWidth = useMemo(
    () => snapshot.accounts.reduce((w, a) => (a.deck ? Math.max(w, cellWidth(a.deck)) : w), 0),
    [snapshot.accounts],
  );
  const layout = useMemo(() => rowLayout(size.columns, deckWidth), [size.columns, deckWidth]);

  useKeyOwner({
    mode: () => (latest.current.filtering ? 'text' : 'command'),
    handle(press: KeyPress) {
      const state = latest.current;
      if (state.filtering) {
        const action = resolveKey(FILTER_KEYS, press);
        if (action === 'accept') dispatch({ type: 'filterAccept' });
        else if (action === 'clear') dispatch({ type: 'filterClear' });
        else if (action === 'up' || action === 'down') dispatch({ type: 'move', by: action === 'up' ? -1 : 1 });
        else {
          // Only what can be typed on one line goes into the filter.
          const edited = editField(
            state.filter,
            state.filterCaret,
            'filter',
            press.kind === 'text' ? { ...press, text: press.text.replace(/[\r\n\t]/g, '') } : press,
          );
          if (edited !== null) dispatch({ type: 'filterSet', text: edited.value, caret: edited.caret });
        }
        return true;
      }
      const action = resolveKey(LIST_KEYS, press);
      if (action === null) return false;
      const row = highlightedAccount(state);
      const needRow = () => {
        if (!row) {
          deck.commands.notify(
            state.filter && state.index.accounts.length > 0
              ? { tone: 'info', text: `Nothing matches “${state.filter}”: Esc clears the filter.` }
              : { tone: 'info', text: 'No account is highlighted: press a to add one.' },
          );
        }
        return row;
      };
      switch (action) {
        case 'up':
        case 'down':
          dispatch({ type: 'move', by: action === 'up' ? -1 : 1 });
          return true;
        case 'pageUp':
        case 'pageDown':
          dispatch({ type: 'page', by: action === 'pageUp' ? -1 : 1 });
          return true;
        case 'first':
          dispatch({ type: 'first' });
          return true;
        case 'last':
          dispatch({ type: 'last' });
          return true;
        case 'filter':
          dispatch({ type: 'filterStart' });
          return true;
        case 'clearFilter':
          if (state.filter === '') return false;
          dispatch({ type: 'filterClear' });
          return true;
        case 'open':
          if (needRow()) nav.push({ name: 'details', accountId: row!.id });
          return true;
        case 'add':
          nav.push({ name: 'add', preset: {}, entry: 'app' });
          return true;
        case 'create':
          nav.push({ name: 'create', accountId: row?.id ?? null });
          return true;
        case 'remove':
          if (needRow()) nav.push({ name: 'remove', accountId: row!.id });
          return true;
        case 'use':
          if (needRow()) deck.commands.use(row!.id);
          return true;
        case 'check':
          if (needRow()) deck.commands.check([row!.id]);
          return true;
        case 'checkAll':
          deck.commands.check('all');
          return true;
        case 'select':
          nav.push({ name: 'select', provider: row?.provider, kind: row?.kind });
          return true;
        case 'onboarding':
          nav.push({ name: 'onboarding' });
          return true;
      }
    },
  });

  const highlighted = highlightedAccount(list);
  const total = snapshot.accounts.length;
  const shown = list.filter ? shownCount(list) : total;
  const visible = list.lines.slice(list.offset, list.offset + list.height);
  const count = formatCount;
  // Where you are, once the list is longer than the window: `1,234 of 10,000`, and how many rows are below.
  const scrolls = list.lines.length > list.height;
  const position = list.cursor >= 0 ? accountOrdinal(list.lines, list.cursor) + 1 : 0;
  const below = scrolls ? shown - accountOrdinal(list.lines, list.offset + list.height) : 0;
  const aside = [
    scrolls && position > 0
      ? `${count(position)} of ${count(shown)}${list.filter ? ` (${count(total)} in all)` : ''}`
      : list.filter
        ? `${count(shown)} of ${count(total)}`
        : `${count(total)} ${total === 1 ? 'account' : 'accounts'}`,
    demo ? 'demo: a throw-away config against the built-in emulator' : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Box flexDirection="column">
      <Title aside={aside}>authdeck · Accounts</Title>
      <EnvBanner env={snapshot.env} account={deck.account} />
      {total === 0 ? (
        <Box flexDirection="column" height={height + 1}>
          <Text>No accounts yet.</Text>
          <Text color={theme.muted}>Press a to paste a token, or o for a guided start (onboarding).</Text>
        </Box>
      ) : (
        <Box flexDirection="column" height={height + 1}>
          <ColumnTitles layout={layout} />
          {visible.map((line, i) => {
            if (line.type === 'group')
              return <GroupTitle key={`group-${line.kind}`} title={line.title} count={line.count} />;
            if (line.type === 'gap') return <Text key={`gap-${line.before}`}> </Text>;
            const { account } = line;
            return (
              <AccountRow
                key={account.id}
                account={account}
                check={deck.state.checks.get(account.id)}
                selected={list.offset + i === list.cursor}
                layout={layout}
              />
            );
          })}
          {list.filter && shown === 0 ? (
            <Text color={theme.muted}>{`  nothing matches “${list.filter}” (Esc clears the filter)`}</Text>
          ) : null}
        </Box>
      )}
      {list.filtering || list.filter ? (
        <Text wrap="truncate-end">
          <Text color={theme.accent}>/ </Text>
          <TextWithCursor
            value={list.filter}
            back={caretBack(list.filter, list.filterCaret, 'filter')}
            focused={list.filtering}
          />
          <Text color={theme.muted}>
            {list.filtering ? '   Enter keep the highlighted row · Esc clear' : '   Esc clear the filter'}
          </Text>
        </Text>
      ) : below > 0 ? (
        <Text color={theme.muted}>{`  ↓ ${count(below)} more`}</Text>
      ) : (
        <Text> </Text>
      )}
      <StatusLine
        status={
          deck.state.progress
            ? { tone: 'info', text: progressText(deck.state.progress) }
            : deck.state.status && { tone: deck.state.status.tone, text: statusText(deck.state.status) }
        }
      />
      <KeyHints
        bindings={list.filtering ? [FILTER_KEYS] : [listBindings(highlighted, service.providers), GLOBAL_KEYS]}
      />
    </Box>
  );
}

/** The list's footer keys: `c create` only where the highlighted account's provider makes tokens. */
function listBindings(row: AccountView | null, providers: readonly ProviderInfo[]) {
  return LIST_KEYS.filter((b) => b.action !== 'create' || (row !== null && canMakeTokens(row, providers)));
}

/** The status line of a check in flight: `Checking… 3,120 of 10,000 · 2,900 valid · 41 rejected`. */
export function progressText(progress: CheckProgress): string {
  const parts = HEALTHS.filter((h) => (progress.counts.get(h) ?? 0) > 0).map(
    (h) => `${formatCount(progress.counts.get(h)!)} ${healthWord(h)}`,
  );
  return [`Checking… ${formatCount(progress.done)} of ${formatCount(progress.total)}`, ...parts].join(' · ');
}

/** The status on one line: its hint follows the text. */
function statusText(status: { text: string; hint?: string | null }): string {
  return status.hint ? `${status.text} (${status.hint})` : status.text;
}
