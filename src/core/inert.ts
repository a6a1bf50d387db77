/**
 * The one sanitiser of text that authdeck did not write itself (server answers, vendor config files, stored
 * facts of an older version): it makes the text inert before it reaches a terminal. Pure: no I/O.
 *
 * - ESC, every other C0 control and DEL are shown as their Unicode control pictures (`␛`, `␇`, `␡`…), so an
 *   escape sequence reads as text and does nothing;
 * - a C1 control (U+0080–U+009F, which some terminals obey like ESC + a letter) is shown as `␛` and that
 *   letter (U+009B CSI as `␛[`);
 * - line breaks (CR, LF, VT, FF, NEL, U+2028, U+2029) and tabs fold into one space, so a value cannot forge rows;
 * - the bidirectional controls (U+202A–U+202E, U+2066–U+2069) are dropped, so a value cannot reorder the line;
 * - a lone surrogate becomes U+FFFD; the length is capped in code points, never splitting a pair.
 */

/** What a cut value ends with. */
export const ELLIPSIS = '…';

/** Cap of every server-supplied field authdeck stores (identity, resource, reason, token id and description). */
export const STORED_FIELD_MAX = 256;

/** Anything the sanitiser changes: controls, line separators, bidi controls, surrogates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/gu;
const BREAKS = /(?:[\t\n\v\f\r\u0085\u2028\u2029])+/g;

/**
 * The text made inert and on one line, cut to `max` code points (the last one an ellipsis) when longer.
 * Text that needs no change is returned as is, so the common case costs one regular-expression test.
 */
export function inert(text: string, max: number = Number.POSITIVE_INFINITY): string {
  let out = text;
  if (UNSAFE.test(out)) {
    out = out.replace(BREAKS, ' ').replace(UNSAFE_ALL, visible);
  }
  return cap(out, max);
}

/**
 * Like {@link inert} but keeps line feeds: for a message authdeck composed over several lines around outside
 * values (an error and its hint). A CR is still shown, so nothing can overwrite a line already printed.
 */
export function inertLines(text: string, max: number = Number.POSITIVE_INFINITY): string {
  const joined = text
    .split('\n')
    .map((line) => inert(line))
    .join('\n');
  return cap(joined, max);
}

/** `text` cut to `max` code points, the last one an ellipsis, never splitting a surrogate pair. */
export function cap(text: string, max: number): string {
  // A string of n UTF-16 units has at most n code points: nothing to count when it is short enough.
  if (!Number.isFinite(max) || text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - 1)).join('')}${max > 0 ? ELLIPSIS : ''}`;
}

/** A stored server-supplied field: inert, on one line, at most {@link STORED_FIELD_MAX} code points. */
export function storedField(text: string): string {
  return inert(text, STORED_FIELD_MAX);
}

function visible(char: string): string {
  const code = char.codePointAt(0)!;
  if (code === 0x1b) return '␛';
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '␡';
  if (code >= 0x80 && code <= 0x9f) return `␛${String.fromCodePoint(code - 0x40)}`;
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
  // Bidirectional controls: dropped.
  return '';
}

/**
 * A record of outside strings (identity, resource) for display: each string field made inert and capped at
 * {@link STORED_FIELD_MAX}, a URL only made inert. The same object when nothing needed a change, so a list of
 * 10,000 clean accounts allocates nothing here.
 */
export function inertFields<T extends object>(value: T | null): T | null {
  if (!value) return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') continue;
    const clean = key === 'url' ? inert(v) : storedField(v);
    if (clean === v) continue;
    out ??= { ...(value as Record<string, unknown>) };
    out[key] = clean;
  }
  return (out as T | undefined) ?? value;
}

/** A list of outside strings (scopes) for display; the same array when nothing needed a change. */
export function inertList(values: string[] | null): string[] | null {
  if (!values?.some((v) => typeof v === 'string' && storedField(v) !== v)) return values;
  return values.map((v) => (typeof v === 'string' ? storedField(v) : v));
}

/** An optional outside string for display. */
export function inertOptional(value: string | null): string | null {
  return typeof value === 'string' ? storedField(value) : value;
}
