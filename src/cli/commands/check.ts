import type { TimedCheckResult } from '../../app/check.js';
import { healthWord, identitySummary } from '../../core/display.js';
import { ExitCode } from '../../core/errors.js';
import { describeExpiry, expiresWithin } from '../../core/expiry.js';
import { inert } from '../../core/inert.js';
import type { CredentialKind, Health, ProviderId } from '../../core/vocabulary.js';
import { auditAccounts } from '../audit-context.js';
import { cliService } from '../context.js';
import { colorEnabled, notice, type OutputOptions, painter, printJson, writeOut } from '../output.js';
import { HEALTH_STYLE } from './list.js';

/** Parsed and range-checked by commander (core/numbers.ts RANGES). */
interface CheckOptions extends OutputOptions {
  timeout: number;
  expiringWithin?: number;
  concurrency: number;
}

interface Row {
  id: string | null;
  provider: ProviderId;
  kind: CredentialKind;
  label: string | null;
  source: string;
  result: TimedCheckResult;
}

/** A check that could not be made (no KB URL, no whoami URL…) is a failure the person can fix, like an invalid one. */
const INVALID: ReadonlySet<Health> = new Set(['expired', 'rejected', 'insufficient_scope', 'unchecked']);

/** `authdeck check [account...]`: online health in parallel; the exit code says the worst. */
export default async function check(refs: string[], options: CheckOptions): Promise<number> {
  const { timeout: timeoutS, concurrency } = options;
  const within = options.expiringWithin ?? null;

  const service = await cliService();
  // Named accounts only; with none, every stored account and the vendor variables in effect here.
  const named = refs.length > 0;
  const snapshot = named ? null : service.snapshot();
  const accounts = snapshot ? snapshot.accounts : service.resolveAccounts(refs);
  auditAccounts(accounts);
  const vendorVars = snapshot ? snapshot.env : [];
  if (accounts.length + vendorVars.length === 0) {
    if (options.json) printJson({ results: [] });
    notice('Nothing to check: no accounts are stored and no vendor env var is set.', options);
    return 0;
  }
  // The same batch as the TUI's "check all": one write for every result, an unreadable secret its own result.
  const results = await service.check(
    accounts.map((a) => a.id),
    undefined,
    { timeoutMs: timeoutS * 1000, concurrency, vendorVariables: !named },
  );

  // An account removed by another process meanwhile has no result: it is left out, as it is gone.
  const checked: Array<Omit<Row, 'result'> & { result: TimedCheckResult | undefined }> = [
    ...accounts.map((account) => ({
      id: account.id,
      provider: account.provider,
      kind: account.kind,
      label: account.label,
      source: 'store',
      result: results.get(account.id),
    })),
    ...vendorVars.map((v) => ({
      id: null,
      provider: v.provider,
      kind: v.kind,
      label: null,
      source: `env:${v.name}`,
      result: results.get(`env:${v.name}`),
    })),
  ];
  const rows = checked.filter((row): row is Row => row.result !== undefined);
  if (options.json) {
    printJson({
      results: rows.map((r) => ({
        id: r.id,
        provider: r.provider,
        kind: r.kind,
        label: r.label,
        source: r.source,
        health: r.result.health,
        reason: r.result.reason,
        identity: r.result.identity,
        resource: r.result.resource,
        scopes: r.result.scopes,
        expiresAt: r.result.expiresAt,
        latencyMs: r.result.latencyMs,
      })),
    });
  } else {
    writeOut(renderResults(rows, colorEnabled()));
  }
  const invalid = rows.some(
    (r) => INVALID.has(r.result.health) || (within !== null && expiresWithin(r.result.expiresAt, within)),
  );
  if (invalid) return ExitCode.failed;
  if (rows.some((r) => r.result.health === 'unreachable')) return ExitCode.unreachable;
  return ExitCode.ok;
}

function renderResults(rows: Row[], color: boolean): string {
  const paint = painter(color);
  const cells = rows.map((r) => [
    r.provider,
    r.label ?? r.source,
    healthWord(r.result.health),
    identitySummary({ kind: r.kind, identity: r.result.identity, resource: r.result.resource }) || '—',
    inert([describeExpiry(r.result.expiresAt), r.result.reason].filter(Boolean).join('; ')),
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i]!.length)));
  return `${cells
    .map((c, i) => {
      const padded = c.map((cell, j) => (j < 4 ? cell.padEnd(widths[j]!) : cell));
      padded[2] = paint(HEALTH_STYLE[rows[i]!.result.health], padded[2]!);
      return padded.join('  ').trimEnd();
    })
    .join('\n')}\n`;
}
