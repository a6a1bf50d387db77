/**
 * Finding secrets in text, independently of src/http/redact.ts (the judge must not share the code it judges):
 * every form a secret takes on the wire, fragments of it, and anything shaped like a session token or a
 * credential header value.
 */

/** One secret found where it must not be. */
export interface Leak {
  /** Which secret (a short name, never the value). */
  secret: string;
  /** Which form of it: raw, url, form, json, base64, base64 in `user:secret`, fragment, or a pattern. */
  form: string;
  /** A few characters around it, with the match itself replaced, for the failure message. */
  context: string;
}

/** A secret to look for, by a name that can be printed. */
export interface Needle {
  name: string;
  value: string;
}

/** Characters of a secret's raw text that a fragment must have to count (shorter windows are noise). */
export const FRAGMENT_LENGTH = 10;

/**
 * Every form a secret takes in a request: as is, URL-encoded, form-encoded, JSON-escaped, base64 and base64url
 * on its own, and the base64 characters it fixes inside a longer payload such as a Basic `client:secret`.
 */
export function wireFormsOf(secret: string): Array<{ form: string; value: string }> {
  const forms: Array<{ form: string; value: string }> = [
    { form: 'raw', value: secret },
    { form: 'url', value: encodeURIComponent(secret) },
    { form: 'form', value: new URLSearchParams({ x: secret }).toString().slice(2) },
    { form: 'json', value: JSON.stringify(secret).slice(1, -1) },
  ];
  const bytes = Buffer.from(secret, 'utf8');
  for (const alphabet of ['base64', 'base64url'] as const) {
    forms.push({ form: alphabet, value: bytes.toString(alphabet) });
    for (const client of ['platform-cli', 'upsun-cli', 'client', 'x']) {
      forms.push({
        form: `${alphabet} of "${client}:secret"`,
        value: Buffer.from(`${client}:${secret}`).toString(alphabet),
      });
    }
    // Inside any longer payload: at each of the three byte alignments, the characters only the secret decides.
    for (let offset = 0; offset < 3; offset++) {
      const encoded = Buffer.concat([Buffer.alloc(offset, 0x3a), bytes]).toString(alphabet);
      const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
      if (core.length >= 16) forms.push({ form: `${alphabet} at offset ${offset}`, value: core });
    }
  }
  const seen = new Set<string>();
  return forms.filter((f) => f.value.length >= 8 && !seen.has(f.value) && seen.add(f.value));
}

/**
 * The parts of a secret whose fragments are worth looking for: a JWT's header is the same in every token
 * (`eyJhbGciOiJIUzI1NiIs…`) and says nothing secret, so only what follows it counts.
 */
function secretPart(secret: string): string {
  const jwt = /^([a-z]+_)?(eyJ[A-Za-z0-9_-]+)\.(.+)$/.exec(secret);
  return jwt ? jwt[3]! : secret;
}

/** Token-shaped strings that no output of a command which does not exist to print secrets may contain. */
export const TOKEN_PATTERNS: ReadonlyArray<{ form: string; pattern: RegExp }> = [
  { form: 'a JWT (a session or access token)', pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/ },
  {
    form: 'a credential header value',
    pattern: /\b(?:bearer|basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{16,}/i,
  },
  {
    form: 'an echoed authorization header',
    pattern: /"(?:authorization|x-nuclia-[a-z]+|x-api-key)"\s*:\s*"(?!\[redacted\])/i,
  },
];

function around(text: string, index: number, length: number): string {
  const before = text.slice(Math.max(0, index - 60), index);
  const after = text.slice(index + length, index + length + 60);
  return `${before}<<${length} chars>>${after}`.replace(/\s+/g, ' ');
}

/** Options of {@link findLeaks}. */
export interface FindOptions {
  /** Also look for every {@link FRAGMENT_LENGTH}-character window of each secret. @default true */
  fragments?: boolean;
  /** Also look for {@link TOKEN_PATTERNS}. @default true */
  patterns?: boolean;
}

/** Every needle (in any wire form, or a fragment) and every token-shaped string in `text`. */
export function findLeaks(text: string, needles: readonly Needle[], options: FindOptions = {}): Leak[] {
  const leaks: Leak[] = [];
  let windows: Set<string> | undefined;
  for (const needle of needles) {
    let found = false;
    for (const { form, value } of wireFormsOf(needle.value)) {
      const index = text.indexOf(value);
      if (index >= 0) {
        leaks.push({ secret: needle.name, form, context: around(text, index, value.length) });
        found = true;
        break;
      }
    }
    if (found || options.fragments === false) continue;
    // Every window of the text once, so that each secret's windows are set look-ups, not scans.
    windows ??= textWindows(text);
    const part = secretPart(needle.value);
    for (let i = 0; i + FRAGMENT_LENGTH <= part.length; i++) {
      const window = part.slice(i, i + FRAGMENT_LENGTH);
      if (!windows.has(window)) continue;
      leaks.push({
        secret: needle.name,
        form: `fragment at ${i}`,
        context: around(text, text.indexOf(window), FRAGMENT_LENGTH),
      });
      break;
    }
  }
  if (options.patterns !== false) {
    for (const { form, pattern } of TOKEN_PATTERNS) {
      const match = pattern.exec(text);
      if (match) leaks.push({ secret: '(any)', form, context: around(text, match.index, match[0].length) });
    }
  }
  return leaks;
}

function textWindows(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + FRAGMENT_LENGTH <= text.length; i++) out.add(text.slice(i, i + FRAGMENT_LENGTH));
  return out;
}
