import { assertValidLabel } from '../../core/labels.js';
import { auditAccounts } from '../audit-context.js';
import { cliService } from '../context.js';
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
  const service = await cliService();
  const account = service.resolveAccounts([ref])[0]!;
  auditAccounts([account]);
  const days = options.days ?? 90;
  if (options.store !== undefined) assertValidLabel(options.store);
  // A provider without a token API is refused by createToken itself, before anything is said about --days.
  const api = account.kind === 'user' ? service.providers.find((p) => p.id === account.provider)?.tokens : null;
  if (api && !api.expires && options.days !== undefined) {
    warn(`${account.provider} API tokens do not expire; --days is ignored`);
  }
  const created = await service.createToken(account.id, { description: options.description, days });
  maskForCi([created.token]);
  if (options.json) printJson({ id: created.id, token: created.token, expiresAt: created.expiresAt });
  else {
    writeOut(`${created.token}\n`);
  }
  warn('copy this token now: it will not be shown again.');
  notice(`Created token ${created.id}${created.expiresAt ? `, expires ${created.expiresAt}` : ''}.`, options);
  if (options.store !== undefined) {
    // Checked before it is stored (who it belongs to), exactly as the TUI's create screen stores one.
    const stored = await service.storeCreated(account.id, created, {
      description: options.description,
      activate: false,
      label: options.store,
    });
    notice(`Stored it as ${stored.ref} (id ${stored.id}).`, options);
  }
  return 0;
}
