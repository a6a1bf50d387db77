import { type EnvFormat, planExport, renderEnv } from '../../core/env-export.js';
import { exportVariables, type InEffect, providersWithNothing, selectInEffect } from '../../core/in-effect.js';
import { accountRef } from '../../core/references.js';
import { providers } from '../../providers/registry.js';
import { auditAccounts, auditProviders } from '../audit-context.js';
import { cliStore } from '../context.js';
import { maskForCi, secretValues } from '../github-actions.js';
import { notice, type OutputOptions, warn, writeOut } from '../output.js';

interface EnvOptions extends OutputOptions {
  account?: string[];
  format: EnvFormat;
}

/**
 * `authdeck env [provider...] [--account A]... [--format F]`: the credentials in effect as the vendors' own
 * variables, plus `AUTHDECK_EXPORTED`, for `eval "$(authdeck env)"`. Only shell code (or dotenv/JSON) goes to
 * stdout, and only when every exchange worked: a half-written environment is worse than none.
 */
export default async function env(only: string[], options: EnvOptions): Promise<number> {
  const inEffect = selectInEffect({
    data: cliStore().read(),
    all: providers,
    only,
    flagRefs: options.account,
  });
  explainInEffect(inEffect, options);
  auditAccounts(inEffect.accounts.map((a) => a.account));
  auditProviders(inEffect.userVars.map((v) => v.provider));
  // Not an error: a shell hook names its providers, and leaving a bound directory must still unset their variables.
  const missing = providersWithNothing(inEffect, only);
  if (missing.length > 0) notice(`Nothing is in effect for ${missing.join(', ')} here.`, options);
  const vars = await exportVariables(inEffect);
  maskForCi(secretValues(vars));
  const plan = planExport({ vars, scope: inEffect.scope, env: process.env });
  writeOut(renderEnv(plan, options.format));
  return 0;
}

/** On stderr: variables the user set that win (left alone), and AUTHDECK_ACCOUNT references that select nothing. */
export function explainInEffect(inEffect: InEffect, options: OutputOptions): void {
  for (const problem of inEffect.problems) warn(`${problem}; it is ignored`);
  for (const v of inEffect.userVars) {
    notice(
      `Using the ${v.name} env variable${v.shadows ? ` (it shadows ${accountRef(v.shadows)})` : ''}; authdeck leaves it as it is.`,
      options,
    );
  }
}
