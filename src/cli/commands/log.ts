import type { AuditEntry } from '../../core/ports.js';
import { cliService } from '../context.js';
import { colorEnabled, notice, type OutputOptions, painter, printJson, type Style, warn, writeOut } from '../output.js';

interface LogOptions extends OutputOptions {
  /** Range-checked by commander (RANGES.logEntries). */
  limit: number;
}

const OUTCOME_STYLE: Record<string, Style> = {
  ok: 'green',
  failed: 'red',
  usage: 'yellow',
  unreachable: 'yellow',
  not_found: 'yellow',
};

/** `authdeck log [--json] [--limit N]`: the most recent audit entries, oldest first. */
export default async function log(options: LogOptions): Promise<number> {
  const { file, entries, skipped } = await (await cliService()).auditLog(options.limit);
  if (skipped > 0)
    warn(`${skipped} line${skipped === 1 ? '' : 's'} of ${file} ${skipped === 1 ? 'is' : 'are'} not entries; skipped`);
  if (options.json) {
    printJson({ entries });
    return 0;
  }
  if (entries.length === 0) {
    notice(`The audit log is empty (${file}).`, options);
    return 0;
  }
  writeOut(renderLog(entries, colorEnabled()));
  return 0;
}

/** One line per entry: local time, invoker, command, outcome (exit code), providers, accounts. */
export function renderLog(entries: readonly AuditEntry[], color: boolean): string {
  const paint = painter(color);
  const rows = entries.map((e) => {
    const accounts =
      e.accounts.length > 3 ? `${e.accounts.slice(0, 3).join(' ')} +${e.accounts.length - 3}` : e.accounts.join(' ');
    return [
      formatTime(e.time),
      e.invoker,
      e.program ? `${e.command} ${e.program}` : e.command,
      `${e.outcome} (${e.exit})`,
      e.providers.join(',') || '—',
      accounts || '—',
    ];
  });
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows
    .map((r, n) => {
      const cells = r.map((c, i) => (i < 5 ? c.padEnd(widths[i]!) : c));
      cells[3] = paint(OUTCOME_STYLE[entries[n]!.outcome] ?? 'gray', cells[3]!);
      return cells.join('  ').trimEnd();
    })
    .join('\n')}\n`;
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
