/** Vendor prefixes kept visible when masking, longest first (DESIGN.md *Conventions: Masking*). */
const VENDOR_PREFIXES = ['etm_beta_', 'etm_'];

/**
 * Masks a secret for display: the vendor prefix (or the first 4 characters), `…`, the last 4.
 * A secret shorter than 12 characters shows only `…` and its last 2, so little of it leaks.
 */
export function maskSecret(secret: string): string {
  if (secret.length < 12) return `…${secret.slice(-2)}`;
  const prefix = VENDOR_PREFIXES.find((p) => secret.startsWith(p)) ?? secret.slice(0, 4);
  return `${prefix}…${secret.slice(-4)}`;
}
