import { describe, expect, it } from 'vitest';
import { fitHints, type Hint } from '../../src/ui/components/KeyHints.js';

describe('fitHints', () => {
  const hints: Hint[] = [
    { keys: 'u', hint: 'use' },
    { keys: 'r', hint: 'check' },
    { keys: 't', hint: 'rotate' },
    { keys: '↓', hint: '4 more', keep: true },
    { keys: 'Esc', hint: 'back', keep: true },
  ];
  const text = (shown: Hint[]) => shown.map((h) => `${h.keys} ${h.hint}`).join('  ');

  it('keeps where you are and how to leave when the window is narrow, dropping actions from the end', () => {
    expect(text(fitHints(hints, 34))).toBe('u use  r check  ↓ 4 more  Esc back');
    expect(text(fitHints(hints, 33))).toBe('u use  ↓ 4 more  Esc back');
    expect(text(fitHints(hints, 20))).toBe('↓ 4 more  Esc back');
    for (const columns of [20, 25, 30, 40]) expect(text(fitHints(hints, columns)).length).toBeLessThanOrEqual(columns);
  });

  it('shows everything when it fits', () => {
    expect(fitHints(hints, 80)).toEqual(hints);
  });
});
