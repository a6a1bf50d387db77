import type { AccountService } from '../core/service.js';
import { openStore, type Store } from '../store/file-store.js';
import { warn } from './output.js';

let shared: Store | undefined;
let service: AccountService | undefined;

/** The store every command uses: the config dir from the environment, warnings on stderr. */
export function cliStore(): Store {
  shared ??= openStore({ onWarning: warn });
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

/** Reads everything a secret-bearing prompt or pipe gives, as bytes (sanitised by the caller). */
export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Whether this run can talk to a person: both stdin and stdout are terminals. */
export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}
