/**
 * The secret vault port: where the secrets that are not in the config file come from (the OS keyring, a
 * `--from` reference's program, a deck's pass entry). Core only states what it needs; the composition root
 * (src/cli/main.ts, and the test setup) plugs in the store's implementation, so core reaches no I/O itself.
 */
import type { EntryFields } from './deck-entry.js';
import type { SecretRef } from './secret-ref.js';

/** A reference resolved: the secret, and the `key: value` lines of a pass entry (empty for `cmd:`). */
export interface ResolvedSecret {
  secret: string;
  fields: EntryFields;
}

export interface SecretVault {
  /** The keyring's secrets of these account ids, in order; null where it has none. */
  keyringGetAll(ids: readonly string[]): Promise<Array<string | null>>;
  /** Runs a reference's program (bounded) and reads the secret from it. */
  resolveSecretRef(ref: SecretRef): Promise<ResolvedSecret>;
}

let vault: SecretVault | null = null;

/** Plugs in the vault (once, at the composition root). */
export function wireVault(implementation: SecretVault): void {
  vault = implementation;
}

/** The vault in use; a missing one is a wiring bug, never a user's situation. */
export function secretVault(): SecretVault {
  if (!vault) throw new Error('no secret vault is wired: the composition root must call wireVault()');
  return vault;
}
