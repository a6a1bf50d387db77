import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, FRAGMENT_LENGTH, REDACTED, wireForms } from '../../src/http/redact.js';

// Brackets are left out of secrets so that a secret's window can never be spelt by the `[redacted]` marker
// and its neighbours: then "no window of the secret in the output" is exactly the guarantee.
const secretChar = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~+/=:%"\\!#$&'()*,;<>?@^`{|}-]$/) },
  { weight: 1, arbitrary: fc.constantFrom('é', '€', 'ß', '𝄞', 'ж') },
);
const secretArb = fc.string({ unit: secretChar, minLength: 8, maxLength: 90 }).filter((s) => s.trim() === s);
const textArb = fc.string({ unit: 'binary', maxLength: 60 });

/** Every window of `value` that must not survive: its 12-character pieces, or itself when shorter. */
function windowsOf(value: string): string[] {
  if (value.length < FRAGMENT_LENGTH) return [value];
  const out: string[] = [];
  for (let i = 0; i + FRAGMENT_LENGTH <= value.length; i++) out.push(value.slice(i, i + FRAGMENT_LENGTH));
  return out;
}

const survivor = (out: string, value: string) => windowsOf(value).find((w) => out.includes(w));

describe('redactor index (properties)', () => {
  it('leaves no 12-character piece of a secret, whatever surrounds it and wherever it is cut', () => {
    fc.assert(
      fc.property(secretArb, textArb, textArb, fc.nat(), fc.nat(), (secret, before, after, a, b) => {
        const r = createRedactor();
        r.add(secret);
        // A cut of at least 12 characters (the whole secret when it is shorter).
        const length = secret.length < FRAGMENT_LENGTH ? secret.length : FRAGMENT_LENGTH + (b % (secret.length - 11));
        const start = a % (secret.length - length + 1);
        const piece = secret.slice(start, start + length);
        const out = r.redact(`${before}${piece}${after}`);
        expect(survivor(out, piece)).toBeUndefined();
        expect(out).toContain(REDACTED);
      }),
      { numRuns: 400 },
    );
  });

  it('redacts every wire form of a secret, and every 12-character piece of a long one', () => {
    fc.assert(
      fc.property(secretArb, textArb, textArb, (secret, before, after) => {
        const r = createRedactor();
        r.add(secret);
        for (const form of wireForms(secret)) {
          const out = r.redact(`${before}${form}${after}`);
          expect(survivor(out, form), form).toBeUndefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('leaves nothing decodable of the secret in a Basic credential, whatever the user name', () => {
    fc.assert(
      fc.property(secretArb, fc.string({ maxLength: 20 }), (secret, user) => {
        const r = createRedactor();
        r.add(secret);
        const bytes = Buffer.from(secret, 'utf8');
        const needles = windowsOf(bytes.toString('latin1'));
        for (const alphabet of ['base64', 'base64url'] as const) {
          const out = r.redact(Buffer.from(`${user}:${secret}`).toString(alphabet));
          // Decoded at each of the four character alignments, no piece left gives 12 bytes of the secret back.
          for (const piece of out.split(REDACTED)) {
            for (let shift = 0; shift < 4; shift++) {
              const decoded = Buffer.from(piece.slice(shift), alphabet).toString('latin1');
              expect(needles.find((n) => decoded.includes(n))).toBeUndefined();
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('redactor index', () => {
  it('redacts a secret of 8–11 characters whole, and pieces only from 12 characters', () => {
    const r = createRedactor();
    r.add('shortkey10', 'bt_0123456789abcdefghijklmnopqrstuvwxyzAB');
    expect(r.redact('key shortkey10 here')).toBe(`key ${REDACTED} here`);
    // A part of a short secret is not a secret: it would shred ordinary words.
    expect(r.redact('key shortkey1 here')).toBe('key shortkey1 here');
    expect(r.redact('echo: 6789abcdefgh!')).toBe(`echo: ${REDACTED}!`);
    expect(r.redact('echo: 6789abcdefg!')).toBe('echo: 6789abcdefg!');
    // A piece cut across two lines of a long body is still found on each side when 12+ characters long.
    expect(r.redact('x bt_012345678\n9abcdefghijklmnopq y')).toBe(`x ${REDACTED}\n${REDACTED} y`);
  });

  it('leaves ordinary text alone with thousands of secrets known', () => {
    const r = createRedactor();
    for (let i = 0; i < 3000; i++) r.add(`bt_${i.toString(36).padStart(8, '0')}${'k'.repeat(i % 7)}Zq9x${i}`);
    const text = 'GET https://api.example.com/v1/whoami 401 Bad credentials: {"error":"invalid_token"}';
    expect(r.redact(text)).toBe(text);
    expect(r.size()).toBe(3000);
  });

  it('accepts any string as a secret, lone surrogates included, without throwing', () => {
    const r = createRedactor();
    expect(() => r.add('abc\ud800defghijklmnop')).not.toThrow();
    expect(r.redact('x abc\ud800defghijklmnop y')).toBe(`x ${REDACTED} y`);
  });

  it('indexes each added secret at a cost of its own size, not of the secrets already known', () => {
    const r = createRedactor();
    const secret = (i: number) => `bt_${i.toString(36).padStart(6, '0')}${'Q7x'.repeat(12)}${i % 97}`;
    const perAdd: number[] = [];
    let before = r.stats();
    for (let i = 0; i < 4000; i++) {
      r.add(secret(i));
      const now = r.stats();
      perAdd.push(now.indexed - before.indexed);
      before = now;
    }
    // The windows hashed for one secret are those of its own forms: the same for the 4,000th as for the 1st.
    const windowsOfForms = (s: string) => wireForms(s).reduce((n, f) => n + Math.max(1, f.length - 11), 0);
    for (const i of [0, 1, 999, 3999]) expect(perAdd[i]).toBe(windowsOfForms(secret(i)));
    // Table visits, growth included, stay a small constant per window hashed (amortised).
    const { indexed, probes } = r.stats();
    expect(probes).toBeLessThan(indexed * 6);
    // And nothing was lost as the table grew.
    expect(r.redact(`a ${secret(0)} b`)).toBe(`a ${REDACTED} b`);
    expect(r.redact(`a ${secret(1234).slice(5, 19)} b`)).toBe(`a ${REDACTED} b`);
  });

  it('redacts at a cost of the text, not of the number of secrets known', () => {
    const text = `Bearer bt_${'x'.repeat(2000)} and ${'lorem ipsum '.repeat(200)}`;
    const probesFor = (count: number) => {
      const r = createRedactor();
      for (let i = 0; i < count; i++) r.add(`sk_${i}_${'abcdefghij'.slice(i % 10)}${(i * 7919).toString(36)}YY`);
      const before = r.stats().probes;
      r.redact(text);
      return r.stats().probes - before;
    };
    const few = probesFor(10);
    const many = probesFor(5000);
    // One look-up per window of the text (plus short collision runs), whether 10 or 5,000 secrets are known.
    expect(many).toBeLessThan(text.length * 3);
    expect(few).toBeLessThan(text.length * 3);
  });
});
