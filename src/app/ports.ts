/**
 * The ports the use cases run against (their types are in src/core/ports.ts). The composition root —
 * src/cli/wiring.ts, which test/support/wire-ports.ts also uses — plugs the store's, the HTTP client's and the
 * providers' implementations in once; the app layer itself reaches no I/O and imports no other folder.
 */
import type { Ports } from '../core/ports.js';

let wired: Ports | null = null;

/** Plugs in the ports (once, at the composition root; a test may plug in fakes). */
export function wirePorts(implementation: Ports): void {
  wired = implementation;
}

/** The ports in use; a missing one is a wiring bug, never a user's situation. */
export function ports(): Ports {
  if (!wired) throw new Error('no ports are wired: the composition root must call wirePorts()');
  return wired;
}
