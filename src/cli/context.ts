import type { AccountService } from '../app/service.js';
import { openStore, type Store } from '../store/file-store.js';
import { withDecks } from '../store/pass-deck.js';
import { currentIO, currentRun } from './io.js';
import { warn } from './output.js';

/** The store of the config dir the environment names, with the shared decks over it; warnings go to `onWarning`. */
export function openCliStore(onWarning: (message: string) => void): Store {
  return withDecks(openStore({ onWarning }), { onWarning });
}

/** The store every command uses, warnings on stderr. */
export function cliStore(): Store {
  // Cached per run (io.ts): one run in-process never sees the store of another.
  const { cache } = currentRun();
  let shared = cache.get('store') as Store | undefined;
  if (!shared) {
    shared = openCliStore(warn);
    cache.set('store', shared);
  }
  return shared;
}

/** The account service over that store: the same object the TUI is given, so a job is done one way. */
export async function cliService(): Promise<AccountService> {
  const { cache } = currentRun();
  let service = cache.get('service') as AccountService | undefined;
  if (!service) {
    const { createAccountService } = await import('../app/service.js');
    service = createAccountService({ store: cliStore() });
    cache.set('service', service);
  }
  return service;
}

/** Whether this run can talk to a person: both stdin and stdout are terminals. */
export function interactive(): boolean {
  const io = currentIO();
  return io.stdinIsTTY() && io.stdoutIsTTY();
}
