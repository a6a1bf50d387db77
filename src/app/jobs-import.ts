/**
 * The import job of the account service (issue 12): `authdeck import <vendor>` reads that vendor CLI's own config
 * (through the vendors port), `authdeck import --file F` a provisioning list (parsed in core/import-file.ts). Both
 * store everything in ONE locked write, skip secrets already stored, and store unchecked unless asked to check,
 * which runs the same batch as `check` (./check.ts) and the same admission rule as `add`. service.ts spreads the
 * job into the {@link AccountService}; the rules and the vendor readers load only when an import runs.
 */

import type { CredentialKind, Identity, ProviderId, Resource } from '../core/adapter.js';
import type { AddInput } from '../core/batch.js';
import { ExitCode, type ExitCodeValue, inputError, UserError } from '../core/errors.js';
import type { Account } from '../core/model.js';
import type { AccountStore as Store, VendorConfigs } from '../core/ports.js';
import { accountRef } from '../core/references.js';
import { addAccountsInOneWrite } from './accounts.js';
import { ports } from './ports.js';

/** What to import. Exactly one of `vendor` and `file`. */
export interface ImportRequest {
  /** The vendor whose CLI config is read (`import curvenote`). */
  vendor?: string;
  /**
   * A provisioning file (`import --file F`): its name in messages (`stdin` for `-`), and how to read its text,
   * called once the request is known to be sound.
   */
  file?: { name: string; read(): Promise<string> };
  /** Check each credential first and store only what the add rule admits (`--check`). */
  check?: boolean;
  /** A file's entries swap the secret of the accounts with their labels (`--replace`; never for a vendor). */
  replace?: boolean;
}

/** What an import says while it runs, in order. */
export interface ImportProgress {
  /** A vendor config entry that could not be used, or what a check found worth saying of a stored credential. */
  warning?(message: string): void;
  /** The vendor config files read. */
  reading?(files: readonly string[]): void;
  /** How many credentials are about to be checked (those that would be stored). */
  checking?(count: number): void;
}

/** An account an import stored: who it is, never its secret. */
export interface ImportedAccount {
  id: string;
  ref: string;
  provider: ProviderId;
  kind: CredentialKind;
  label: string;
  health: Account['health'];
  identity: Identity | null;
  resource: Resource | null;
  /** Whether it is the active account of its provider and kind. */
  active: boolean;
  /** Whether it swapped the secret of an existing account (`--replace`). */
  replaced: boolean;
}

/** One entry that was not stored, and why. */
export interface ImportSkip {
  provider: ProviderId;
  kind: CredentialKind;
  label: string | null;
  reason: string;
  /** The stored account that already holds this secret. */
  existing: string | null;
  /** Where in the vendor config it was found (`tokens[1]`); null for a file's entry. */
  where: string | null;
}

/** How an import ended. */
export interface ImportOutcome {
  imported: ImportedAccount[];
  skipped: ImportSkip[];
  /** 0; with a check, the worst of the refusals: a refused credential (1) outranks an unreachable service (3). */
  code: ExitCodeValue;
  /** How long the one write took. */
  elapsedMs: number;
}

/** The import job; it rejects with a {@link UserError}. */
export interface ImportJobs {
  importAccounts(request: ImportRequest, progress?: ImportProgress): Promise<ImportOutcome>;
}

/** What the job is built over: the service's store, environment, check deadline and error guard. */
export interface ImportJobsContext {
  store: Store;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  guardAsync: <T>(work: () => Promise<T>) => Promise<T>;
}

/** What to store, and what was set aside before storing. */
interface Plan {
  inputs: AddInput[];
  /** Where each input came from (`tokens[1]`), parallel to `inputs`. */
  where: Array<string | null>;
  skipped: ImportSkip[];
}

/** The rules only an import needs, loaded when one runs: a plain command that only reads never loads them. */
async function importRules() {
  const [admission, batch, importFile, secretInput, check] = await Promise.all([
    import('../core/admission.js'),
    import('../core/batch.js'),
    import('../core/import-file.js'),
    import('../core/secret-input.js'),
    import('./check.js'),
  ]);
  return { ...admission, ...batch, ...importFile, ...secretInput, ...check };
}

type Rules = Awaited<ReturnType<typeof importRules>>;

