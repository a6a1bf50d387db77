import { ExitCode } from '../../core/errors.js';
import { auditAccounts } from '../audit-context.js';
import { cliService } from '../context.js';
import { notice, type OutputOptions, printJson } from '../output.js';

/** `authdeck token rotate <account> [--days N]`: replace in place, reporting each step. */
export default async function tokenRotate(ref: string, options: OutputOptions & { days?: number }): Promise<number> {
  const service = await cliService();
  const account = service.resolveAccounts([ref])[0]!;
  auditAccounts([account]);
  // `days` is range-checked by commander (RANGES.tokenDays).
  const { steps, ok } = await service.rotate(account.id, options.days);
  if (options.json) printJson({ ok, steps });
  for (const s of steps) notice(`${s.ok ? '✓' : '✗'} ${s.step}: ${s.detail}`, { quiet: options.quiet && s.ok });
  if (!ok && !steps.some((s) => s.step === 'store' && s.ok))
    notice('The old token is unchanged and still works.', options);
  return ok ? ExitCode.ok : ExitCode.failed;
}
