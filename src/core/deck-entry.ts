/**
 * Shared decks (DESIGN.md *Concepts: Deck*): the pure parts. An account of a deck is one pass entry at
 * `<prefix>/<provider>/<kind>/<label>`, the secret on its first line and `key: value` lines after it, as
 * pass-compatible tools (browserpass, gopass) read them. Running pass, gpg and git is src/store/pass-deck.ts.
 */

import { inputError } from './errors.js';
import { LABEL_PATTERN } from './labels.js';
import { sanitizeSecret } from './secret-input.js';
import { CREDENTIAL_KINDS, type CredentialKind, PROVIDER_IDS, type ProviderId } from './vocabulary.js';

/** A deck's name: what `<deck>:provider/label` references start with. */
const DECK_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Refuses a deck name that could not be written before `:` in a reference. */
export function assertValidDeckName(name: string): void {
  if (!DECK_NAME.test(name)) {
    throw inputError(
      `${JSON.stringify(name)} is not a deck name`,
      'use 1–32 characters of a–z 0–9 _ -, starting with a letter or digit',
    );
  }
}

/** Normalises a pass folder prefix (`authdeck/team`): no leading or trailing slash, no `.`/`..` parts. */
export function normalisePrefix(prefix: string): string {
  const parts = prefix.split('/').filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => p === '.' || p === '..' || p.startsWith('-') || /[\s\\]/.test(p))) {
    throw inputError(`--path ${JSON.stringify(prefix)} is not a folder of a pass store`, 'e.g. --path authdeck/team');
  }
  return parts.join('/');
}

/** Where an account is, inside its deck. */
export interface DeckSlot {
  provider: ProviderId;
  kind: CredentialKind;
  label: string;
}

/** The pass entry name of an account of the deck at `prefix`. */
export function entryPath(prefix: string, slot: DeckSlot): string {
  return `${prefix}/${slot.provider}/${slot.kind}/${slot.label}`;
}

/** The account an entry path (relative to the prefix, without `.gpg`) stands for; null for anything else. */
export function slotOfEntry(relative: string): DeckSlot | null {
  const parts = relative.split('/');
  if (parts.length !== 3) return null;
  const [provider, kind, label] = parts as [string, string, string];
  if (!(PROVIDER_IDS as readonly string[]).includes(provider)) return null;
  if (!(CREDENTIAL_KINDS as readonly string[]).includes(kind)) return null;
  if (!LABEL_PATTERN.test(label)) return null;
  return { provider: provider as ProviderId, kind: kind as CredentialKind, label };
}

/** What an entry holds besides the secret. */
export interface EntryFields {
  /** The KB URL of a KB key. */
  url?: string;
  endpoints: Record<string, string>;
  description?: string;
  /** The service's id of the token, when authdeck made it (so a teammate can rotate and revoke it). */
  tokenId?: string;
}

/** A decoded entry. */
export type ParsedEntry = { ok: true; secret: string; fields: EntryFields } | { ok: false; reason: string };

/** Decodes an entry's text: the secret is the first line; `key: value` lines follow; others are kept unread. */
export function parseEntry(text: string): ParsedEntry {
  const [first = '', ...rest] = text.split(/\r?\n/);
  const secret = sanitizeSecret(first);
  if (!secret.ok) return { ok: false, reason: `its first line is not usable: ${secret.reason}` };
  const fields: EntryFields = { endpoints: {} };
  for (const line of rest) {
    const m = /^([A-Za-z0-9_.-]+):\s?(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (!value) continue;
    if (key === 'url') fields.url = value;
    else if (key === 'description') fields.description = value;
    else if (key === 'token-id') fields.tokenId = value;
    else if (key.startsWith('endpoint.') && key.length > 'endpoint.'.length) fields.endpoints[m[1]!.slice(9)] = value;
  }
  return { ok: true, secret: secret.secret, fields };
}

/** Encodes an entry: the secret, then one `key: value` line per field (line breaks in values folded). */
export function formatEntry(secret: string, fields: EntryFields): string {
  const one = (v: string) => v.replace(/[\r\n]+/g, ' ').trim();
  const lines = [secret];
  if (fields.url) lines.push(`url: ${one(fields.url)}`);
  for (const [name, url] of Object.entries(fields.endpoints)) lines.push(`endpoint.${name}: ${one(url)}`);
  if (fields.description) lines.push(`description: ${one(fields.description)}`);
  if (fields.tokenId) lines.push(`token-id: ${one(fields.tokenId)}`);
  return `${lines.join('\n')}\n`;
}

/** Splits `team:curvenote/bot-a` into the deck and the rest; null when the reference names no deck. */
export function splitDeckRef(ref: string): { deck: string; rest: string } | null {
  const colon = ref.indexOf(':');
  if (colon <= 0) return null;
  const deck = ref.slice(0, colon);
  return DECK_NAME.test(deck) ? { deck, rest: ref.slice(colon + 1) } : null;
}
