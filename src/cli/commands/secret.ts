import { auditAccounts, auditProviders } from '../audit-context.js';
import { cliService } from '../context.js';
import { maskForCi } from '../github-actions.js';
import { notice, type OutputOptions, writeOut } from '../output.js';
import { explainInEffect } from './env.js';

interface SecretOptions extends OutputOptions {
  session?: boolean;
}

/**
 * `authdeck secret <account> [--session]`: exactly one secret and a newline on stdout, for `$(…)`, like
 * `gh auth token`. `<account>` is an account reference; when it names no account but is a provider
 * (`curvenote`) or a provider and kind (`nuclia/kb`), it means the credential in effect for it here — the
 * user's own vendor variable included. With `--session`, an exchanged session token instead.
 */
export default async function secret(ref: string, options: SecretOptions): Promise<number> {
  const service = await cliService();
  const selection = service.selectSecret(ref);
  if (selection.account && selection.source) {
    notice(`${selection.account.ref} is in effect (source: ${selection.source}).`, options);
  }
  if (!selection.account) explainInEffect(selection, options);
  if (selection.account) auditAccounts([selection.account]);
  else auditProviders([selection.provider]);
  const value = await service.revealSecret(selection, { session: options.session });
  maskForCi([value]);
  writeOut(`${value}\n`);
  return 0;
}
