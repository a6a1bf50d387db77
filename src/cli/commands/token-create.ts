import { createToken, tokenApi } from '../../app/tokens.js';
import { assertValidLabel } from '../../core/labels.js';
import { resolveReference } from '../../core/references.js';
import { auditAccounts } from '../audit-context.js';
import { cliService, cliStore } from '../context.js';
import { maskForCi } from '../github-actions.js';
import { notice, type OutputOptions, printJson, warn, writeOut } from '../output.js';

interface CreateOptions extends OutputOptions {
  description: string;
  /** Range-checked by commander (RANGES.tokenDays). */
  days?: number;
  store?: string;
}

/** `authdeck token create <account>`: a new personal token, shown once. */
export default async function tokenCreate(ref: string, options: CreateOptions): Promise<number> {
  const store = cliStore();
  const account = resolveReference(ref, store.read().accounts);
  auditAccounts([account]);
  const { tokens } = tokenApi(account);
  const days = options.days ?? 90;
  if (options.store !== undefined) assertValidLabel(options.store);
  if (!tokens.expires && options.days !== undefined) {
    warn(`${account.provider} API tokens do not expire; --days is ignored`);
  }
  const created = await createToken(account, { description: options.description, days });
  maskForCi([created.token]);
  if (options.json) printJson({ id: created.id, token: created.token, expiresAt: created.expiresAt });
  else {
    writeOut(`${created.token}\n`);
  }
  warn('copy this token now: it will not be shown again.');
  notice(`Created token ${created.id}${created.expiresAt ? `, expires ${created.expiresAt}` : ''}.`, options);
  if (options.store !== undefined) {
    // Checked before it is stored (who it belongs to), exactly as the TUI's create screen stores one.
    const stored = await (await cliService()).storeCreated(account.id, created, {
      description: options.description,
      activate: false,
      label: options.store,
    });
    notice(`Stored it as ${stored.ref} (id ${stored.id}).`, options);
  }
  return 0;
}
