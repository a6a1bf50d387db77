import { Box, Text } from 'ink';
import { type ReactNode, useCallback, useEffect } from 'react';
import type { AccountView } from '../../app/accounts.js';
import type { ProviderInfo } from '../../app/service.js';
import { describeExpiry } from '../../core/expiry.js';
import { canMakeTokens, providerTitle } from '../capabilities.js';
import { rowFacts } from '../components/AccountRow.js';
import { HealthBadge } from '../components/HealthBadge.js';
import { KeyHints } from '../components/KeyHints.js';
import { Message } from '../components/Message.js';
import { ScrollArea } from '../components/ScrollArea.js';
import { Spinner } from '../components/Spinner.js';
import { StatusLine } from '../components/StatusLine.js';
import { Title } from '../components/Title.js';
import { useService, useTheme } from '../context.js';
import { useDeckContext } from '../hooks/use-deck.js';
import { type Rotation, useDetails } from '../hooks/use-details.js';
import { useEagerReducer } from '../hooks/use-eager-reducer.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { initScroll, rowsBelow, scrollActionOf, scrollReducer } from '../hooks/use-scroll.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { KeyPress } from '../key-press.js';
import { DETAILS_KEYS } from '../keymap.js';
import { KIND_NAMES } from '../kinds.js';
import { SYMBOLS } from '../theme.js';
import { humanTime } from '../time.js';

/** Props of {@link DetailsScreen}. */
export interface DetailsScreenProps {
  accountId: string;
}

/** Every fact about one account, where it comes from, and the account's actions. */
export function DetailsScreen({ accountId }: DetailsScreenProps) {
  const theme = useTheme();
  const deck = useDeckContext();
  const service = useService();
  const details = useDetails(accountId);
  const size = useTerminalSize();
  const [scroll, dispatchScroll, latestScroll] = useEagerReducer(scrollReducer, () =>
    initScroll(Math.max(1, size.rows - 4)),
  );
  const onMeasure = useCallback((content: number) => dispatchScroll({ type: 'measure', content }), [dispatchScroll]);
  useKeyOwner({
    mode: details.owner.mode,
    handle(press: KeyPress) {
      if (details.owner.handle(press)) return true;
      const action = scrollActionOf(press, latestScroll.current);
      if (!action) return false;
      dispatchScroll(action);
      return true;
    },
  });
  const statusRows = deck.state.status ? (deck.state.status.hint ? 2 : 1) : 1;
  // Title, status and footer stay; the facts scroll between them (one row spare, so Ink never clears the screen).
  const height = Math.max(1, size.rows - 1 - statusRows - 1 - 1);
  useEffect(() => dispatchScroll({ type: 'window', height }), [height, dispatchScroll]);
  const rotationState = details.rotation.state;
  useEffect(() => {
    // A rotation's question or outcome is at the end of the facts: bring it into view.
    if (rotationState !== 'idle') dispatchScroll({ type: 'to', row: Number.MAX_SAFE_INTEGER });
  }, [rotationState, dispatchScroll]);
  const account = deck.account(accountId);
  if (!account) {
    return (
      <Box flexDirection="column">
        <Title>Details</Title>
        <Message tone="warning">This account is no longer stored (removed here or by another process).</Message>
        <KeyHints bindings={[]} extra={[{ keys: 'Esc', hint: 'back', keep: true }]} />
      </Box>
    );
  }
  const check = deck.state.checks.get(accountId);
  const facts = rowFacts(account, check);
  const title = providerTitle(account, service.providers);
  const below = rowsBelow(scroll);
  return (
    <Box flexDirection="column">
      <Title
        aside={[account.active ? `${SYMBOLS.active} active` : null, scroll.content > scroll.height ? '↑↓ scroll' : null]
          .filter(Boolean)
          .join('  ')}
      >{`Details · ${account.ref}`}</Title>
      <ScrollArea height={height} offset={scroll.offset} onMeasure={onMeasure}>
        <Fact name="Provider">
          <ProviderTitle account={account} />
        </Fact>
        <Fact name="Kind">{KIND_NAMES[account.kind]}</Fact>
        <Fact name="Label">{account.label}</Fact>
        <Fact name="Reference">{`${account.ref}   (id ${account.id})`}</Fact>
        <Fact name="Secret">{`${account.secret}   (${whereKept(account)})`}</Fact>
        <Fact name="Active">{account.active ? 'yes: the active account of its provider and kind' : 'no'}</Fact>
        <Fact name="In effect">{inEffect(account)}</Fact>
        <Fact name="Health">
          <Text>
            <HealthBadge health={facts.health} checking={check?.state === 'checking'} />
            {facts.reason && facts.health !== 'valid' ? <Text color={theme.muted}>{`  ${facts.reason}`}</Text> : null}
          </Text>
        </Fact>
        <Fact name="Identity">
          <Text>
            {identityLines(account) || '— (check it to learn who it belongs to)'}
            {account.identity ? (
              <Text color={theme.muted}>
                {account.checkedAt
                  ? `  (as ${title} answered the check of ${humanTime(account.checkedAt)})`
                  : `  (as ${title} answered when it was added)`}
              </Text>
            ) : null}
          </Text>
        </Fact>
        {account.resource ? <Fact name="Resource">{resourceLines(account)}</Fact> : null}
        <Fact name="Scopes">{account.scopes?.length ? account.scopes.join(' ') : '—'}</Fact>
        <Fact name="Expires">
          {account.expiresAt
            ? `${humanTime(account.expiresAt)}  ${describeExpiry(account.expiresAt) ?? ''}`.trimEnd()
            : 'no expiry known'}
        </Fact>
        <Fact name="Last check">{account.checkedAt ? humanTime(account.checkedAt) : 'never'}</Fact>
        <Fact name="Created">{humanTime(account.createdAt)}</Fact>
        <Fact name="Remote token id">{account.remoteTokenId ?? '— (pasted: authdeck did not create it)'}</Fact>
        {account.description ? <Fact name="Description">{account.description}</Fact> : null}
        {Object.keys(account.endpoints).length > 0 ? (
          <Fact name="Endpoints">
            {Object.entries(account.endpoints)
              .map(([k, v]) => `${k}=${v}`)
              .join('  ')}
          </Fact>
        ) : null}
        <Box marginTop={1} flexDirection="column">
          <RotationView rotation={details.rotation} account={account} />
        </Box>
      </ScrollArea>
      <StatusLine status={deck.state.status} />
      <KeyHints
        bindings={[detailsBindings(account, service.providers)]}
        extra={[
          ...(below > 0 ? [{ keys: '↓', hint: `${below} more`, keep: true }] : []),
          { keys: 'Esc', hint: 'back', keep: true },
        ]}
      />
    </Box>
  );
}

