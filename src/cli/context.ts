import type { AccountService } from '../app/service.js';
import { openStore, type Store } from '../store/file-store.js';
import { withDecks } from '../store/pass-deck.js';
import { warn } from './output.js';

let shared: Store | undefined;
let service: AccountService | undefined;

/** The store of the config dir the environment names, with the shared decks over it; warnings go to `onWarning`. */
export function openCliStore(onWarning: (message: string) => void): Store {
  return withDecks(openStore({ onWarning }), { onWarning });
}

/** The store every command uses, warnings on stderr. */
export function cliStore(): Store {
  shared ??= openCliStore(warn);
  return shared;
}

/** The account service over that store: the same object the TUI is given, so a job is done one way. */
export async function cliService(): Promise<AccountService> {
  if (!service) {
    const { createAccountService } = await import('../app/service.js');
    service = createAccountService({ store: cliStore() });
  }
  return service;
}

/** Whether this run can talk to a person: both stdin and stdout are terminals. */
export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}
