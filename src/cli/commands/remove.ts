import { removeAccount } from '../../core/accounts.js';
import { tokenPage } from '../../core/display.js';
import { ExitCode, inputError, UserError } from '../../core/errors.js';
import { accountRef, resolveReference } from '../../core/references.js';
import { getProvider } from '../../providers/registry.js';
import { auditAccounts } from '../audit-context.js';
import { cliStore, interactive } from '../context.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';

interface RemoveOptions extends OutputOptions {
  revoke?: boolean;
  yes?: boolean;
}

/** `authdeck remove <account> [--revoke] [--yes]`: forget locally, revoking first where the service can. */
export default async function remove(ref: string, options: RemoveOptions): Promise<number> {
  const store = cliStore();
  const account = resolveReference(ref, store.read().accounts);
  const name = `${accountRef(account)} (id ${account.id})`;
  auditAccounts([account]);
  if (!options.yes) {
    if (!interactive()) throw inputError(`removing ${name} needs confirmation`, 'pass --yes when there is no terminal');
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`Remove ${name}${options.revoke ? ' and revoke it on the service' : ''}? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      notice('Nothing was removed.', options);
      return ExitCode.failed;
    }
  }
  let revoked: 'revoked' | 'not-possible' | null = null;
  if (options.revoke) {
    const provider = getProvider(account.provider);
    if (provider.tokens && account.kind === 'user' && account.remoteTokenId) {
      const { revokeToken } = await import('../../core/tokens.js');
      try {
        await revokeToken(account, account.remoteTokenId);
        revoked = 'revoked';
      } catch (error) {
        throw new UserError(
          `could not revoke ${name} on ${provider.title}: ${(error as Error).message}; it is still stored`,
          {
            code: (error as { health?: string }).health === 'unreachable' ? ExitCode.unreachable : ExitCode.failed,
            hint: 'try again, or remove it without --revoke and revoke it on the web',
          },
        );
      }
    } else {
      revoked = 'not-possible';
      warn(
        `${provider.title} ${
          provider.tokens && account.kind === 'user'
            ? 'can revoke only tokens authdeck created, and this one was pasted'
            : 'has no API to revoke this token'
        }: revoke it at ${tokenPage(provider)}`,
      );
    }
  }
  await removeAccount(store, account.id);
  if (options.json) printJson({ removed: account.id, ref: accountRef(account), revoked: revoked === 'revoked' });
  notice(`${revoked === 'revoked' ? 'Revoked and forgot' : 'Forgot'} ${name}.`, options);
  return 0;
}
