import { auditAccounts } from '../audit-context.js';
import { cliService } from '../context.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';

interface UseOptions extends OutputOptions {
  dir?: string | boolean;
}

/**
 * `authdeck use <account> [--dir[=PATH]]`: the active account, or a directory binding (kept in authdeck's
 * config; nothing is written into the directory). What it reports is seen from where it applies: the bound
 * directory for `--dir`, the current one otherwise. The TUI's select-active screen calls the same service method.
 */
export default async function use(ref: string, options: UseOptions): Promise<number> {
  const service = await cliService();
  const target = service.resolveAccounts([ref])[0]!;
  auditAccounts([target]);
  const dir = options.dir === undefined ? undefined : options.dir === true ? process.cwd() : String(options.dir);
  const { account, dir: bound, source, warning } = await service.use(target.id, { dir });
  if (options.json) {
    printJson({
      id: account.id,
      ref: account.ref,
      active: account.active,
      ...(bound ? { dir: bound } : {}),
      inEffect: account.inEffect,
      source,
    });
  }
  if (bound) notice(`${account.ref} is now bound to ${bound} and below.`, options);
  else notice(`${account.ref} is now the active ${account.provider} ${account.kind} account.`, options);
  if (warning) warn(`${warning}.`);
  return 0;
}