/** Builds the job over the service's context. */
export function importJobs(context: ImportJobsContext): ImportJobs {
  const { store, env, timeoutMs, guardAsync } = context;

  async function fromFile(file: NonNullable<ImportRequest['file']>, rules: Rules): Promise<Plan> {
    const inputs = rules.parseImportFile(await file.read(), ports().providers.all, file.name);
    return { inputs, where: inputs.map(() => null), skipped: [] };
  }

  function fromVendor(vendor: string, vendors: VendorConfigs, rules: Rules, progress: ImportProgress): Plan {
    if (vendor === 'appcircle') {
      const { file, found } = vendors.appcircleSession(env);
      throw new UserError(
        `nothing durable to import from Appcircle: its CLI keeps only a one-hour access token${found ? ` (in ${file})` : ''}, never the personal API token`,
        {
          code: ExitCode.failed,
          hint: 'make a personal API token in the Appcircle dashboard (My Organization → Personal API Token), then: authdeck add appcircle',
        },
      );
    }
    const id = vendors.importable.find((v) => v === vendor);
    if (!id) {
      throw inputError(
        `cannot import from ${JSON.stringify(vendor)}`,
        `authdeck imports from the CLIs of: ${vendors.importable.join(', ')}${vendor === 'etm' || vendor === 'bearer' ? `; add a ${vendor} token with authdeck add ${vendor}` : ''}`,
      );
    }
    const findings = vendors.read(id, env);
    if (!findings.exists) {
      throw new UserError(
        `no ${ports().providers.get(id).title} CLI config found (looked for ${findings.files.join(', ')})`,
        {
          code: ExitCode.notFound,
          hint: 'log in with the vendor CLI first, or add the token directly: authdeck add ' + vendor,
        },
      );
    }
    for (const problem of findings.problems) progress.warning?.(problem);
    progress.reading?.(findings.files);
    const plan: Plan = { inputs: [], where: [], skipped: [] };
    for (const found of findings.found) {
      const cleaned = rules.sanitizeSecret(found.secret);
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

  /** Checks what would be stored, admits it by the add rule, and stores what is kept in one write. */
  async function storePlan(
    plan: Plan,
    request: ImportRequest,
    rules: Rules,
    progress: ImportProgress,
  ): Promise<ImportOutcome> {
    let code: ExitCodeValue = ExitCode.ok;
    let inputs = plan.inputs;
    let where = plan.where;
    if (request.check && inputs.length > 0) {
      // Only what would be stored is checked: secrets already stored are skipped by the write anyway.
      const accounts = store.read().accounts;
      const index = rules.indexAccounts(accounts);
      const fresh = inputs
        .map((input, i) => ({ input, i }))
        .filter(({ input }) => request.replace || !rules.findDuplicate(index, input));
      progress.checking?.(fresh.length);
      const results = await rules.runChecks(
        fresh.map(({ input, i }) => {
          // A replaced account's new secret is checked where the account lives (its endpoints and KB URL).
          const target = rules.replaceTarget(
            accounts,
            { ...input, replace: request.replace },
            ports().providers.get(input.provider).inspect(input.secret, input.kind),
          );
          const place = rules.carriedOver(target, input);
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
        { timeoutMs },
      );
      const keep = new Set<number>(inputs.map((_, i) => i));
      for (const { input, i } of fresh) {
        const result = results.get(String(i))!;
        const verdict = rules.admit(result, ports().providers.get(input.provider));
        if (verdict.store) {
          input.check = result;
          if (verdict.warning)
            progress.warning?.(`${input.provider}/${input.label ?? input.labelBase ?? input.kind}: ${verdict.warning}`);
        } else {
          keep.delete(i);
          code = worstOf(code, verdict.code);
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
    const inputsForWrite = request.replace ? inputs.map((input) => ({ ...input, replace: true })) : inputs;
    const started = performance.now();
    const outcome = await addAccountsInOneWrite(store, inputsForWrite);
    const elapsedMs = performance.now() - started;
    return {
      imported: outcome.added.map(({ account, replaced, active }) => ({
        id: account.id,
        ref: accountRef(account),
        provider: account.provider,
        kind: account.kind,
        label: account.label,
        health: account.health,
        identity: account.identity,
        resource: account.resource,
        active,
        replaced,
      })),
      skipped: [
        ...plan.skipped,
        ...outcome.skipped.map((s) => ({
          provider: s.input.provider,
          kind: s.input.kind,
          label: s.input.label ?? null,
          reason: s.reason,
          existing: s.existing?.id ?? null,
          where: where[s.index] ?? null,
        })),
      ],
      code,
      elapsedMs,
    };
  }

  return {
    importAccounts: (request, progress = {}) =>
      guardAsync(async () => {
        const { vendor, file } = request;
        if (vendor && file) throw inputError('give a vendor or --file, not both');
        if (file) {
          const rules = await importRules();
          return storePlan(await fromFile(file, rules), request, rules, progress);
        }
        const vendors = await ports().vendors();
        if (!vendor) {
          throw inputError(
            'import what?',
            `authdeck import <${vendors.importable.join('|')}>, or authdeck import --file accounts.json`,
          );
        }
        if (request.replace) throw inputError('--replace is for --file (vendor imports never overwrite)');
        const rules = await importRules();
        const plan = fromVendor(vendor, vendors, rules, progress);
        return storePlan(plan, request, rules, progress);
      }),
  };
}

/** The worse of two exit codes: a refused credential (1) outranks an unreachable service (3). */
function worstOf(a: ExitCodeValue, b: ExitCodeValue): ExitCodeValue {
  if (a === ExitCode.failed || b === ExitCode.failed) return ExitCode.failed;
  return a === ExitCode.ok ? b : a;
}
