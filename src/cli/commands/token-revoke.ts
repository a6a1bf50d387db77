import { auditAccounts } from '../audit-context.js';
import { cliService } from '../context.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';

/** `authdeck token revoke <account> <id>`. */
export default async function tokenRevoke(ref: string, id: string, options: OutputOptions): Promise<number> {
  const service = await cliService();
  const account = service.resolveAccounts([ref])[0]!;
  auditAccounts([account]);
  await service.revokeToken(account.id, id);
  if (options.json) printJson({ revoked: id });
  notice(`Revoked token ${id}.`, options);
  if (id === account.remoteTokenId) warn(`that was the token of ${account.label} itself; it no longer works.`);
  return 0;
}
