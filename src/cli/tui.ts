/**
 * Opens the TUI with its service wired here, at the composition root: the store (with its decks), the HTTP
 * client's traces silenced (they would draw over the screen), the store's warnings printed once the screen
 * has closed. The UI itself is loaded lazily, so plain commands never load Ink or React.
 */
import type { AccountService } from '../app/service.js';
import { currentIO, currentRun } from './io.js';

type RunAppOptions = Parameters<typeof import('../ui/run.js').runApp>[0];

/** What opens the TUI besides the screen: where its store is, and what to do with the service first. */
interface TuiOptions extends Omit<RunAppOptions, 'service'> {
  /**
   * A config directory of its own (the demo's throw-away one), its store opened there explicitly whatever the
   * environment says, without shared decks. Absent: the config dir the environment names, with its decks.
   */
  dir?: string;
  /** Runs on the service before the screen opens (the demo stores its seed accounts). */
  prepare?: (service: AccountService) => Promise<void>;
}

export async function openTui(options: TuiOptions): Promise<number> {
  const [{ silenceTraces }, { openCliStore }, { openStore }, { createAccountService }, { runApp }] = await Promise.all([
    import('../http/client.js'),
    import('./context.js'),
    import('../store/file-store.js'),
    import('../app/service.js'),
    import('../ui/run.js'),
  ]);
  silenceTraces();
  currentRun().silenced = true;
  const warnings: string[] = [];
  const onWarning = (message: string) => warnings.push(message);
  const { dir, prepare, ...rest } = options;
  const service = createAccountService({ store: dir === undefined ? openCliStore(onWarning) : openStore({ dir }) });
  try {
    await prepare?.(service);
    return await runApp({ ...rest, service });
  } finally {
    service.close();
    for (const warning of warnings) currentIO().err(`warning: ${warning}\n`);
  }
}
