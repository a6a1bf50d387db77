import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SECRET_BYTES, sanitizeSecret, TOO_SHORT_REASON } from '../../src/core/secret-input.js';

describe('sanitizeSecret', () => {
  it('trims surrounding whitespace and the trailing newline', () => {
    expect(sanitizeSecret('  tok_123456789\n')).toEqual({ ok: true, secret: 'tok_123456789' });
    expect(sanitizeSecret(Buffer.from('tok_abcd\r\n'))).toEqual({ ok: true, secret: 'tok_abcd' });
  });
  it('refuses fewer than 8 characters, counted after trimming, so the redactor floor is real', () => {
    expect(sanitizeSecret('  tok_abc\n')).toEqual({ ok: false, reason: TOO_SHORT_REASON });
    expect(sanitizeSecret('ééééééé')).toEqual({ ok: false, reason: TOO_SHORT_REASON });
    expect(sanitizeSecret('éééééééé')).toEqual({ ok: true, secret: 'éééééééé' });
    expect(TOO_SHORT_REASON).toMatch(/too short to be an API token/);
  });
  it('strips bracketed-paste markers', () => {
    expect(sanitizeSecret('\x1b[200~tok_pasted\x1b[201~')).toEqual({ ok: true, secret: 'tok_pasted' });
  });
  it.each([
    ['', 'empty'],
    ['   \n', 'empty'],
    ['tok en', 'whitespace'],
    ['tok\nen', 'whitespace'],
    ['tok\x07en', 'control character'],
    ['tok\x1ben', 'control character'],
    ['x'.repeat(MAX_SECRET_BYTES + 1), 'longer than 16 KiB'],
  ])('refuses %j (%s)', (input, why) => {
    const result = sanitizeSecret(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(why);
  });
  it('refuses invalid UTF-8 bytes', () => {
    const result = sanitizeSecret(Buffer.from([0x74, 0x6f, 0xff, 0x6b]));
    expect(result).toEqual({ ok: false, reason: 'the token is not valid UTF-8' });
  });
  it('accepts exactly 16 KiB', () => {
    expect(sanitizeSecret('y'.repeat(MAX_SECRET_BYTES)).ok).toBe(true);
  });
  it('property: an accepted secret is trimmed, printable, within bounds, and idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        const result = sanitizeSecret(input);
        if (!result.ok) return;
        expect(result.secret).toBe(result.secret.trim());
        expect(result.secret).not.toMatch(/[\s\u0000-\u001f\u007f-\u009f]/u);
        expect(result.secret.length).toBeGreaterThan(0);
        expect(sanitizeSecret(result.secret)).toEqual(result);
      }),
    );
  });
  it('property: wrapping a good token in paste markers and whitespace gives it back', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9._~+/=-]{8,200}$/),
        fc.constantFrom('', ' ', '\n', '\r\n', '\t'),
        (tok, ws) => {
          expect(sanitizeSecret(`${ws}\x1b[200~${tok}\x1b[201~${ws}`)).toEqual({ ok: true, secret: tok });
        },
      ),
    );
  });
});
