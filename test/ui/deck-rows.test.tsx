/** Issue 15 in the TUI: a deck account's row names its deck, and the details say where each secret is. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, lines, press } from '../support/ink.js';

afterEach(() => cleanup());

describe('deck and --from accounts', () => {
  const accounts = () => [
    makeView({
      provider: 'platformsh',
      label: 'bot-a',
      deck: 'team',
      storage: 'deck',
      secret: '(deck team)',
      ref: 'team:platformsh/bot-a',
      active: true,
    }),
    makeView({
      provider: 'curvenote',
      label: 'work',
      storage: 'reference',
      secret: '(cmd)',
      from: 'cmd:op read op://Work/cn/token',
    }),
  ];

  it('the row shows the deck before the label, and where the secret is instead of a mask', async () => {
    const app = await renderApp(createFakeService(accounts()));
    const bot = lines(app).find((l) => l.includes('bot-a'))!;
    expect(bot).toMatch(/platformsh\s+team:bot-a/);
    expect(bot).toContain('(deck team)');
    expect(lines(app).find((l) => l.includes('work'))!).toContain('(cmd)');
  });

  it('details say the secret is in the shared deck, or read from the reference each time', async () => {
    const app = await renderApp(createFakeService(accounts()));
    // Rows are in provider order: curvenote first.
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('(read from cmd:op read op://Work/cn/token each time)');
    await press(app, KEYS.escape);
    await press(app, KEYS.down);
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('(deck team)   (in the shared deck team)');
  });
});
