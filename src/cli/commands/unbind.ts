import { unbindDirectory } from '../../app/accounts.js';
import { accountRef } from '../../core/references.js';
import { auditAccounts } from '../audit-context.js';
import { cliStore } from '../context.js';
import { notice, type OutputOptions } from '../output.js';

/** `authdeck unbind [PATH]`: remove a directory binding (exit 4 when there is none). */
export default async function unbind(path: string | undefined, options: OutputOptions): Promise<number> {
  const dir = path ?? process.cwd();
  const accounts = await unbindDirectory(cliStore(), dir);
  auditAccounts(accounts);
  notice(
    `Removed the binding of ${dir}${accounts.length ? ` (${accounts.map(accountRef).join(', ')})` : ''}.`,
    options,
  );
  return 0;
}
