import { revokeToken } from '../../app/tokens.js';
import { resolveReference } from '../../core/references.js';
import { auditAccounts } from '../audit-context.js';
import { cliStore } from '../context.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';

/** `authdeck token revoke <account> <id>`. */
export default async function tokenRevoke(ref: string, id: string, options: OutputOptions): Promise<number> {
  const account = resolveReference(ref, cliStore().read().accounts);
  auditAccounts([account]);
  await revokeToken(account, id);
  if (options.json) printJson({ revoked: id });
  notice(`Revoked token ${id}.`, options);
  if (id === account.remoteTokenId) warn(`that was the token of ${account.label} itself; it no longer works.`);
  return 0;
}
