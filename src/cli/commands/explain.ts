import { accountRef } from '../../core/references.js';
import type { ChainLink, Resolution } from '../../core/sources.js';
import { auditProviders } from '../audit-context.js';
import { cliService } from '../context.js';
import { colorEnabled, type OutputOptions, painter, printJson, warn, writeOut } from '../output.js';

/** The JSON of one source: never a variable's value, only its name. */
function linkJson(link: Pick<ChainLink, 'source' | 'account'>) {
  return { source: link.source, account: link.account ? { id: link.account.id, label: link.account.label } : null };
}

/** The `explain --json` document (issue 5): every provider and kind, its winner and its whole chain. */
export function explainJson(resolutions: readonly Resolution[]) {
  return {
    entries: resolutions.map((r) => ({
      provider: r.provider,
      kind: r.kind,
      winner: r.winner ? linkJson(r.winner) : null,
      chain: r.chain.map((l) => ({ ...linkJson(l), shadowed: l.shadowed })),
    })),
  };
}

/** How a source reads for people. */
function describeSource(link: ChainLink): string {
  if (link.envName) return `the ${link.envName} env variable (value not shown)`;
  const who = link.account ? `${accountRef(link.account)} (id ${link.account.id})` : '';
  if (link.source === 'flag') return `${who}, named by --account`;
  if (link.source === 'AUTHDECK_ACCOUNT') return `${who}, named by AUTHDECK_ACCOUNT`;
  if (link.source.startsWith('dir:')) return `${who}, bound to ${link.source.slice(4)}`;
  return `${who}, the stored active account`;
}

/** The human rendering: one block per provider and kind, winner first, then what it shadows. */
export function renderExplain(resolutions: readonly Resolution[], color: boolean): string {
  const paint = painter(color);
  const lines: string[] = [];
  for (const r of resolutions) {
    const title = `${r.provider}${r.kind === 'user' ? '' : ` ${r.kind}`}`;
    if (!r.winner) {
      lines.push(`${paint('bold', title)}: ${paint('gray', 'nothing in effect')}`);
      continue;
    }
    lines.push(`${paint('bold', title)}: ${r.winner.source} wins`);
    for (const link of r.chain) {
      const mark = link.shadowed ? paint('gray', '  shadowed ') : paint('green', '  in effect ');
      lines.push(`${mark}${link.source.padEnd(18)} ${describeSource(link)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `authdeck explain [provider] [--json]`: for each provider and kind, every source in the precedence chain,
 * which wins and what it shadows. Values of variables are never printed, only their names.
 */
export default async function explain(provider: string | undefined, options: OutputOptions): Promise<number> {
  const inEffect = (await cliService()).explain(provider);
  for (const problem of inEffect.problems) warn(`${problem}; it is ignored`);
  if (provider) auditProviders([provider]);
  if (options.json) printJson(explainJson(inEffect.resolutions));
  else writeOut(renderExplain(inEffect.resolutions, colorEnabled()));
  return 0;
}
