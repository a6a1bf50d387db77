/**
 * Opens the TUI with its service wired here, at the composition root: the store (with its decks), the HTTP
 * client's traces silenced (they would draw over the screen), the store's warnings printed once the screen
 * has closed. The UI itself is loaded lazily, so plain commands never load Ink or React.
 */
import type { Store } from '../store/file-store.js';
import { currentIO, currentRun } from './io.js';

type RunAppOptions = Parameters<typeof import('../ui/run.js').runApp>[0];

export async function openTui(options: Omit<RunAppOptions, 'service'> & { store?: Store }): Promise<number> {
  const [{ silenceTraces }, { openCliStore }, { createAccountService }, { runApp }] = await Promise.all([
    import('../http/client.js'),
    import('./context.js'),
    import('../app/service.js'),
    import('../ui/run.js'),
  ]);
  silenceTraces();
  currentRun().silenced = true;
  const warnings: string[] = [];
  const onWarning = (message: string) => warnings.push(message);
  const { store: given, ...rest } = options;
  const service = createAccountService({ store: given ?? openCliStore(onWarning) });
  try {
    return await runApp({ ...rest, service });
  } finally {
    service.close();
    for (const warning of warnings) currentIO().err(`warning: ${warning}\n`);
  }
}
