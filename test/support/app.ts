/** Renders the whole TUI over a fake service, recording how it exits. */
import { createElement } from 'react';
import type { AccountService } from '../../src/app/service.js';
import { App } from '../../src/ui/App.js';
import type { Route } from '../../src/ui/hooks/use-router.js';
import { createTheme } from '../../src/ui/theme.js';
import { type Rendered, renderScreen } from './ink.js';

/** The rendered app and the exit codes it reported. */
export type RenderedApp = Rendered & { exits: number[] };

/** Renders `<App>` (home unless `start` says otherwise), colour off so frames are plain text. */
export async function renderApp(
  service: AccountService,
  options: { start?: Route; demo?: boolean } = {},
): Promise<RenderedApp> {
  const exits: number[] = [];
  const app = await renderScreen(
    createElement(App, {
      service,
      start: options.start ?? { name: 'home' },
      demo: options.demo ?? false,
      theme: createTheme({ color: false }),
      onExit: (code: number) => exits.push(code),
    }),
  );
  return Object.assign(app, { exits });
}
