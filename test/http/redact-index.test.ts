import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CountingRedactor, createRedactor, FRAGMENT_LENGTH, REDACTED, wireForms } from '../../src/core/redact.js';

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

/**
 * The two ways a redactor matches a secret: `direct`, secrets just learnt that outweigh the texts, whose
 * windows are looked up in the texts'; `indexed`, secrets already in the index.
 */
const PATHS = ['direct', 'indexed'] as const;
type Path = (typeof PATHS)[number];

/** A secret longer than any text here, so that the secrets just learnt outweigh the texts. */
const BALLAST = 'q'.repeat(16_384);

/**
 * A redactor knowing the secrets whose every redaction goes the given way: the direct way also knows
 * {@link BALLAST}, so that they outweigh any text. The indexed way does not: indexing 16 KiB of ballast in
 * every wire form, at every run of a property, was most of this file's time, and the index needs no ballast.
 */
function redactorKnowing(secrets: readonly string[], path: Path): CountingRedactor {
  const r = createRedactor();
  if (path === 'indexed') {
    r.add(...secrets);
    // The first redaction matches them directly, the second indexes them.
    r.redact('some other text, long enough');
    r.redact('some other text, long enough');
    expect(r.stats().pending).toBe(0);
    return r;
  }
  r.add(...secrets, BALLAST);
  expect(r.stats().pending).toBe(new Set(secrets).size + 1);
  // Each call must go the direct way: it builds no index.
  const direct = <T>(redacted: T): T => {
    expect(r.stats().windows).toBe(0);
    return redacted;
  };
  return { ...r, redact: (text) => direct(r.redact(text)), redactAll: (texts) => direct(r.redactAll(texts)) };
}

/** A cut of `secret` of at least 12 characters (the whole secret when it is shorter), from two numbers. */
function cut(secret: string, a: number, b: number): string {
  const length = secret.length < FRAGMENT_LENGTH ? secret.length : FRAGMENT_LENGTH + (b % (secret.length - 11));
  const start = a % (secret.length - length + 1);
  return secret.slice(start, start + length);
}

