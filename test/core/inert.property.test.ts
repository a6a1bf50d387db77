/**
 * Issue 11 §3: the one sanitiser of outside text. Properties over any string: nothing a terminal obeys is left
 * (no C0, no DEL, no C1, no ESC, no line break, no bidi control, no lone surrogate), the cap holds in code
 * points, a clean string is returned unchanged, and sanitising twice changes nothing more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cap, inert, inertFields, inertLines, STORED_FIELD_MAX, storedField } from '../../src/core/inert.js';

/** Anything a terminal would act on, or that would break a row. */
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/u;

/** Strings rich in what matters here: controls, escapes, C1, bidi, line separators, astral characters. */
const hostileChar = fc.oneof(
  fc.integer({ min: 0, max: 0x20 }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x7f, max: 0xa0 }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u2028', '\u2029', '\u202e', '\u2066', '\ud800', '\udfff', '😀', '\x1b]52;c;', '\x1b[2J', '\x07'),
  fc.string({ maxLength: 3 }),
);
const hostile = fc.array(hostileChar, { maxLength: 80 }).map((parts) => parts.join(''));
const anyText = fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 80 }));

describe('inert()', () => {
  it('leaves nothing a terminal obeys, on one line', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = inert(text);
        expect(out).not.toMatch(ACTIVE);
        expect(out).not.toContain('\n');
      }),
    );
  });

  it('caps at max code points, ending in an ellipsis only when it cut', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 40 }), (text, max) => {
        const out = inert(text, max);
        const points = Array.from(out);
        expect(points.length).toBeLessThanOrEqual(max);
        if (Array.from(inert(text)).length > max) expect(points.at(-1)).toBe('…');
        else expect(out).toBe(inert(text));
        // Never half a surrogate pair.
        expect(out).not.toMatch(/[\ud800-\udfff]/u);
      }),
    );
  });

  it('is idempotent and keeps clean text as is', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = inert(text);
        expect(inert(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        const printable = text.replace(/[\u0000-\u001f\u007f]/g, '');
        expect(inert(printable)).toBe(printable);
      }),
    );
  });

  it('shows escape sequences visibly instead of sending them', () => {
    expect(inert('a\x1b]52;c;ZXZpbA==\x07b')).toBe('a␛]52;c;ZXZpbA==␇b');
    expect(inert('\x1b]0;pwned\x07')).toBe('␛]0;pwned␇');
    expect(inert('\x1b[2Jx')).toBe('␛[2Jx');
    expect(inert('\u009b2J')).toBe('␛[2J');
    expect(inert('one\r\ntwo\nthree\u2028four\tfive')).toBe('one two three four five');
    expect(inert('abc\u202edef')).toBe('abcdef');
    expect(inert('x\u0000y\u007f')).toBe('x␀y␡');
  });
});

describe('storedField(), inertLines(), inertFields()', () => {
  it('caps a stored field at 256 code points', () => {
    expect(Array.from(storedField('é'.repeat(900_000)))).toHaveLength(STORED_FIELD_MAX);
    expect(storedField('😀'.repeat(300)).endsWith('😀…')).toBe(true);
  });

  it('keeps line feeds in a message and neutralises the rest of each line', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = inertLines(text);
        expect(out.replace(/\n/g, '')).not.toMatch(ACTIVE);
        expect(out.split('\n')).toHaveLength(text.split('\n').length);
      }),
    );
  });

  it('returns the same record when nothing changes, and a cleaned copy otherwise', () => {
    const clean = { username: 'ada', email: 'ada@example.com' };
    expect(inertFields(clean)).toBe(clean);
    const dirty = { username: '\x1b]0;x\x07ada', url: 'https://kb.example/api/v1/kb/x' };
    expect(inertFields(dirty)).toEqual({ username: '␛]0;x␇ada', url: 'https://kb.example/api/v1/kb/x' });
    expect(dirty.username).toBe('\x1b]0;x\x07ada');
  });

  it('cap() never splits a pair', () => {
    expect(cap('ab😀c', 3)).toBe('ab…');
    expect(cap('ab😀', 3)).toBe('ab😀');
  });
});
