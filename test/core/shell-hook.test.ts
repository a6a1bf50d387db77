import { describe, expect, it } from 'vitest';
import { hookScript, refreshDeadline } from '../../src/core/shell-hook.js';

describe('refreshDeadline', () => {
  it('a minute before the earliest expiry still ahead; none when nothing expires or all is past', () => {
    const now = 1_800_000_000;
    expect(refreshDeadline([undefined, now + 3600, now + 600], now)).toBe(now + 540);
    expect(refreshDeadline([undefined], now)).toBeNull();
    // Already expired, or within the minute: running env again would not renew it, so no deadline.
    expect(refreshDeadline([now - 10, now + 30], now)).toBeNull();
    expect(refreshDeadline([Number.NaN, now + 120.7], now)).toBe(now + 60);
  });
});

describe('hookScript', () => {
  it('refuses a name that is not a shell identifier (a provider bug must not become shell code)', () => {
    expect(() =>
      hookScript({ shell: 'bash', vendorVars: ['OK', 'A;rm'], promptFormat: '{label}', providers: [] }),
    ).toThrow(/invalid environment variable name/);
    expect(() => hookScript({ shell: 'fish', vendorVars: [], promptFormat: '{label}', providers: ['x y'] })).toThrow(
      /invalid provider id/,
    );
  });
});
