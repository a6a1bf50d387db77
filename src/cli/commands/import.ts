import type { ImportOutcome } from '../../app/jobs-import.js';
import { identitySummary } from '../../core/display.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { auditAccounts, auditProviders } from '../audit-context.js';
import { cliService } from '../context.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';
import { MAX_IMPORT_BYTES, readFileBounded, readStdinBounded } from '../read-input.js';

interface ImportOptions extends OutputOptions {
  file?: string;
  check?: boolean;
  replace?: boolean;
}

/** How many skipped entries a human report lists one by one. */
const LISTED = 20;

/**
 * `authdeck import <curvenote|nuclia|platformsh|upsun>` reads that vendor CLI's own config;
 * `authdeck import --file F.json` (or `-` for stdin) provisions many accounts. Both store everything in one
 * locked write, skip secrets already stored, and store unchecked unless `--check`.
 */
export default async function importCommand(vendor: string | undefined, options: ImportOptions): Promise<number> {
  const { file } = options;
  const service = await cliService();
  const outcome = await service.importAccounts(
    {
      vendor,
      file: file === undefined ? undefined : { name: file === '-' ? 'stdin' : file, read: () => readImportFile(file) },
      check: options.check,
      replace: options.replace,
    },
    {
      warning: warn,
      reading: (files) => notice(`Reading ${files.join(', ')}`, options),
      checking: (count) => notice(`Checking ${count} credential${count === 1 ? '' : 's'}…`, options),
    },
  );
  if (vendor) auditProviders([vendor]);
  auditAccounts(outcome.imported);
  if (options.json) {
    printJson({
      imported: outcome.imported.map(({ id, ref, provider, kind, label, health, active, replaced }) => ({
        id,
        ref,
        provider,
        kind,
        label,
        health,
        active,
        replaced,
      })),
      skipped: outcome.skipped,
    });
  }
  // A vendor import reports each entry to people; a file import, a summary.
  report(outcome, Boolean(vendor), options);
  return outcome.code;
}

/** The import file's text: stdin for `-`, bounded either way. */
async function readImportFile(file: string): Promise<string> {
  const bytes =
    file === '-'
      ? await readStdinBounded(MAX_IMPORT_BYTES, 'stdin')
      : readFileBounded(file, { limit: MAX_IMPORT_BYTES, what: file });
  if (bytes === null) throw new UserError(`cannot read ${file}: no such file`, { code: ExitCode.notFound });
  return bytes.toString('utf8');
}

function report(outcome: ImportOutcome, verbose: boolean, options: OutputOptions): void {
  const { imported, skipped } = outcome;
  if (verbose) {
    for (const account of imported) {
      const who = identitySummary(account);
      notice(
        `${account.replaced ? 'Replaced' : 'Imported'} ${account.ref} (id ${account.id})${who ? ` for ${who}` : ''}, ${account.health}${account.active ? ', active' : ''}.`,
        options,
      );
    }
  }
  skipped.slice(0, verbose ? skipped.length : LISTED).forEach((s) => {
    notice(
      `Skipped ${s.label ? `${s.provider}/${s.label}` : `a ${s.provider} ${s.kind} credential`}${s.where ? ` (${s.where})` : ''}: ${s.reason}.`,
      options,
    );
  });
  if (!verbose && skipped.length > LISTED) notice(`…and ${skipped.length - LISTED} more skipped.`, options);
  const replaced = imported.filter((a) => a.replaced).length;
  notice(
    `Imported ${imported.length - replaced}${replaced ? `, replaced ${replaced}` : ''}, skipped ${skipped.length}${
      verbose ? '' : ` (stored in one write, ${Math.round(outcome.elapsedMs)} ms)`
    }.`,
    options,
  );
}
