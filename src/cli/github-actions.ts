/**
 * GitHub Actions log masking: on a runner (`GITHUB_ACTIONS=true`) every secret authdeck hands out is first
 * registered with `::add-mask::<value>`, so the runner replaces it with `***` in the job log.
 *
 * Which stream: the runner parses workflow commands from BOTH streams of a `run:` step. actions/runner @
 * 258d6c857db3519913f7deb6004b60172f8043ae, src/Runner.Worker/Handlers/ScriptHandler.cs lines 332-336 make one
 * OutputManager for stdout and one for stderr (`StepHost.OutputDataReceived`/`ErrorDataReceived`), and
 * src/Runner.Worker/Handlers/OutputManager.cs line 77 (`OnDataReceived`) hands every line that holds `::` to
 * `ActionCommandManager.TryProcessCommand`. So the commands go to **stderr**: stdout stays exactly the data that
 * `eval "$(authdeck env)"` and `$(authdeck secret …)` capture (actions/toolkit's `core.setSecret` writes to stdout,
 * packages/core/src/core.ts line 124 → command.ts line 52, because an action's stdout is not captured).
 *
 * The line format: src/Runner.Common/ActionCommand.cs `TryParseV2` (line 51; it trims leading space, line 62)
 * reads `::add-mask::<data>`, and `UnescapeData` (line 243, mappings at line 18) decodes `%0D`, `%0A`, `%25` —
 * the same as toolkit's `escapeData` (packages/core/src/command.ts line 103): `%` → `%25`, CR → `%0D`,
 * LF → `%0A`. src/Runner.Worker/ActionCommandManager.cs `AddMaskCommandExtension` (line 420) masks the value and,
 * on newer runners only (line 443), each of its lines; older runners do not, so each line is registered here too.
 *
 * Best effort: the runner masks line by line, so a value split across log lines is not masked, and it reads the
 * two streams separately, so a secret printed on stdout right after its mask line on stderr could in principle be
 * logged first (authdeck writes the mask synchronously before any output, which is the most it can do).
 */
import { writeSync } from 'node:fs';
import { onSessionToken } from '../http/sessions.js';
import { providers } from '../providers/registry.js';
import { currentIO, currentRun, processIO } from './io.js';

/** True on a GitHub Actions runner. */
function onGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** `%`, CR and LF encoded as the runner decodes them (toolkit's `escapeData`). */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * The `::add-mask::` lines for `values`: each value whole, then each of its lines (trimmed, as the runner trims
 * them) when it has more than one. Empty values are skipped (the runner only warns about them).
 */
export function addMaskLines(values: Iterable<string>): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  const add = (value: string) => {
    if (value.trim() === '' || seen.has(value)) return;
    seen.add(value);
    lines.push(`::add-mask::${escapeData(value)}`);
  };
  for (const value of values) {
    add(value);
    if (/[\r\n]/.test(value)) for (const line of value.split(/\r\n|\r|\n/)) add(line.trim());
  }
  return lines;
}

/** The mask lines this run has sent already (the real process has one run): each is sent once. */
function registered(): Set<string> {
  const cache = currentRun().cache;
  const lines = (cache.get('github-actions:registered') as Set<string> | undefined) ?? new Set<string>();
  cache.set('github-actions:registered', lines);
  return lines;
}

/**
 * Registers `values` with the runner's log masking (on stderr, before the caller prints them); does nothing off
 * GitHub Actions. Not silenced by `-q`: it is not a notice, and the runner does not echo it. The real process
 * writes synchronously to descriptor 2; a run in-process (tests) to its own stderr.
 */
export function maskForCi(values: Iterable<string>, env: NodeJS.ProcessEnv = process.env): void {
  if (!onGitHubActions(env)) return;
  const sent = registered();
  const fresh = addMaskLines(values).filter((line) => !sent.has(line));
  if (fresh.length === 0) return;
  for (const line of fresh) sent.add(line);
  const text = `${fresh.join('\n')}\n`;
  const io = currentIO();
  if (io !== processIO) {
    io.err(text);
    return;
  }
  try {
    writeSync(2, text);
  } catch {
    // stderr closed: nobody reads the log, so there is nothing to mask.
  }
}

/** The names of variables that carry a URL rather than a secret (`NUCLIA_KB_URL`); everything else is masked. */
const URL_VARIABLES = new Set(providers.flatMap((p) => p.env.filter((v) => v.role === 'url').map((v) => v.name)));

/** The values of `vars` that are secrets: every one but the URL variables. */
export function secretValues(vars: Record<string, string>): string[] {
  return Object.entries(vars)
    .filter(([name]) => !URL_VARIABLES.has(name))
    .map(([, value]) => value);
}

/**
 * On a runner, masks every session token this run exchanges, the moment it is minted (Appcircle, Platform.sh/Upsun,
 * Curvenote). Returns the unsubscribe, for the end of the run: runs in-process (tests) would otherwise pile up
 * listeners.
 */
export function maskSessionsForCi(env: NodeJS.ProcessEnv = process.env): () => void {
  if (!onGitHubActions(env)) return () => {};
  return onSessionToken((token) => maskForCi([token], env));
}
