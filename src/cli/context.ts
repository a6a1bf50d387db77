import type { AccountService } from '../core/service.js';
import { openStore, type Store } from '../store/file-store.js';
import { withDecks } from '../store/pass-deck.js';
import { warn } from './output.js';

let shared: Store | undefined;
let service: AccountService | undefined;

/** The store every command uses: the config dir from the environment, the shared decks over it, warnings on stderr. */
export function cliStore(): Store {
  shared ??= withDecks(openStore({ onWarning: warn }), { onWarning: warn });
  return shared;
}

/** The account service over that store: the same object the TUI is given, so a job is done one way. */
export async function cliService(): Promise<AccountService> {
  if (!service) {
    const { createAccountService } = await import('../core/service.js');
    service = createAccountService({ store: cliStore() });
  }
  return service;
}

/** Whether this run can talk to a person: both stdin and stdout are terminals. */
export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}
