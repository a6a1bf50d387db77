import { interactive } from '../context.js';
import { notice, type OutputOptions } from '../output.js';

/** `authdeck` with no command: the TUI on a terminal, else the human list and one hint. */
export default async function home(options: OutputOptions): Promise<number> {
  if (interactive()) {
    const { openTui } = await import('../tui.js');
    return openTui({ screen: 'home' });
  }
  const { default: list } = await import('./list.js');
  const code = await list({ ...options, json: false });
  notice('hint: run authdeck in a terminal for the interactive screen; `authdeck --help` lists the commands.', options);
  return code;
}
