import { auditAccounts } from '../audit-context.js';
import { cliService } from '../context.js';
import { notice, type OutputOptions } from '../output.js';

/** `authdeck unbind [PATH]`: remove a directory binding (exit 4 when there is none). */
export default async function unbind(path: string | undefined, options: OutputOptions): Promise<number> {
  const { dir, accounts } = await (await cliService()).unbind(path);
  auditAccounts(accounts);
  notice(
    `Removed the binding of ${dir}${accounts.length ? ` (${accounts.map((a) => a.ref).join(', ')})` : ''}.`,
    options,
  );
  return 0;
}
