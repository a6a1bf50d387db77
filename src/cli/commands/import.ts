import { admit } from '../../core/admission.js';
import {
  type AddInput,
  addAccounts,
  type BatchOutcome,
  carriedOver,
  findDuplicate,
  indexAccounts,
  replaceTarget,
} from '../../core/batch.js';
import { identitySummary } from '../../core/display.js';
import { ExitCode, type ExitCodeValue, inputError, UserError } from '../../core/errors.js';
import { parseImportFile } from '../../core/import-file.js';
import { accountRef } from '../../core/references.js';
import { sanitizeSecret } from '../../core/secret-input.js';
import { getProvider, providers } from '../../providers/registry.js';
import { appcircleHasSession, IMPORT_VENDORS, type ImportVendor, readVendor } from '../../providers/vendor-configs.js';
import { auditAccounts, auditProviders } from '../audit-context.js';
import { cliStore } from '../context.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';
import { MAX_IMPORT_BYTES, readFileBounded, readStdinBounded, vendorFiles } from '../read-input.js';

interface ImportOptions extends OutputOptions {
  file?: string;
  check?: boolean;
  replace?: boolean;
}

/** One entry that was not stored, as reported. */
interface Skip {
  provider: string;
  kind: string;
  label: string | null;
  reason: string;
  /** The stored account that already holds this secret. */
  existing: string | null;
  where: string | null;
}

/** How many skipped entries a human report lists one by one. */
const LISTED = 20;

/**
 * `authdeck import <curvenote|nuclia|platformsh|upsun>` reads that vendor CLI's own config;
 * `authdeck import --file F.json` (or `-` for stdin) provisions many accounts. Both store everything in one
 * locked write, skip secrets already stored, and store unchecked unless `--check`.
 */
export default async function importCommand(vendor: string | undefined, options: ImportOptions): Promise<number> {
  if (vendor && options.file) throw inputError('give a vendor or --file, not both');
  if (!vendor && !options.file) {
    throw inputError(
      'import what?',
      `authdeck import <${IMPORT_VENDORS.join('|')}>, or authdeck import --file accounts.json`,
    );
  }
  if (options.replace && !options.file) throw inputError('--replace is for --file (vendor imports never overwrite)');
  const plan = options.file ? await fromFile(options.file) : fromVendor(vendor!, options);
  return store(plan, options);
}

/** What to store, and what was set aside before storing. */
interface Plan {
  inputs: AddInput[];
  /** Where each input came from (`tokens[1]`), parallel to `inputs`. */
  where: Array<string | null>;
  skipped: Skip[];
  /** Per-entry lines for people (vendor imports); a file import reports a summary. */
  verbose: boolean;
}

async function fromFile(file: string): Promise<Plan> {
  const bytes =
    file === '-'
      ? await readStdinBounded(MAX_IMPORT_BYTES, 'stdin')
      : readFileBounded(file, { limit: MAX_IMPORT_BYTES, what: file });
  if (bytes === null) throw new UserError(`cannot read ${file}: no such file`, { code: ExitCode.notFound });
  const text = bytes.toString('utf8');
  const inputs = parseImportFile(text, providers, file === '-' ? 'stdin' : file);
  return { inputs, where: inputs.map(() => null), skipped: [], verbose: false };
}

function fromVendor(vendor: string, options: OutputOptions): Plan {
  if (vendor === 'appcircle') {
    const { file, found } = appcircleHasSession({ env: process.env, platform: process.platform }, vendorFiles);
    throw new UserError(
      `nothing durable to import from Appcircle: its CLI keeps only a one-hour access token${found ? ` (in ${file})` : ''}, never the personal API token`,
      {
        code: ExitCode.failed,
        hint: 'make a personal API token in the Appcircle dashboard (My Organization → Personal API Token), then: authdeck add appcircle',
      },
    );
  }
  if (!(IMPORT_VENDORS as readonly string[]).includes(vendor)) {
    throw inputError(
      `cannot import from ${JSON.stringify(vendor)}`,
      `authdeck imports from the CLIs of: ${IMPORT_VENDORS.join(', ')}${vendor === 'etm' || vendor === 'bearer' ? `; add a ${vendor} token with authdeck add ${vendor}` : ''}`,
    );
  }
  const findings = readVendor(vendor as ImportVendor, { env: process.env, platform: process.platform }, vendorFiles);
  auditProviders([vendor]);
  if (!findings.exists) {
    throw new UserError(
      `no ${getProvider(vendor as ImportVendor).title} CLI config found (looked for ${findings.files.join(', ')})`,
      {
        code: ExitCode.notFound,
        hint: 'log in with the vendor CLI first, or add the token directly: authdeck add ' + vendor,
      },
    );
  }
  for (const problem of findings.problems) warn(problem);
  notice(`Reading ${findings.files.join(', ')}`, options);
  const plan: Plan = { inputs: [], where: [], skipped: [], verbose: true };
  for (const found of findings.found) {
    const cleaned = sanitizeSecret(found.secret);
    if (!cleaned.ok) {
      plan.skipped.push({
        provider: found.provider,
        kind: found.kind,
        label: null,
        reason: cleaned.reason,
        existing: null,
        where: found.where,
      });
      continue;
    }
    const input: AddInput = { provider: found.provider, kind: found.kind, secret: cleaned.secret };
    if (found.labelBase)
      input.labelBase =
        found.labelBase
          .replace(/[^A-Za-z0-9._@-]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 64) || undefined;
    if (found.url) input.url = found.url;
    if (found.resource) input.resource = found.resource;
    if (found.endpoints) input.endpoints = found.endpoints;
    plan.inputs.push(input);
    plan.where.push(found.where);
  }
  return plan;
}

