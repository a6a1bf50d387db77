import { ExitCode, inputError } from '../../core/errors.js';
import { rotateToken } from '../../core/tokens.js';
import { auditAccounts } from '../audit-context.js';
import { cliStore } from '../context.js';
import { notice, type OutputOptions, printJson } from '../output.js';

/** `authdeck token rotate <account> [--days N]`: replace in place, reporting each step. */
export default async function tokenRotate(ref: string, options: OutputOptions & { days?: string }): Promise<number> {
  const days = options.days === undefined ? undefined : Number(options.days);
  if (days !== undefined && (!Number.isInteger(days) || days < 1))
    throw inputError('--days must be a whole number ≥ 1');
  const { account, steps, ok } = await rotateToken(cliStore(), ref, days);
  auditAccounts([account]);
  if (options.json) printJson({ ok, steps });
  for (const s of steps) notice(`${s.ok ? '✓' : '✗'} ${s.step}: ${s.detail}`, { quiet: options.quiet && s.ok });
  if (!ok && !steps.some((s) => s.step === 'store' && s.ok))
    notice('The old token is unchanged and still works.', options);
  return ok ? ExitCode.ok : ExitCode.failed;
}
