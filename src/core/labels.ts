import { inputError } from './errors.js';

/** 1–64 characters of `A–Z a–z 0–9 . _ @ -`. */
export const LABEL_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

/** Throws an input error (exit 2) naming what is wrong with a label the user chose. */
export function assertValidLabel(label: string): void {
  if (!LABEL_PATTERN.test(label)) {
    throw inputError(
      `invalid label ${JSON.stringify(label)}: use 1–64 characters of A–Z a–z 0–9 . _ @ -`,
      'for example --label work or --label alice@acme',
    );
  }
}

/** The label a credential gets when none is given: username, else email local part, else `default`. */
export function defaultLabelBase(identity: { username?: string; email?: string } | null | undefined): string {
  const candidate = identity?.username || identity?.email?.split('@')[0] || '';
  const cleaned = candidate
    .replace(/[^A-Za-z0-9._@-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return cleaned || 'default';
}

/** The first of `base`, `base-2`, `base-3`… not in `taken`, kept within 64 characters. */
export function uniqueLabel(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = base.slice(0, 64 - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}
