import type { CreatedToken, RemoteToken } from '../core/adapter.js';
import { tokenPage } from '../core/display.js';
import { UserError } from '../core/errors.js';
import type { Account } from '../core/model.js';
import type { AccountStore as Store } from '../core/ports.js';
import { accountRef, resolveReference } from '../core/references.js';
import { describeSecretRef } from '../core/secret-ref.js';
import { addAccount, credentialOf, withSecrets } from './accounts.js';
import { ports } from './ports.js';
import { withProviderContext } from './provider-context.js';

/** The token API of an account's provider, or a clear error naming the page where tokens are made. */
export function tokenApi(account: Account) {
  const provider = ports().providers.get(account.provider);
  if (!provider.tokens || account.kind !== 'user') {
    throw new UserError(
      `${provider.title} has no API for personal tokens${account.kind !== 'user' ? ` of kind ${account.kind}` : ''}`,
      { hint: `tokens are made on the web: ${tokenPage(provider)}` },
    );
  }
  return { provider, tokens: provider.tokens };
}

/** Creates a personal token through the service's API. */
export async function createToken(
  stored: Account,
  options: { description: string; days: number },
): Promise<CreatedToken> {
  const { tokens } = tokenApi(stored);
  const [account] = (await withSecrets([stored])) as [Account];
  return withProviderContext([account.secret], (ctx) => tokens.create(credentialOf(account), options, ctx));
}

/** Lists an account's personal tokens on the service (never their values). */
export async function listTokens(stored: Account): Promise<RemoteToken[]> {
  const { tokens } = tokenApi(stored);
  const [account] = (await withSecrets([stored])) as [Account];
  return withProviderContext([account.secret], (ctx) => tokens.list(credentialOf(account), ctx));
}

/** Revokes one personal token on the service. */
export async function revokeToken(stored: Account, tokenId: string): Promise<void> {
  const { tokens } = tokenApi(stored);
  const [account] = (await withSecrets([stored])) as [Account];
  await withProviderContext([account.secret], (ctx) => tokens.revoke(credentialOf(account), tokenId, ctx));
}

/** One step of a rotation and how it went, so the person is told exactly what happened. */
export interface RotationStep {
  step: 'create' | 'check' | 'store' | 'revoke';
  ok: boolean;
  detail: string;
}

/**
 * Rotates a token authdeck can make: create a replacement with the same description and lifetime,
 * check it, store it in place (same id and label, still active), then revoke the old one. If a step
 * fails the old token keeps working and the steps say what happened.
 */
export async function rotateToken(
  store: Store,
  ref: string,
  days: number | undefined,
): Promise<{ account: Account; steps: RotationStep[]; ok: boolean }> {
  const stored = resolveReference(ref, store.read().accounts);
  const { provider, tokens } = tokenApi(stored);
  if (stored.storage === 'reference' && stored.from) {
    throw new UserError(
      `${accountRef(stored)} takes its secret from ${describeSecretRef(stored.from)}, which authdeck cannot write`,
      {
        hint: `make the new token with \`authdeck token create ${accountRef(stored)}\`, store it where the reference points, then revoke the old one`,
      },
    );
  }
  const [account] = (await withSecrets([stored])) as [Account];
  const steps: RotationStep[] = [];
  const lifetime =
    days ??
    (account.expiresAt
      ? Math.max(1, Math.round((Date.parse(account.expiresAt) - Date.parse(account.createdAt)) / 86_400_000))
      : 90);
  const description = account.description ?? `authdeck ${account.label}`;
  return withProviderContext([account.secret], async (ctx) => {
    let created: CreatedToken;
    try {
      created = await tokens.create(credentialOf(account), { description, days: lifetime }, ctx);
      steps.push({ step: 'create', ok: true, detail: `created token ${created.id}` });
    } catch (error) {
      steps.push({ step: 'create', ok: false, detail: (error as Error).message });
      return { account, steps, ok: false };
    }
    const replacement = { ...credentialOf(account), secret: created.token };
    const check = await provider.check(replacement, ctx);
    if (check.health !== 'valid' && check.health !== 'expiring') {
      steps.push({
        step: 'check',
        ok: false,
        detail: `the new token is ${check.health}${check.reason ? `: ${check.reason}` : ''}`,
      });
      await tokens.revoke(credentialOf(account), created.id, ctx).catch(() => {});
      return { account, steps, ok: false };
    }
    steps.push({ step: 'check', ok: true, detail: `the new token is ${check.health}` });
    const oldId = account.remoteTokenId;
    const stored = await addAccount(store, {
      provider: account.provider,
      kind: account.kind,
      secret: created.token,
      label: account.label,
      url: account.resource?.url,
      endpoints: account.endpoints,
      replace: true,
      deck: account.deck ?? undefined,
      check,
      remoteTokenId: created.id,
      description,
      expiresAt: created.expiresAt,
    });
    steps.push({
      step: 'store',
      ok: true,
      detail: `stored in place as ${account.provider}/${account.label} (id ${account.id})`,
    });
    if (!oldId) {
      steps.push({
        step: 'revoke',
        ok: false,
        detail: `the old token was not made by authdeck, so its id on the service is unknown: revoke it at ${tokenPage(provider)}`,
      });
      return { account: stored.account, steps, ok: true };
    }
    try {
      await tokens.revoke({ ...credentialOf(account), secret: created.token }, oldId, ctx);
      steps.push({ step: 'revoke', ok: true, detail: `revoked the old token ${oldId}` });
      return { account: stored.account, steps, ok: true };
    } catch (error) {
      steps.push({
        step: 'revoke',
        ok: false,
        detail: `could not revoke the old token ${oldId}: ${(error as Error).message}`,
      });
      return { account: stored.account, steps, ok: false };
    }
  });
}
