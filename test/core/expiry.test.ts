import { describe, expect, it } from 'vitest';
import { currentHealth, describeExpiry, expiresWithin } from '../../src/core/expiry.js';

const now = new Date('2026-11-24T12:00:00Z');
const inMs = (ms: number) => new Date(now.getTime() + ms).toISOString();
const H = 3_600_000;
const D = 24 * H;

describe('expiry', () => {
  it('says whole days rounded down, hours under a day, and the past', () => {
    expect(describeExpiry(inMs(29 * D + 23 * H), now)).toBe('expires in 29 days');
    expect(describeExpiry(inMs(1 * D), now)).toBe('expires in 1 day');
    expect(describeExpiry(inMs(5 * H + 10), now)).toBe('expires in 5 hours');
    expect(describeExpiry(inMs(-3 * D - H), now)).toBe('expired 3 days ago');
    expect(describeExpiry(null, now)).toBeNull();
  });
  it('brings a stored valid health up to date as expiry nears', () => {
    expect(currentHealth('valid', inMs(30 * D), now)).toBe('valid');
    expect(currentHealth('valid', inMs(6 * D), now)).toBe('expiring');
    expect(currentHealth('valid', inMs(-1), now)).toBe('expired');
    expect(currentHealth('rejected', inMs(30 * D), now)).toBe('rejected');
    expect(currentHealth('unchecked', inMs(-D), now)).toBe('unchecked');
  });
  it('expiresWithin compares with days from now', () => {
    expect(expiresWithin(inMs(10 * D), 14, now)).toBe(true);
    expect(expiresWithin(inMs(10 * D), 7, now)).toBe(false);
    expect(expiresWithin(null, 7, now)).toBe(false);
  });
});
