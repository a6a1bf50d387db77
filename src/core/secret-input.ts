/** The largest secret accepted, in bytes. */
export const MAX_SECRET_BYTES = 16 * 1024;

/** The fewest characters an API token may have: the redactor's floor (DESIGN.md *Security rules*). */
export const MIN_SECRET_CHARS = 8;

/** Why a secret under {@link MIN_SECRET_CHARS} is refused. */
export const TOO_SHORT_REASON = `the token is too short to be an API token (fewer than ${MIN_SECRET_CHARS} characters)`;

/** The result of cleaning what a person pasted or piped: the secret, or why it was refused. */
export type SanitizeResult = { ok: true; secret: string } | { ok: false; reason: string };

const PASTE_MARKERS = /\x1b\[20[01]~/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Cleans secret input per DESIGN.md *Conventions*: bracketed-paste markers stripped, surrounding
 * whitespace trimmed; then empty, inner whitespace, control characters, over 16 KiB, invalid
 * UTF-8 or fewer than 8 characters are refused with a reason that says which.
 */
export function sanitizeSecret(input: string | Uint8Array): SanitizeResult {
  let text: string;
  if (typeof input === 'string') {
    if (/[\ud800-\udfff]/u.test(input.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
      return { ok: false, reason: 'the token is not valid UTF-8' };
    }
    text = input;
  } else {
    try {
      text = utf8.decode(input);
    } catch {
      return { ok: false, reason: 'the token is not valid UTF-8' };
    }
  }
  const secret = text.replace(PASTE_MARKERS, '').trim();
  if (secret.length === 0) return { ok: false, reason: 'the token is empty' };
  if (Buffer.byteLength(secret, 'utf8') > MAX_SECRET_BYTES) {
    return { ok: false, reason: `the token is longer than ${MAX_SECRET_BYTES / 1024} KiB` };
  }
  if (/\s/u.test(secret))
    return { ok: false, reason: 'the token contains whitespace (was more than one line pasted?)' };
  // C0, DEL and C1 controls, plus lone ESC from a half-stripped escape sequence.
  if (/[\u0000-\u001f\u007f-\u009f]/u.test(secret)) {
    return { ok: false, reason: 'the token contains a control character' };
  }
  if ([...secret].length < MIN_SECRET_CHARS) return { ok: false, reason: TOO_SHORT_REASON };
  return { ok: true, secret };
}
