import { openStore, type Store } from '../store/file-store.js';
import { warn } from './output.js';

let shared: Store | undefined;

/** The store every command uses: the config dir from the environment, warnings on stderr. */
export function cliStore(): Store {
  shared ??= openStore({ onWarning: warn });
  return shared;
}

/** Whether this run can talk to a person: both stdin and stdout are terminals. */
export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}
