import { credentialOf } from '../../app/accounts.js';
import { exchangeError, secretOf, selectInEffect } from '../../app/in-effect.js';
import type { Credential, CredentialKind } from '../../core/adapter.js';
import { ExitCode, inputError, UserError } from '../../core/errors.js';
import type { Account, StoreData } from '../../core/model.js';
import { accountRef, matchReference, resolveReference } from '../../core/references.js';
import { getProvider, isProviderId, providers } from '../../providers/registry.js';
import { auditAccounts, auditProviders } from '../audit-context.js';
import { cliStore } from '../context.js';
import { maskForCi } from '../github-actions.js';
import { notice, type OutputOptions, writeOut } from '../output.js';
import { explainInEffect } from './env.js';

interface SecretOptions extends OutputOptions {
  session?: boolean;
}

/** The credential `secret` prints: a stored account's, or the user's own vendor variable's. */
interface Target {
  account: Account | null;
  credential: Credential;
}

/**
 * `authdeck secret <account> [--session]`: exactly one secret and a newline on stdout, for `$(…)`, like
 * `gh auth token`. `<account>` is an account reference; when it names no account but is a provider
 * (`curvenote`) or a provider and kind (`nuclia/kb`), it means the credential in effect for it here — the
 * user's own vendor variable included. With `--session`, an exchanged session token instead.
 */
export default async function secret(ref: string, options: SecretOptions): Promise<number> {
  const target = await pick(ref, cliStore().read(), options);
  const provider = getProvider(target.credential.provider);
  if (target.account) auditAccounts([target.account]);
  else auditProviders([provider.id]);
  let value = target.credential.secret;
  if (options.session) {
    if (!provider.session) {
      throw inputError(
        `${provider.title} has no session token to exchange`,
        `\`authdeck secret ${ref}\` prints its secret`,
      );
    }
    const exchange = provider.session.bind(provider);
    const { withProviderContext } = await import('../../app/provider-context.js');
    try {
      value = await withProviderContext([value], (ctx) => exchange(target.credential, ctx));
    } catch (error) {
      throw target.account ? exchangeError(error, provider.title, target.account) : error;
    }
  }
  maskForCi([value]);
  writeOut(`${value}\n`);
  return 0;
}

/** Resolves the argument: an account reference first, else a provider (and kind) to resolve by precedence. */
async function pick(ref: string, data: StoreData, options: OutputOptions): Promise<Target> {
  const fromAccount = async (account: Account): Promise<Target> => ({
    account,
    credential: { ...credentialOf(account), secret: await secretOf(account) },
  });
  const [providerName = '', kindName = 'user', ...rest] = ref.split('/');
  if (matchReference(ref, data.accounts).length > 0 || !isProviderId(providerName) || rest.length > 0) {
    return fromAccount(resolveReference(ref, data.accounts));
  }
  const provider = getProvider(providerName);
  if (!(provider.kinds as string[]).includes(kindName)) {
    throw inputError(
      `${provider.id} has no kind ${JSON.stringify(kindName)}`,
      `${provider.id} kinds: ${provider.kinds.join(', ')}`,
    );
  }
  const kind = kindName as CredentialKind;
  const inEffect = selectInEffect({ data, all: providers, only: [provider.id] });
  const winner = inEffect.resolutions.find((r) => r.kind === kind)?.winner;
  if (!winner) {
    throw new UserError(`no ${provider.id}${kind === 'user' ? '' : ` ${kind}`} credential is in effect here`, {
      code: ExitCode.notFound,
      hint: `add one (authdeck add ${provider.id}), or name an account: authdeck secret ${provider.id}/<label>`,
    });
  }
  if (winner.account) {
    notice(`${accountRef(winner.account)} is in effect (source: ${winner.source}).`, options);
    return fromAccount(winner.account);
  }
  explainInEffect({ ...inEffect, userVars: inEffect.userVars.filter((v) => v.kind === kind) }, options);
  const spec = provider.env.find((v) => v.name === winner.envName)!;
  const urlVar = provider.env.find((v) => v.kind === kind && v.role === 'url');
  const url = urlVar ? process.env[urlVar.name] : undefined;
  return {
    account: null,
    credential: {
      provider: provider.id,
      kind,
      secret: process.env[spec.name] ?? '',
      endpoints: {},
      resource: url ? { url } : null,
      isSession: spec.role === 'session',
    },
  };
}
