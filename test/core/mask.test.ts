import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/core/mask.js';

describe('maskSecret', () => {
  it('keeps a vendor prefix and the last 4', () => {
    expect(maskSecret('etm_eyJhbGciOiJSUzI1NiJ9.payload.sig73GJ')).toBe('etm_…73GJ');
    expect(maskSecret('etm_beta_eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.yQ1z2')).toBe('etm_beta_…Q1z2');
  });
  it('shows the first 4 and last 4 without a prefix', () => {
    expect(maskSecret('eyJhbGciOiJIUzI1NiJ9.body.x9Qz')).toBe('eyJh…x9Qz');
  });
  it('shows only … and the last 2 when the ends would be more than a third of it', () => {
    expect(maskSecret('abcdefghijk')).toBe('…jk');
    expect(maskSecret('abcdefghijkl')).toBe('…kl');
    expect(maskSecret('abcdefghijklmnopqrstuvw')).toBe('…vw');
    expect(maskSecret('abcdefghijklmnopqrstuvwx')).toBe('abcd…uvwx');
    expect(maskSecret(`etm_beta_${'x'.repeat(25)}Q1z2`)).toBe('…z2');
    expect(maskSecret(`etm_beta_${'x'.repeat(26)}Q1z2`)).toBe('etm_beta_…Q1z2');
  });
  it('never reveals the middle', () => {
    const secret = 'AAAA-this-is-the-middle-ZZZZ';
    expect(maskSecret(secret)).not.toContain('middle');
  });
});
