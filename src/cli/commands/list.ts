import type { AccountView, EnvInEffect } from '../../app/accounts.js';
import { healthWord, identitySummary, KIND_GROUPS } from '../../core/display.js';
import { describeExpiry } from '../../core/expiry.js';
import type { Health } from '../../core/vocabulary.js';
import { cliService } from '../context.js';
import { colorEnabled, notice, type OutputOptions, painter, printJsonList, type Style, writeOut } from '../output.js';

/** Colour of each health badge. */
export const HEALTH_STYLE: Record<Health, Style> = {
  valid: 'green',
  expiring: 'yellow',
  expired: 'red',
  rejected: 'red',
  insufficient_scope: 'magenta',
  unreachable: 'yellow',
  unchecked: 'gray',
};

/** `authdeck list [--json]`. */
export default async function list(options: OutputOptions): Promise<number> {
  const { accounts, env } = (await cliService()).snapshot();
  if (options.json) {
    printJsonList('accounts', accounts, toJson, { env });
    return 0;
  }
  printEnvNotices(env, accounts, options);
  writeOut(renderTable(accounts, colorEnabled()));
  return 0;
}

/** The JSON shape of one account in `list --json` (issue 2), plus the reference. */
export function toJson(a: AccountView) {
  return {
    id: a.id,
    provider: a.provider,
    kind: a.kind,
    label: a.label,
    ref: a.ref,
    active: a.active,
    inEffect: a.inEffect,
    source: a.source,
    shadowedBy: a.shadowedBy,
    secret: a.secret,
    storage: a.storage,
    ...(a.from ? { from: a.from } : {}),
    ...(a.deck ? { deck: a.deck } : {}),
    identity: a.identity,
    resource: a.resource,
    scopes: a.scopes,
    expiresAt: a.expiresAt,
    health: a.health,
    reason: a.reason,
    checkedAt: a.checkedAt,
  };
}

/** One line on stderr per vendor variable in effect, as the Curvenote CLI does. */
export function printEnvNotices(env: EnvInEffect[], accounts: AccountView[], options: OutputOptions): void {
  for (const e of env) {
    const shadowed = accounts.find((a) => a.id === e.shadows);
    notice(`Using the ${e.name} env variable${shadowed ? ` (it shadows ${shadowed.ref})` : ''}.`, options);
  }
}

/** The human table: grouped by kind, active marked, health and expiry. */
export function renderTable(accounts: AccountView[], color: boolean, now = new Date()): string {
  const paint = painter(color);
  if (accounts.length === 0) {
    return 'No accounts yet. Add one with `authdeck add <provider>` (or run `authdeck` in a terminal).\n';
  }
  const lines: string[] = [];
  for (const group of KIND_GROUPS) {
    const rows = accounts.filter((a) => a.kind === group.kind);
    if (rows.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(paint('bold', group.title));
    const cells = rows.map((a) => [
      a.active ? '●' : ' ',
      a.provider,
      a.deck ? `${a.deck}:${a.label}` : a.label,
      identitySummary(a) || '—',
      a.secret,
      healthWord(a.health),
      [
        describeExpiry(a.expiresAt, now),
        a.shadowedBy && `shadowed by ${a.shadowedBy}`,
        a.source.startsWith('dir:') && 'bound here',
        a.from && `from ${a.from}`,
      ]
        .filter(Boolean)
        .join(', '),
    ]);
    const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
    cells.forEach((c, r) => {
      const padded = c.map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i]!)));
      padded[0] = paint('green', padded[0]!);
      padded[5] = paint(HEALTH_STYLE[rows[r]!.health], padded[5]!);
      lines.push(`  ${padded[0]} ${padded.slice(1).join('  ').trimEnd()}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
