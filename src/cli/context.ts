import { openStore, type Store } from '../store/file-store.js';
import { withDecks } from '../store/pass-deck.js';
import { warn } from './output.js';

let shared: Store | undefined;

/** The store every command uses: the config dir from the environment, the shared decks over it, warnings on stderr. */
export function cliStore(): Store {
  shared ??= withDecks(openStore({ onWarning: warn }), { onWarning: warn });
  return shared;
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