describe.each(PATHS)('redactor, %s (properties)', (path) => {
  it('leaves no 12-character piece of a secret, whatever surrounds it and wherever it is cut', () => {
    fc.assert(
      fc.property(secretArb, textArb, textArb, fc.nat(), fc.nat(), (secret, before, after, a, b) => {
        const r = redactorKnowing([secret], path);
        const piece = cut(secret, a, b);
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
        const forms = wireForms(secret);
        // All the forms in one pass, so that the direct path is taken for each of them.
        const r = redactorKnowing([secret], path);
        const outs = r.redactAll(forms.map((form) => `${before}${form}${after}`));
        for (const [i, form] of forms.entries()) expect(survivor(outs[i]!, form), form).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('leaves nothing decodable of the secret in a Basic credential, whatever the user name', () => {
    fc.assert(
      fc.property(secretArb, fc.string({ maxLength: 20 }), (secret, user) => {
        const r = redactorKnowing([secret], path);
        const bytes = Buffer.from(secret, 'utf8');
        const needles = windowsOf(bytes.toString('latin1'));
        const alphabets = ['base64', 'base64url'] as const;
        const outs = r.redactAll(alphabets.map((alphabet) => Buffer.from(`${user}:${secret}`).toString(alphabet)));
        for (const [i, alphabet] of alphabets.entries()) {
          const out = outs[i]!;
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

describe('redactor, both paths at once (properties)', () => {
  it('leaves no piece of any secret, indexed or just learnt, in any of the texts of one pass, wherever cut', () => {
    const pieceArb = fc.record({
      secret: fc.nat(),
      form: fc.nat(),
      a: fc.nat(),
      b: fc.nat(),
      text: fc.nat(),
      around: textArb,
    });
    fc.assert(
      fc.property(
        fc.array(secretArb, { minLength: 1, maxLength: 6 }),
        fc.array(secretArb, { minLength: 1, maxLength: 6 }),
        fc.array(pieceArb, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        (old, fresh, pieces, textCount) => {
          const r = redactorKnowing(old, 'indexed');
          r.add(...fresh);
          const all = [...old, ...fresh];
          const texts: string[] = Array.from({ length: textCount }, () => '');
          const cuts: string[][] = texts.map(() => []);
          for (const p of pieces) {
            // Any wire form of any of the secrets, cut anywhere.
            const forms = wireForms(all[p.secret % all.length]!);
            const piece = cut(forms[p.form % forms.length]!, p.a, p.b);
            texts[p.text % textCount] += `${piece}${p.around}`;
            cuts[p.text % textCount]!.push(piece);
          }
          const outs = r.redactAll(texts);
          outs.forEach((out, i) => {
            for (const piece of cuts[i]!) expect(survivor(out, piece), piece).toBeUndefined();
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same text whether a secret was just learnt or is indexed, and whether texts go one by one or together', () => {
    const textWithPieces = fc
      .tuple(
        fc.array(secretArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(textArb, fc.nat(), fc.nat(), fc.nat())),
      )
      .map(([secrets, parts]) => ({
        secrets,
        text: parts
          .map(([t, f, a, b], i) => {
            const forms = wireForms(secrets[i % secrets.length]!);
            return `${t}${cut(forms[f % forms.length]!, a, b)}`;
          })
          .join(''),
      }));
    fc.assert(
      fc.property(textWithPieces, textArb, ({ secrets, text }, other) => {
        const texts = [text, other, `${other}${text}`];
        const direct = redactorKnowing(secrets, 'direct').redactAll(texts);
        const indexed = redactorKnowing(secrets, 'indexed');
        expect(direct).toEqual(indexed.redactAll(texts));
        expect(direct).toEqual(texts.map((t) => indexed.redact(t)));
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

  it('redacts the base64 of a secret at the unshifted alignment of a Basic credential, short (8 bytes) or long', () => {
    for (const secret of ['k8_abcde', 'key9_abcd', 'a-much-longer-secret-value']) {
      for (const path of PATHS) {
        // `ab:` puts the secret at a 3-byte boundary, and the byte after it changes the last character.
        const basic = Buffer.from(`ab:${secret}~`).toString('base64');
        const out = redactorKnowing([secret], path).redact(`Basic ${basic}`);
        expect(out, `${secret} ${path}`).toContain(REDACTED);
        const core = Buffer.from(secret)
          .toString('base64')
          .slice(0, Math.floor((secret.length * 8) / 6));
        expect(out).not.toContain(core.slice(0, Math.min(core.length, FRAGMENT_LENGTH)));
      }
    }
  });

  it('leaves ordinary text alone with thousands of secrets known', () => {
    const r = createRedactor();
    for (let i = 0; i < 3000; i++) r.add(`bt_${i.toString(36).padStart(8, '0')}${'k'.repeat(i % 7)}Zq9x${i}`);
    const text = 'GET https://api.example.com/v1/whoami 401 Bad credentials: {"error":"invalid_token"}';
    // Matched directly the first time, from the index after.
    expect(r.redact(text)).toBe(text);
    expect(r.redact(text)).toBe(text);
    expect(r.stats().pending).toBe(0);
    expect(r.size()).toBe(3000);
  });

  it('accepts any string as a secret, lone surrogates included, without throwing', () => {
    const r = createRedactor();
    expect(() => r.add('abc\ud800defghijklmnop')).not.toThrow();
    expect(r.redact('x abc\ud800defghijklmnop y')).toBe(`x ${REDACTED} y`);
  });

  it('indexes each secret at a cost of its own size, not of the secrets already known', () => {
    const r = createRedactor();
    const secret = (i: number) => `bt_${i.toString(36).padStart(6, '0')}${'Q7x'.repeat(12)}${i % 97}`;
    const windowsOfForms = (s: string) => wireForms(s).reduce((n, f) => n + Math.max(1, f.length - 11), 0);
    // As `check` does: one secret learnt, then a few texts redacted.
    const perSecret: Array<{ indexed: number; scanned: number }> = [];
    let before = r.stats();
    for (let i = 0; i < 4000; i++) {
      r.add(secret(i));
      for (let k = 0; k < 3; k++)
        r.redact(`{"user":{"id":${i},"name":"account ${i}","email":"a${i}@example.com"}} ${k}`);
      const now = r.stats();
      perSecret.push({ indexed: now.indexed - before.indexed, scanned: now.scanned - before.scanned });
      before = now;
    }
    // Shorter than the text that follows it, each secret goes into the index at once: its own windows, once
    // each, none matched directly; the same for the 4,000th as for the 1st.
    for (const i of [0, 1, 999, 3999]) expect(perSecret[i]).toEqual({ indexed: windowsOfForms(secret(i)), scanned: 0 });
    expect(r.stats().pending).toBe(0);
    // Table visits, growth included, stay a small constant per window hashed (amortised).
    const { indexed, probes } = r.stats();
    expect(probes).toBeLessThan(indexed * 6);
    // And nothing was lost as the table grew.
    expect(r.redact(`a ${secret(0)} b`)).toBe(`a ${REDACTED} b`);
    expect(r.redact(`a ${secret(1234).slice(5, 19)} b`)).toBe(`a ${REDACTED} b`);
  });

  it('redacts at a cost of the text, not of the number of secrets indexed', () => {
    const text = `Bearer bt_${'x'.repeat(2000)} and ${'lorem ipsum '.repeat(200)}`;
    const probesFor = (count: number) => {
      const secrets = Array.from(
        { length: count },
        (_, i) => `sk_${i}_${'abcdefghij'.slice(i % 10)}${(i * 7919).toString(36)}YY`,
      );
      const r = redactorKnowing(secrets, 'indexed');
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

  it('matches thousands of secrets just learnt against one pass of texts without indexing them', () => {
    // As the error path does: every stored secret learnt, then the message and its trace redacted once.
    const secret = (i: number) =>
      [0, 1, 2, 3, 4].map((k) => createHash('sha256').update(`${i}:${k}`).digest('base64')).join('');
    const r = createRedactor();
    for (let i = 0; i < 3000; i++) r.add(secret(i));
    const leak = secret(2345).slice(100, 140);
    const texts = [`file ${leak}.json is not valid JSON`, 'hint: check the file', `Error: at ${'frame\n'.repeat(40)}`];
    const [message, hint] = r.redactAll(texts);
    expect(message).toBe(`file ${REDACTED}.json is not valid JSON`);
    expect(hint).toBe(texts[1]);
    const windowsOfForms = (s: string) => wireForms(s).reduce((n, f) => n + Math.max(1, f.length - 11), 0);
    let total = 0;
    for (let i = 0; i < 3000; i++) total += windowsOfForms(secret(i));
    const stats = r.stats();
    // Each secret's windows looked up once for the whole pass, not once per text; no index built.
    expect(stats.scanned).toBe(total);
    expect(stats.windows).toBe(0);
    expect(stats.indexed).toBe(0);
    // The texts' filter turns away nearly every window of a secret before any table slot is visited.
    expect(stats.probes).toBeLessThan(total / 10);
    // The next redaction indexes them: none is matched directly twice.
    expect(r.redact(`again ${leak}`)).toBe(`again ${REDACTED}`);
    expect(r.stats()).toMatchObject({ scanned: total, indexed: total, pending: 0 });
  });
});
