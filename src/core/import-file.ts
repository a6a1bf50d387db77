/**
 * The provisioning file of `authdeck import --file F.json`: a JSON list of
 * `{provider, kind, label, secret, url?, endpoints?}`. Every entry is validated before anything is stored;
 * any bad entry makes the whole file an input error (exit 2) naming the entries and fields — never a secret.
 */

import type { CredentialKind, Provider } from './adapter.js';
import type { AddInput } from './batch.js';
import { formatCount } from './display.js';
import { inputError, type UserError } from './errors.js';
import { assertJsonWithinLimits } from './json-limits.js';
import { LABEL_PATTERN } from './labels.js';
import { jsonErrorMessage } from './redact.js';
import { sanitizeSecret } from './secret-input.js';
import { endpointOverrides, parseKbUrl } from './validate.js';

/** The most entries one file provisions: what one locked write handles within a second or two. */
const MAX_IMPORT_ENTRIES = 10_000;

/** How many characters of a file's own value a message quotes. */
const QUOTED = 40;

/** A value from the file as a message quotes it: JSON, cut short (a file may hold an 8 MiB "provider"). */
function quoted(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > QUOTED ? `${value.slice(0, QUOTED)}…` : value);
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : 'nothing';
}

const FIELDS = new Set(['provider', 'kind', 'label', 'secret', 'url', 'endpoints']);
/** How many problems one error message lists before "and N more". */
const MAX_LISTED = 10;

/**
 * Parses and validates the file's text. `kind` defaults to `user`; `label` is required (provisioning names
 * what it makes); secrets are cleaned like pasted ones (DESIGN.md *Conventions: Secret input*).
 */
export function parseImportFile(text: string, providers: readonly Provider[], source = 'the file'): AddInput[] {
  assertJsonWithinLimits(text, source);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw inputError(`${source} is not valid JSON (${jsonErrorMessage(error)}); nothing was stored`);
  }
  if (!Array.isArray(raw)) {
    throw inputError(
      `${source} must be a JSON list of {provider, kind, label, secret, url?, endpoints?}; nothing was stored`,
    );
  }
  if (raw.length > MAX_IMPORT_ENTRIES) {
    throw inputError(
      `${source} has ${raw.length} entries, more than the ${formatCount(MAX_IMPORT_ENTRIES)} one import takes; split it; nothing was stored`,
    );
  }
  const problems: string[] = [];
  const inputs: AddInput[] = [];
  const labels = new Map<string, number>();
  raw.forEach((entry, i) => {
    const parsed = parseEntry(entry, providers);
    if (typeof parsed === 'string') {
      problems.push(`entry ${i + 1}: ${parsed}`);
      return;
    }
    const key = `${parsed.provider}/${parsed.kind}/${parsed.label}`;
    const first = labels.get(key);
    if (first !== undefined) {
      problems.push(`entry ${i + 1}: the label ${key} is also used by entry ${first + 1}`);
      return;
    }
    labels.set(key, i);
    inputs.push(parsed);
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED).join('; ');
    const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
    throw inputError(
      `${source} has ${problems.length} bad ${problems.length === 1 ? 'entry' : 'entries'}: ${listed}${more}; nothing was stored`,
    );
  }
  return inputs;
}

/** One entry as an input to store, or what is wrong with it (never quoting the secret). */
function parseEntry(entry: unknown, providers: readonly Provider[]): AddInput | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'is not an object';
  const e = entry as Record<string, unknown>;
  const unknown = Object.keys(e).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0)
    return `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, MAX_LISTED).map(quoted).join(', ')}`;
  const provider = providers.find((p) => p.id === e.provider);
  if (!provider) return `provider ${quoted(e.provider ?? null)} is not one of ${providers.map((p) => p.id).join(', ')}`;
  const kind = (e.kind ?? 'user') as CredentialKind;
  if (typeof kind !== 'string' || !(provider.kinds as string[]).includes(kind)) {
    return `${provider.id} has no kind ${quoted(e.kind)} (kinds: ${provider.kinds.join(', ')})`;
  }
  if (typeof e.label !== 'string') return 'label is missing';
  if (!LABEL_PATTERN.test(e.label)) return `label ${quoted(e.label)} is not 1–64 characters of A–Z a–z 0–9 . _ @ -`;
  if (typeof e.secret !== 'string') return 'secret is missing or not a string';
  const cleaned = sanitizeSecret(e.secret);
  if (!cleaned.ok) return cleaned.reason;
  const input: AddInput = { provider: provider.id, kind, label: e.label, secret: cleaned.secret };
  try {
    if (kind === 'kb') {
      if (typeof e.url !== 'string') return 'a KB key needs its knowledge box "url"';
      input.url = parseKbUrl(e.url);
    } else if (e.url !== undefined) {
      return '"url" is only for Nuclia KB keys (kind "kb")';
    }
    if (e.endpoints !== undefined) {
      if (typeof e.endpoints !== 'object' || e.endpoints === null || Array.isArray(e.endpoints)) {
        return '"endpoints" must be an object of NAME: URL';
      }
      const endpoints = endpointOverrides(
        { id: provider.id, names: Object.keys(provider.endpoints) },
        Object.entries(e.endpoints),
        (name) => `endpoint ${name}`,
      );
      input.endpoints = endpoints;
    }
  } catch (error) {
    const { message, hint } = error as UserError;
    return hint ? `${message} (${hint})` : message;
  }
  return input;
}
