import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../core/errors.js';
import { interactive } from '../context.js';

/**
 * `authdeck demo`: the TUI against the in-process emulator, in a throw-away config directory that
 * is removed on exit. It never reads or writes the user's real config, whatever HOME,
 * XDG_CONFIG_HOME or AUTHDECK_CONFIG_DIR say: the store is opened on the temp dir explicitly, and
 * the environment the TUI sees points there too.
 */
export default async function demo(): Promise<number> {
  if (!interactive()) throw new UserError('the demo is interactive: run it in a terminal');
  const dir = mkdtempSync(join(tmpdir(), 'authdeck-demo-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', cleanup);
  // Killed or hung up (a closed terminal): still remove the throw-away config, and exit 128+N.
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.exit(128 + (constants.signals[signal] ?? 0));
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
  for (const signal of signals) process.once(signal, onSignal);
  const { startEmulator } = await import('../../emulator/index.js');
  const emulator = await startEmulator({ port: 0 });
  try {
    process.env.AUTHDECK_CONFIG_DIR = dir;
    process.env.AUTHDECK_ENDPOINTS = JSON.stringify(emulator.endpoints);
    const { openTui } = await import('../tui.js');
    return await openTui({
      screen: 'home',
      demo: true,
      dir,
      prepare: (service) => service.seedAccounts(emulator.seed),
    });
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    await emulator.close();
    cleanup();
  }
}
