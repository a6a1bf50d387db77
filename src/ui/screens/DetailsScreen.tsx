import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { AccountView } from '../../core/accounts.js';
import { describeExpiry } from '../../core/expiry.js';
import { rowFacts } from '../components/AccountRow.js';
import { HealthBadge } from '../components/HealthBadge.js';
import { KeyHints } from '../components/KeyHints.js';
import { Message } from '../components/Message.js';
import { Spinner } from '../components/Spinner.js';
import { StatusLine } from '../components/StatusLine.js';
import { Title } from '../components/Title.js';
import { useService, useTheme } from '../context.js';
import { useDeckContext } from '../hooks/use-deck.js';
import { type Rotation, useDetails } from '../hooks/use-details.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { DETAILS_KEYS } from '../keymap.js';
import { KIND_NAMES } from '../kinds.js';
import { SYMBOLS } from '../theme.js';

/** Props of {@link DetailsScreen}. */
export interface DetailsScreenProps {
  accountId: string;
}

/** Every fact about one account, where it comes from, and the account's actions. */
export function DetailsScreen({ accountId }: DetailsScreenProps) {
  const theme = useTheme();
  const deck = useDeckContext();
  const details = useDetails(accountId);
  useKeyOwner(details.owner);
  const account = deck.account(accountId);
  if (!account) {
    return (
      <Box flexDirection="column">
        <Title>Details</Title>
        <Message tone="warning">This account is no longer stored (removed here or by another process).</Message>
        <KeyHints bindings={[]} extra={[{ keys: 'Esc', hint: 'back' }]} />
      </Box>
    );
  }
  const check = deck.state.checks.get(accountId);
  const facts = rowFacts(account, check);
  return (
    <Box flexDirection="column">
      <Title aside={account.active ? `${SYMBOLS.active} active` : undefined}>{`Details · ${account.ref}`}</Title>
      <Box flexDirection="column" marginTop={1}>
        <Fact name="Provider">
          <ProviderTitle account={account} />
        </Fact>
        <Fact name="Kind">{KIND_NAMES[account.kind]}</Fact>
        <Fact name="Label">{account.label}</Fact>
        <Fact name="Reference">{`${account.ref}   (id ${account.id})`}</Fact>
        <Fact name="Secret">{`${account.secret}   (stored in ${account.storage === 'keyring' ? 'the OS keyring' : 'the config file'})`}</Fact>
        <Fact name="Active">{account.active ? 'yes: the active account of its provider and kind' : 'no'}</Fact>
        <Fact name="In effect">{inEffect(account)}</Fact>
        <Fact name="Health">
          <Text>
            <HealthBadge health={facts.health} checking={check?.state === 'checking'} />
            {facts.reason && facts.health !== 'valid' ? <Text color={theme.muted}>{`  ${facts.reason}`}</Text> : null}
          </Text>
        </Fact>
        <Fact name="Identity">{identityLines(account) || '— (check it to learn who it belongs to)'}</Fact>
        {account.resource ? <Fact name="Resource">{resourceLines(account)}</Fact> : null}
        <Fact name="Scopes">{account.scopes?.length ? account.scopes.join(' ') : '—'}</Fact>
        <Fact name="Expires">
          {account.expiresAt ? `${account.expiresAt}  (${describeExpiry(account.expiresAt)})` : 'no expiry known'}
        </Fact>
        <Fact name="Last check">{account.checkedAt ?? 'never'}</Fact>
        <Fact name="Created">{account.createdAt}</Fact>
        <Fact name="Remote token id">{account.remoteTokenId ?? '— (pasted: authdeck did not create it)'}</Fact>
        {account.description ? <Fact name="Description">{account.description}</Fact> : null}
        {Object.keys(account.endpoints).length > 0 ? (
          <Fact name="Endpoints">
            {Object.entries(account.endpoints)
              .map(([k, v]) => `${k}=${v}`)
              .join('  ')}
          </Fact>
        ) : null}
      </Box>
      <Box marginTop={1} flexDirection="column">
        <RotationView rotation={details.rotation} account={account} />
        <StatusLine status={deck.state.status} />
      </Box>
      <KeyHints bindings={[DETAILS_KEYS]} extra={[{ keys: 'Esc', hint: 'back' }]} />
    </Box>
  );
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
