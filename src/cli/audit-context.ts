/**
 * What the current command run touched, for its audit log entry. Commands call {@link auditAccounts} (or
 * {@link auditProviders}) with what they used; `lazy()` in main.ts writes one entry when the run ends.
 */
import type { Command } from 'commander';
import { type AuditEntry, appendAudit, detectInvoker, outcomeOf } from '../store/audit.js';
import { configDir, storePaths } from '../store/paths.js';
import { currentIO, currentRun } from './io.js';

interface Touched {
  accounts: Set<string>;
  providers: Set<string>;
  program?: string;
}

/** What this run touched so far: per run (io.ts), so one run in-process never records another's. */
function touchedNow(): Touched {
  const { cache } = currentRun();
  let touched = cache.get('audit') as Touched | undefined;
  if (!touched) {
    touched = { accounts: new Set(), providers: new Set() };
    cache.set('audit', touched);
  }
  return touched;
}

/** Records accounts the run used or changed (their ids and providers; never anything secret). */
export function auditAccounts(accounts: Iterable<{ id: string; provider: string }>): void {
  const touched = touchedNow();
  for (const a of accounts) {
    touched.accounts.add(a.id);
    touched.providers.add(a.provider);
  }
}

/** Records providers the run was about without a stored account (a user's env var, `explain curvenote`). */
export function auditProviders(providers: Iterable<string>): void {
  const touched = touchedNow();
  for (const p of providers) touched.providers.add(p);
}

/**
 * Records the program `exec` runs: its name only, never its arguments. From then on the exit code is the
 * program's, so a non-zero one is the outcome `failed`, not one of authdeck's own meanings.
 */
export function auditProgram(name: string): void {
  touchedNow().program = name.split(/[\\/]/).pop() || name;
}

/** The command path as typed (`token create`), aliases resolved; the bare `authdeck` is `home`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ') || 'home';
}

/**
 * Runs that leave no entry because they never touch the user's accounts: completion (`__complete` fires on
 * every Tab; `completion` runs from shell start-up files), the emulator, and the demo (a throw-away config).
 */
const UNLOGGED = new Set(['__complete', 'completion', 'emulator', 'demo']);

/**
 * Starts the audit of one run: the log's path is fixed now (a command such as `demo` points the config
 * directory elsewhere while it runs). `end` appends the entry; it never throws and never changes the exit code.
 */
export function beginAudit(command: Command, positional: readonly unknown[]): { end(code: number): Promise<void> } {
  const name = commandPath(command);
  let file: string | null = null;
  try {
    file = storePaths(configDir()).log;
  } catch {}
  return {
    async end(code) {
      const io = currentIO();
      if (!file || UNLOGGED.has(name)) return;
      try {
        const touched = touchedNow();
        if (touched.accounts.size === 0 && touched.providers.size === 0) await guessTouched(positional);
        const entry: AuditEntry = {
          time: new Date().toISOString(),
          command: name,
          accounts: [...touched.accounts],
          providers: [...touched.providers],
          outcome: touched.program && code !== 0 ? 'failed' : outcomeOf(code),
          exit: code,
          invoker: detectInvoker(io.env, { stdin: io.stdinIsTTY(), stderr: io.stderrIsTTY() }),
        };
        if (touched.program) entry.program = touched.program;
        appendAudit(file, entry);
      } catch (error) {
        const { warn } = await import('./output.js');
        warn(`could not write the audit log ${file}: ${(error as Error).message}`);
      }
    },
  };
}

/**
 * For commands that did not say what they touched: positional arguments that name a provider or exactly one
 * stored account (read after the run, without a lock).
 */
async function guessTouched(positional: readonly unknown[]): Promise<void> {
  const words = positional.flat().filter((w): w is string => typeof w === 'string' && w !== '');
  if (words.length === 0) return;
  const { isProviderId } = await import('../providers/registry.js');
  const refs: string[] = [];
  for (const word of words) {
    if (isProviderId(word)) touchedNow().providers.add(word);
    else refs.push(word);
  }
  if (refs.length === 0) return;
  const { openStore } = await import('../store/file-store.js');
  const { matchReference } = await import('../core/references.js');
  let accounts: ReturnType<ReturnType<typeof openStore>['read']>['accounts'];
  try {
    accounts = openStore().read().accounts;
  } catch {
    return;
  }
  for (const ref of refs) {
    const found = matchReference(ref, accounts);
    if (found.length === 1) auditAccounts(found);
  }
}