/** The actions this account's provider can do: no `create` or `rotate` where there is no token API. */
export function detailsBindings(account: AccountView, providers: readonly ProviderInfo[]) {
  const tokens = canMakeTokens(account, providers);
  return DETAILS_KEYS.filter((b) => tokens || (b.action !== 'rotate' && b.action !== 'create'));
}

function Fact({ name, children }: { name: string; children: ReactNode }) {
  const theme = useTheme();
  return (
    <Box>
      <Box width={17} flexShrink={0}>
        <Text color={theme.muted}>{name}</Text>
      </Box>
      <Box flexGrow={1}>{typeof children === 'string' ? <Text>{children}</Text> : children}</Box>
    </Box>
  );
}

function ProviderTitle({ account }: { account: AccountView }) {
  const service = useService();
  const provider = service.providers.find((p) => p.id === account.provider);
  return <Text>{provider ? `${provider.title} (${provider.id})` : account.provider}</Text>;
}

/** Where the credential in effect for this provider and kind comes from, and whether it is this one. */
function inEffect(account: AccountView): string {
  if (account.inEffect) {
    if (account.source === 'store') return 'yes, as the stored active account';
    if (account.source.startsWith('dir:')) return `yes, bound to ${account.source.slice(4)}`;
    return `yes, through ${account.source}`;
  }
  if (account.shadowedBy) return `no: ${account.shadowedBy} is set in this shell and wins`;
  return account.active ? `no: another source wins (see \`authdeck explain ${account.provider}\`)` : 'no';
}

function identityLines(account: AccountView): string {
  const i = account.identity;
  if (!i) return '';
  return [
    i.username && `username ${i.username}`,
    i.email && `email ${i.email}`,
    i.name && `name ${i.name}`,
    i.organization && `organization ${i.organization}`,
    i.accountType && `account type ${i.accountType}`,
    i.id && `id ${i.id}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function resourceLines(account: AccountView): string {
  const r = account.resource;
  if (!r) return '';
  return [
    r.title && `title ${r.title}`,
    r.url && `url ${r.url}`,
    r.role && `role ${r.role}`,
    r.region && `region ${r.region}`,
    r.accountId && `account ${r.accountId}`,
    r.kbId && `kb ${r.kbId}`,
    r.slug && `slug ${r.slug}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function RotationView({ rotation, account }: { rotation: Rotation; account: AccountView }) {
  const theme = useTheme();
  switch (rotation.state) {
    case 'idle':
      return null;
    case 'confirm':
      return (
        <Text color={theme.warning}>
          {`Rotate ${account.ref}: create a new token, store it in place, then revoke the old one? Press y to rotate, any other key to cancel.`}
        </Text>
      );
    case 'running':
      return <Spinner label={`Rotating ${account.ref}…`} />;
    case 'failed':
      return (
        <Message tone="error" hint={rotation.hint}>
          {rotation.message}
        </Message>
      );
    case 'done':
      return (
        <Box flexDirection="column">
          {rotation.steps.map((s) => (
            <Text key={s.step} color={s.ok ? theme.success : theme.danger}>
              {`${s.ok ? SYMBOLS.ok : SYMBOLS.fail} ${s.step}: ${s.detail}`}
            </Text>
          ))}
          {!rotation.ok && !rotation.steps.some((s) => s.step === 'store' && s.ok) ? (
            <Text>The old token is unchanged and still works.</Text>
          ) : null}
        </Box>
      );
  }
}

/** Where an account's secret is, in words. */
function whereKept(account: AccountView): string {
  if (account.from) return `read from ${account.from} each time`;
  if (account.deck) return `in the shared deck ${account.deck}`;
  return `stored in ${account.storage === 'keyring' ? 'the OS keyring' : 'the config file'}`;
}
