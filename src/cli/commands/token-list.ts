import { inert } from '../../core/inert.js';
import { auditAccounts } from '../audit-context.js';
import { cliService } from '../context.js';
import { type OutputOptions, printJson, writeOut } from '../output.js';

/** `authdeck token list <account>`: the service-side tokens, never their values. */
export default async function tokenList(ref: string, options: OutputOptions): Promise<number> {
  const service = await cliService();
  const account = service.resolveAccounts([ref])[0]!;
  auditAccounts([account]);
  const tokens = await service.listTokens(account.id);
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
