/** Vendor prefixes kept visible when masking, longest first (DESIGN.md *Conventions: Masking*). */
const VENDOR_PREFIXES = ['etm_beta_', 'etm_'];

/**
 * Masks a secret for display: the vendor prefix (or the first 4 characters), `…`, the last 4 — but never more than
 * a third of the secret: a shorter one shows only `…` and its last 2 (a 12-character value would otherwise show 8
 * of its 12 characters). The one masking rule: the list, the TUI's rows and env banner, `explain` and `check`.
 */
export function maskSecret(secret: string): string {
  const prefix = VENDOR_PREFIXES.find((p) => secret.startsWith(p)) ?? secret.slice(0, 4);
  if (secret.length < 12 || (prefix.length + 4) * 3 > secret.length) return `…${secret.slice(-2)}`;
  return `${prefix}…${secret.slice(-4)}`;
}
