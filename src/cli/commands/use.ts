import { bindAccount, describeAccounts, useAccount } from '../../core/accounts.js';
import { accountRef } from '../../core/references.js';
import { cliStore } from '../context.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';

interface UseOptions extends OutputOptions {
  dir?: string | boolean;
}

/** `authdeck use <account> [--dir[=PATH]]`: the active account, or a directory binding. */
export default async function use(ref: string, options: UseOptions): Promise<number> {
  const store = cliStore();
  const bindTo = options.dir === undefined ? null : options.dir === true ? process.cwd() : String(options.dir);
  const account = bindTo ? await bindAccount(store, ref, bindTo) : await useAccount(store, ref);
  const view = describeAccounts(store.read()).accounts.find((a) => a.id === account.id)!;
  if (options.json)
    printJson({ id: account.id, ref: view.ref, active: view.active, inEffect: view.inEffect, source: view.source });
  if (bindTo)
    notice(`${accountRef(account)} is now in effect in ${view.source.slice(4) || bindTo} and below.`, options);
  else notice(`${accountRef(account)} is now the active ${account.provider} ${account.kind} account.`, options);
  if (view.shadowedBy)
    warn(`${view.shadowedBy} is set in this shell and wins until it is unset (unset ${view.shadowedBy}).`);
  else if (!view.inEffect)
    warn(`here, ${view.source} wins over this choice; see \`authdeck explain ${account.provider}\`.`);
  return 0;
}
