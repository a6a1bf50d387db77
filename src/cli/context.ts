import type { AccountService } from '../app/service.js';
import { openStore, type Store } from '../store/file-store.js';
import { withDecks } from '../store/pass-deck.js';
import { configDir } from '../store/paths.js';
import { currentIO, currentRun } from './io.js';
import { warn } from './output.js';

/** The store of the config dir the environment names, with the shared decks over it; warnings go to `onWarning`. */
export function openCliStore(onWarning: (message: string) => void, dir: string = configDir()): Store {
  return withDecks(openStore({ dir, onWarning }), { onWarning });
}

/** The store every command uses, warnings on stderr. */
export function cliStore(): Store {
  // Cached per run (io.ts), and per config dir: one run in-process never sees the store of another, and code
  // outside any run (whose cache lives as long as the process) never keeps the store of a dir no longer named.
  const { cache } = currentRun();
  const dir = configDir();
  let shared = cache.get(`store:${dir}`) as Store | undefined;
  if (!shared) {
    shared = openCliStore(warn, dir);
    cache.set(`store:${dir}`, shared);
  }
  return shared;
}

/** The account service over that store: the same object the TUI is given, so a job is done one way. */
export async function cliService(): Promise<AccountService> {
  const { cache } = currentRun();
  const store = cliStore();
  const key = `service:${store.paths.dir}`;
  let service = cache.get(key) as AccountService | undefined;
  if (!service) {
    const { createAccountService } = await import('../app/service.js');
    service = createAccountService({ store });
    cache.set(key, service);
  }
  return service;
}

/** Whether this run can talk to a person: both stdin and stdout are terminals. */
export function interactive(): boolean {
  const io = currentIO();
  return io.stdinIsTTY() && io.stdoutIsTTY();
}
