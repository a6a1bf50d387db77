import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { assertValidLabel, defaultLabelBase, uniqueLabel } from '../../src/core/labels.js';

describe('labels', () => {
  it('accepts 1–64 characters of the allowed set', () => {
    for (const ok of ['a', 'work', 'alice@acme', 'bot.eu-1_x', 'A'.repeat(64)])
      expect(() => assertValidLabel(ok)).not.toThrow();
  });
  it('refuses anything else with exit 2', () => {
    for (const bad of ['', 'has space', 'a/b', 'é', 'A'.repeat(65), 'x;rm']) {
      try {
        assertValidLabel(bad);
        expect.fail(`accepted ${bad}`);
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        expect((error as UserError).code).toBe(2);
      }
    }
  });
  it('defaults to the username, else the email local part, else "default"', () => {
    expect(defaultLabelBase({ username: 'alice', email: 'a@x.io' })).toBe('alice');
    expect(defaultLabelBase({ email: 'bob.smith@x.io' })).toBe('bob.smith');
    expect(defaultLabelBase({})).toBe('default');
    expect(defaultLabelBase(null)).toBe('default');
    expect(defaultLabelBase({ username: 'Jean Dupont' })).toBe('Jean-Dupont');
  });
  it('numbers a taken default -2, -3…', () => {
    expect(uniqueLabel('alice', new Set())).toBe('alice');
    expect(uniqueLabel('alice', new Set(['alice']))).toBe('alice-2');
    expect(uniqueLabel('alice', new Set(['alice', 'alice-2']))).toBe('alice-3');
    expect(uniqueLabel('x'.repeat(64), new Set(['x'.repeat(64)]))).toHaveLength(64);
  });
});
