import { bindAccount, bindingPath, describeAccounts, useAccount } from '../../core/accounts.js';
import { accountRef } from '../../core/references.js';
import { auditAccounts } from '../audit-context.js';
import { cliStore } from '../context.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';

interface UseOptions extends OutputOptions {
  dir?: string | boolean;
}

/**
 * `authdeck use <account> [--dir[=PATH]]`: the active account, or a directory binding (kept in authdeck's
 * config; nothing is written into the directory). What it reports is seen from where it applies: the bound
 * directory for `--dir`, the current one otherwise.
 */
export default async function use(ref: string, options: UseOptions): Promise<number> {
  const store = cliStore();
  const bindTo =
    options.dir === undefined ? null : bindingPath(options.dir === true ? process.cwd() : String(options.dir));
  const account = bindTo ? await bindAccount(store, ref, bindTo) : await useAccount(store, ref);
  auditAccounts([account]);
  const seen = describeAccounts(store.read(), { cwd: bindTo ?? process.cwd() });
  const view = seen.accounts.find((a) => a.id === account.id)!;
  const winner = seen.resolutions.find((r) => r.provider === account.provider && r.kind === account.kind)?.winner;
  if (options.json) {
    printJson({
      id: account.id,
      ref: view.ref,
      active: view.active,
      ...(bindTo ? { dir: bindTo } : {}),
      inEffect: view.inEffect,
      source: winner?.source ?? view.source,
    });
  }
  if (bindTo) notice(`${accountRef(account)} is now bound to ${bindTo} and below.`, options);
  else notice(`${accountRef(account)} is now the active ${account.provider} ${account.kind} account.`, options);
  if (view.shadowedBy) {
    warn(`${view.shadowedBy} is set in this shell and wins until it is unset (unset ${view.shadowedBy}).`);
  } else if (!view.inEffect && winner) {
    warn(
      `${bindTo ? `in ${bindTo}` : 'here'}, ${winner.source} wins over this choice; see \`authdeck explain ${account.provider}\`.`,
    );
  }
  return 0;
}
