import { ExitCode, inputError } from '../../core/errors.js';
import { auditAccounts } from '../audit-context.js';
import { cliService, interactive } from '../context.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';

interface RemoveOptions extends OutputOptions {
  revoke?: boolean;
  yes?: boolean;
}

/**
 * `authdeck remove <account> [--revoke] [--yes]`: forget locally, revoking first where the service can. The TUI's
 * remove screen calls the same service method, so both revoke by one rule and fail with one exit code (3 when
 * the service cannot be reached, the account still stored).
 */
export default async function remove(ref: string, options: RemoveOptions): Promise<number> {
  const service = await cliService();
  const account = service.resolveAccounts([ref])[0]!;
  const name = `${account.ref} (id ${account.id})`;
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
  const { ref: removed, revoked, note } = await service.remove(account.id, { revoke: Boolean(options.revoke) });
  if (note) warn(note);
  if (options.json) printJson({ removed: account.id, ref: removed, revoked });
  notice(`${revoked ? 'Revoked and forgot' : 'Forgot'} ${name}.`, options);
  return 0;
}