async function store(plan: Plan, options: ImportOptions): Promise<number> {
  const store = cliStore();
  let worst: ExitCodeValue = ExitCode.ok;
  let inputs = plan.inputs;
  let where = plan.where;
  if (options.check && inputs.length > 0) {
    // Only what would be stored is checked: secrets already stored are skipped by the write anyway.
    const accounts = store.read().accounts;
    const index = indexAccounts(accounts);
    const fresh = inputs
      .map((input, i) => ({ input, i }))
      .filter(({ input }) => options.replace || !findDuplicate(index, input));
    notice(`Checking ${fresh.length} credential${fresh.length === 1 ? '' : 's'}…`, options);
    const { runChecks } = await import('../../app/check.js');
    const results = await runChecks(
      fresh.map(({ input, i }) => {
        // A replaced account's new secret is checked where the account lives (its endpoints and KB URL).
        const target = replaceTarget(
          accounts,
          { ...input, replace: options.replace },
          getProvider(input.provider).inspect(input.secret, input.kind),
        );
        const place = carriedOver(target, input);
        return {
          key: String(i),
          credential: {
            provider: input.provider,
            kind: input.kind,
            secret: input.secret,
            endpoints: place.endpoints,
            resource: place.url ? { url: place.url } : null,
          },
        };
      }),
    );
    const keep = new Set<number>(inputs.map((_, i) => i));
    for (const { input, i } of fresh) {
      const result = results.get(String(i))!;
      const verdict = admit(result, getProvider(input.provider));
      if (verdict.store) {
        input.check = result;
        if (verdict.warning)
          warn(`${input.provider}/${input.label ?? input.labelBase ?? input.kind}: ${verdict.warning}`);
      } else {
        keep.delete(i);
        worst = worstOf(worst, verdict.code);
        plan.skipped.push({
          provider: input.provider,
          kind: input.kind,
          label: input.label ?? null,
          reason: verdict.message.replace(/; nothing was stored$/, ''),
          existing: null,
          where: where[i] ?? null,
        });
      }
    }
    where = where.filter((_, i) => keep.has(i));
    inputs = inputs.filter((_, i) => keep.has(i));
  }
  const inputsForWrite = options.replace ? inputs.map((input) => ({ ...input, replace: true })) : inputs;
  const started = performance.now();
  const outcome: BatchOutcome = await addAccounts(store, inputsForWrite, {
    inspect: (input) => getProvider(input.provider).inspect(input.secret, input.kind),
  });
  const elapsed = performance.now() - started;
  auditAccounts(outcome.added.map((a) => a.account));
  const skipped: Skip[] = [
    ...plan.skipped,
    ...outcome.skipped.map((s) => ({
      provider: s.input.provider,
      kind: s.input.kind,
      label: s.input.label ?? null,
      reason: s.reason,
      existing: s.existing?.id ?? null,
      where: where[s.index] ?? null,
    })),
  ];
  if (options.json) {
    printJson({
      imported: outcome.added.map(({ account, replaced, active }) => ({
        id: account.id,
        ref: accountRef(account),
        provider: account.provider,
        kind: account.kind,
        label: account.label,
        health: account.health,
        active,
        replaced,
      })),
      skipped,
    });
  }
  report(outcome, skipped, plan.verbose, elapsed, options);
  return worst;
}

/** The worse of two exit codes: a refused credential (1) outranks an unreachable service (3). */
function worstOf(a: ExitCodeValue, b: ExitCodeValue): ExitCodeValue {
  if (a === ExitCode.failed || b === ExitCode.failed) return ExitCode.failed;
  return a === ExitCode.ok ? b : a;
}

function report(
  outcome: BatchOutcome,
  skipped: Skip[],
  verbose: boolean,
  elapsedMs: number,
  options: OutputOptions,
): void {
  if (verbose) {
    for (const { account, active, replaced } of outcome.added) {
      const who = identitySummary(account);
      notice(
        `${replaced ? 'Replaced' : 'Imported'} ${accountRef(account)} (id ${account.id})${who ? ` for ${who}` : ''}, ${account.health}${active ? ', active' : ''}.`,
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
  const replaced = outcome.added.filter((a) => a.replaced).length;
  notice(
    `Imported ${outcome.added.length - replaced}${replaced ? `, replaced ${replaced}` : ''}, skipped ${skipped.length}${
      verbose ? '' : ` (stored in one write, ${Math.round(elapsedMs)} ms)`
    }.`,
    options,
  );
}
