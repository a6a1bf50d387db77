import { describe, expect, it } from 'vitest';
import { createRedactor, credentialsInHeaders, REDACTED, redactError } from '../../src/core/redact.js';
import { createSessionCache } from '../../src/http/sessions.js';

const SECRET = 'etm_eyJhbGciOi.Jx/y+z=9Qz73GJ';

describe('redactor', () => {
  it('replaces a known secret and its URL-encoded, form-encoded and JSON-escaped forms', () => {
    const r = createRedactor();
    r.add(SECRET);
    const text = `raw ${SECRET} url ${encodeURIComponent(SECRET)} form ${new URLSearchParams({ a: SECRET })} json ${JSON.stringify({ s: SECRET })}`;
    const out = r.redact(text);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(encodeURIComponent(SECRET));
    expect(out).not.toContain('Jx%2Fy%2Bz');
    expect(out.split(REDACTED).length - 1).toBe(4);
  });

  it('replaces base64 forms, alone or inside a Basic credential at any alignment', () => {
    const r = createRedactor();
    r.add(SECRET);
    for (const user of ['', 'a', 'ab', 'abc', 'platform-cli']) {
      const basic = Buffer.from(`${user}:${SECRET}`).toString('base64');
      const out = r.redact(`Authorization: Basic ${basic}`);
      expect(out, user).toContain(REDACTED);
      // What is left of the base64 cannot be decoded back into the secret.
      expect(Buffer.from(out.replace(/^Authorization: Basic /, ''), 'base64').toString()).not.toContain(SECRET);
    }
    expect(r.redact(Buffer.from(SECRET).toString('base64'))).toBe(REDACTED);
  });

  it('ignores empty and short values that would shred ordinary text', () => {
    const r = createRedactor();
    r.add('', 'abc', undefined, null, '   ');
    expect(r.size()).toBe(0);
    expect(r.redact('abc def')).toBe('abc def');
  });

  it('redacts an error message and stack into a copy', () => {
    const r = createRedactor();
    r.add(SECRET);
    const original = new TypeError(`failed with ${SECRET}`);
    const copy = redactError(original, r);
    expect(copy.message).toBe(`failed with ${REDACTED}`);
    expect(copy.stack).not.toContain(SECRET);
    expect(copy.name).toBe('TypeError');
    expect(original.message).toContain(SECRET);
    expect(redactError(`thrown ${SECRET}`, r).message).toBe(`thrown ${REDACTED}`);
  });

  it('finds the credentials in request headers, but not a bare client id', () => {
    expect(
      credentialsInHeaders({
        Authorization: 'Bearer tok_1234567890',
        'X-NUCLIA-SERVICEACCOUNT': 'Bearer kb_1234567890',
        'content-type': 'application/json',
      }),
    ).toEqual(['tok_1234567890', 'kb_1234567890']);
    expect(credentialsInHeaders({ authorization: `Basic ${Buffer.from('platform-cli:').toString('base64')}` })).toEqual(
      [],
    );
  });
});

describe('session cache', () => {
  it('keeps sessions in memory and registers every token with the redactor', () => {
    const r = createRedactor();
    const cache = createSessionCache(r);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', { token: 'session-token-abcdef', expiresAt: 1 });
    cache.set('k', { token: 'session-token-ghijkl', expiresAt: 2 });
    expect(cache.get('k')).toEqual({ token: 'session-token-ghijkl', expiresAt: 2 });
    expect(cache.tokens()).toEqual(['session-token-abcdef', 'session-token-ghijkl']);
    expect(r.redact('old session-token-abcdef new session-token-ghijkl')).toBe(`old ${REDACTED} new ${REDACTED}`);
  });
});
