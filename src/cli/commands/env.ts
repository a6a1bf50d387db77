import type { InEffect } from '../../app/in-effect.js';
import { type EnvFormat, type EnvPlan, planExport, renderEnv } from '../../core/env-export.js';
import { inputError } from '../../core/errors.js';
import {
  checkPromptFormat,
  DEFAULT_PROMPT_FORMAT,
  formatPrompt,
  PROMPT_VAR,
  promptItems,
} from '../../core/prompt-segment.js';
import { accountRef } from '../../core/references.js';
import { auditAccounts, auditProviders } from '../audit-context.js';
import { cliService } from '../context.js';
import { notice, type OutputOptions, warn, writeOut } from '../output.js';

interface EnvOptions extends OutputOptions {
  account?: string[];
  format: EnvFormat;
  /** Run by the shell hook (`authdeck hook`), with this shell's id: also write its stamp and its state. */
  hook?: string;
  /** Also export AUTHDECK_PROMPT in this format (the hook always asks for it). */
  promptFormat?: string;
}

/**
 * `authdeck env [provider...] [--account A]... [--format F]`: the credentials in effect as the vendors' own
 * variables, plus `AUTHDECK_EXPORTED`, for `eval "$(authdeck env)"`. Only shell code (or dotenv/JSON) goes to
 * stdout, and only when every exchange worked: a half-written environment is worse than none.
 */
export default async function env(only: string[], options: EnvOptions): Promise<number> {
  const hookFormat = options.format === 'sh' || options.format === 'fish' ? options.format : null;
  if (options.hook !== undefined && !hookFormat) throw inputError('--hook writes sh or fish only');
  if (options.promptFormat !== undefined) checkPromptFormat(options.promptFormat);
  const service = await cliService();
  const selection = await service.selectEnv({ only, accounts: options.account, hook: options.hook });
  const { inEffect, hook } = selection;
  explainInEffect(inEffect, options);
  auditAccounts(inEffect.accounts.map((a) => a.account));
  auditProviders(inEffect.userVars.map((v) => v.provider));
  // Not an error: a shell hook names its providers, and leaving a bound directory must still unset their variables.
  if (selection.missing.length > 0) notice(`Nothing is in effect for ${selection.missing.join(', ')} here.`, options);
  const { vars, expiries } = await service.exportEnv(selection);
  if (process.env.GITHUB_ACTIONS === 'true') {
    const { maskForCi, secretValues } = await import('../github-actions.js');
    maskForCi(secretValues(vars));
  }
  const plan = planExport({ vars, scope: inEffect.scope, env: process.env });
  if (options.promptFormat !== undefined || hook) withPrompt(plan, inEffect, options.promptFormat);
  let text = renderEnv(plan, options.format);
  if (hook && hookFormat) {
    // An exchanged session token (a JWT) expires: the hook runs env again a minute before.
    const { refreshDeadline, renderHookState } = await import('../../core/shell-hook.js');
    const until = refreshDeadline(expiries, Date.now() / 1000);
    text += renderHookState({ id: hook.id, config: selection.configPath, stamp: hook.stamp, until }, hookFormat);
  }
  writeOut(text);
  return 0;
}

/** Adds AUTHDECK_PROMPT to the plan: set to the segment, or unset when nothing is in effect. */
function withPrompt(plan: EnvPlan, inEffect: InEffect, format = DEFAULT_PROMPT_FORMAT): void {
  const segment = formatPrompt(promptItems(inEffect.resolutions), format);
  if (segment) plan.set.push([PROMPT_VAR, segment]);
  else if (process.env[PROMPT_VAR] !== undefined) plan.unset.push(PROMPT_VAR);
}

/** On stderr: variables the user set that win (left alone), and AUTHDECK_ACCOUNT references that select nothing. */
export function explainInEffect(inEffect: Pick<InEffect, 'problems' | 'userVars'>, options: OutputOptions): void {
  for (const problem of inEffect.problems) warn(`${problem}; it is ignored`);
  for (const v of inEffect.userVars) {
    notice(
      `Using the ${v.name} env variable${v.shadows ? ` (it shadows ${accountRef(v.shadows)})` : ''}; authdeck leaves it as it is.`,
      options,
    );
  }
}
