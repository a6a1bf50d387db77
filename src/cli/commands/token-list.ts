import { listTokens } from '../../app/tokens.js';
import { inert } from '../../core/inert.js';
import { resolveReference } from '../../core/references.js';
import { auditAccounts } from '../audit-context.js';
import { cliStore } from '../context.js';
import { type OutputOptions, printJson, writeOut } from '../output.js';

/** `authdeck token list <account>`: the service-side tokens, never their values. */
export default async function tokenList(ref: string, options: OutputOptions): Promise<number> {
  const account = resolveReference(ref, cliStore().read().accounts);
  auditAccounts([account]);
  const tokens = await listTokens(account);
  if (options.json) {
    printJson({ tokens });
    return 0;
  }
  if (tokens.length === 0) writeOut('No personal tokens.\n');
  for (const t of tokens) {
    const mine = t.id === account.remoteTokenId ? '  (this account)' : '';
    // Each field is outside text: one line each, nothing a terminal obeys.
    const line = `${inert(t.id)}  ${inert(t.description ?? '—')}  ${t.expiresAt ? `expires ${inert(t.expiresAt)}` : 'no expiry'}`;
    writeOut(`${line}${mine}\n`);
  }
  return 0;
}
