/**
 * The one redactor: it knows every stored secret and every session token seen this run, and
 * scrubs them — and the forms they take on the wire — from any text before it is shown.
 */

/** What replaces a secret in redacted text. */
export const REDACTED = '[redacted]';

/** Shorter strings are not secrets worth redacting, and would shred ordinary text. */
const MIN_SECRET_LENGTH = 8;
/** A base64 fragment this short could match ordinary words. */
const MIN_ENCODED_LENGTH = 8;

/** Collects secrets and removes them from text. */
export interface Redactor {
  /** Remembers secrets (empty, short or missing values are ignored). */
  add(...secrets: ReadonlyArray<string | null | undefined>): void;
  /** The text with every known secret, in every known encoding, replaced by `[redacted]`. */
  redact(text: string): string;
  /** How many distinct secrets it knows (for tests and `doctor`). */
  size(): number;
}

/** Creates an independent redactor (the app uses the shared {@link redactor}). */
export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  let needles: string[] = [];

  return {
    add(...values) {
      let changed = false;
      for (const value of values) {
        if (typeof value !== 'string') continue;
        const secret = value.trim();
        if (secret.length < MIN_SECRET_LENGTH || secrets.has(secret)) continue;
        secrets.add(secret);
        changed = true;
      }
      if (!changed) return;
      const all = new Set<string>();
      for (const secret of secrets) for (const form of wireForms(secret)) all.add(form);
      // Longest first, so a secret is removed whole before any shorter form of it could split it.
      needles = [...all].sort((a, b) => b.length - a.length);
    },
    redact(text) {
      let out = text;
      for (const needle of needles) {
        if (out.includes(needle)) out = out.split(needle).join(REDACTED);
      }
      return out;
    },
    size() {
      return secrets.size;
    },
  };
}

/** The redactor every output path shares. */
export const redactor: Redactor = createRedactor();

/**
 * A copy of an error whose message and stack are redacted, for crash reports and `--verbose`.
 * The original is left untouched; anything that is not an Error becomes one.
 */
export function redactError(error: unknown, using: Redactor = redactor): Error {
  if (!(error instanceof Error)) return new Error(using.redact(String(error)));
  const copy = new Error(using.redact(error.message));
  copy.name = error.name;
  copy.stack = error.stack ? using.redact(error.stack) : undefined;
  return copy;
}

/**
 * The message of a JSON parse error without the excerpt of the text that V8 quotes in it
 * (`Unexpected token 'b', "bt_D4JnBYG"... is not valid JSON`). The text may be a damaged config or an import
 * file, whose secrets the redactor cannot know because they could not be parsed; a piece of a secret is
 * still a secret.
 */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!/ is not valid JSON$/.test(message)) return message;
  return /^Unexpected token '[\s\S]+?'(?=, )/u.exec(message)?.[0] ?? 'not valid JSON';
}

/**
 * Every form a secret can take in text we might print: as is, URL- and form-encoded, JSON-escaped,
 * and base64 (a Basic `Authorization` header, or a secret embedded in a longer base64 string).
 */
export function wireForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  forms.add(JSON.stringify(secret).slice(1, -1));
  for (const encoded of base64Forms(secret)) forms.add(encoded);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * Base64 of the secret at each of the three byte alignments it can have inside a longer payload
 * (e.g. `user:secret`), keeping only the characters that depend on the secret's bytes alone.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out: string[] = [bytes.toString('base64'), bytes.toString('base64url')];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    for (const alphabet of ['base64', 'base64url'] as const) {
      const core = padded.toString(alphabet).slice(first, end);
      if (core.length >= MIN_ENCODED_LENGTH) out.push(core);
    }
  }
  return out;
}

/**
 * The credentials a request carries in its headers (`Authorization`, `X-NUCLIA-SERVICEACCOUNT`, API-key
 * headers), so they are redacted even when the caller forgot to name them.
 */
export function credentialsInHeaders(headers: Record<string, string> | undefined): string[] {
  if (!headers) return [];
  const found: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!/authorization|token|key|secret|serviceaccount|session|cookie/i.test(name)) continue;
    const match = /^\s*(\w+)\s+(\S+)\s*$/.exec(value);
    const scheme = match?.[1]?.toLowerCase();
    const credential = match?.[2];
    if (scheme === 'basic' && credential) {
      // The password half of `user:password` is the secret; a bare client id (`platform-cli:`) is not.
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      const password = decoded.slice(decoded.indexOf(':') + 1);
      if (password) found.push(credential, password);
    } else if (credential) {
      found.push(credential);
    } else {
      found.push(value.trim());
    }
  }
  return found;
}
