import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import { AccountRow, ColumnTitles, GroupTitle } from '../components/AccountRow.js';
import { EnvBanner } from '../components/EnvBanner.js';
import { KeyHints } from '../components/KeyHints.js';
import { StatusLine } from '../components/StatusLine.js';
import { Title } from '../components/Title.js';
import { useTheme } from '../context.js';
import { accountListReducer, highlightedAccount, initAccountList, shownCount } from '../hooks/use-account-list.js';
import { useDeckContext } from '../hooks/use-deck.js';
import { useEagerReducer } from '../hooks/use-eager-reducer.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { useNavigation } from '../hooks/use-router.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { editText } from '../hooks/use-text-field.js';
import type { KeyPress } from '../key-press.js';
import { FILTER_KEYS, GLOBAL_KEYS, LIST_KEYS, resolveKey } from '../keymap.js';
import { rowLayout } from '../row-layout.js';

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
  const layout = useMemo(() => rowLayout(size.columns), [size.columns]);

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
          const edited = editText(
            state.filter,
            press.kind === 'text' ? { ...press, text: press.text.replace(/[\r\n\t]/g, '') } : press,
          );
          if (edited !== null) dispatch({ type: 'filterSet', text: edited });
        }
        return true;
      }
      const action = resolveKey(LIST_KEYS, press);
      if (action === null) return false;
      const row = highlightedAccount(state);
      const needRow = () => {
        if (!row) deck.commands.notify({ tone: 'info', text: 'No account is highlighted: press a to add one.' });
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

  const total = snapshot.accounts.length;
  const shown = list.filter ? shownCount(list) : total;
  const visible = list.lines.slice(list.offset, list.offset + list.height);
  const aside = [
    list.filter ? `${shown} of ${total}` : `${total} ${total === 1 ? 'account' : 'accounts'}`,
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
          {list.filter && shown === 0 ? <Text color={theme.muted}>{`  nothing matches “${list.filter}”`}</Text> : null}
        </Box>
      )}
      {list.filtering || list.filter ? (
        <Text wrap="truncate-end">
          <Text color={theme.accent}>/ </Text>
          <Text>{list.filter}</Text>
          {list.filtering ? <Text inverse> </Text> : null}
          <Text color={theme.muted}>
            {list.filtering ? '   Enter keep the highlighted row · Esc clear' : '   Esc clear the filter'}
          </Text>
        </Text>
      ) : (
        <Text> </Text>
      )}
      <StatusLine status={deck.state.status && { tone: deck.state.status.tone, text: statusText(deck.state.status) }} />
      <KeyHints bindings={list.filtering ? [FILTER_KEYS] : [LIST_KEYS, GLOBAL_KEYS]} />
    </Box>
  );
}

/** The status on one line: its hint follows the text. */
function statusText(status: { text: string; hint?: string | null }): string {
  return status.hint ? `${status.text} (${status.hint})` : status.text;
}
