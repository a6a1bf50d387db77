/** Issue 15 in the TUI: a deck account's row names its deck, and the details say where each secret is. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { addRequests, createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, lines, press, resize, waitFor, waitForText } from '../support/ink.js';

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

  it('a DECK column names the deck of each deck account, and where the secret is instead of a mask', async () => {
    const app = await renderApp(createFakeService(accounts()));
    const titles = lines(app).find((l) => l.includes('PROVIDER'))!;
    expect(titles).toMatch(/PROVIDER\s+LABEL\s+DECK\s+IDENTITY/);
    const bot = lines(app).find((l) => l.includes('bot-a'))!;
    expect(bot).toMatch(/platformsh\s+bot-a\s+team\s/);
    expect(bot).not.toContain('team:bot-a');
    expect(bot).toContain('(deck team)');
    // The DECK cell of a local account is empty, in line with the deck's.
    const work = lines(app).find((l) => l.includes('work'))!;
    expect(work).toContain('(cmd)');
    expect(work.slice(titles.indexOf('DECK'), titles.indexOf('IDENTITY')).trim()).toBe('');
    expect(bot.slice(titles.indexOf('DECK'), titles.indexOf('IDENTITY')).trim()).toBe('team');
  });

  it('no DECK column when no account is in a deck', async () => {
    const app = await renderApp(createFakeService([accounts()[1]!]));
    expect(lines(app).find((l) => l.includes('PROVIDER'))).toMatch(/PROVIDER\s+LABEL\s+IDENTITY/);
    expect(frame(app)).not.toContain('DECK');
  });

  it('narrow, the DECK column goes early and the label carries the deck; provider and label stay', async () => {
    const app = await renderApp(createFakeService(accounts()));
    resize(app, 80, 24);
    await waitFor(() => !frame(app).includes('DECK'), 'the DECK column to go');
    // At 80 columns the label is 9 cells: `team:bot…`.
    expect(lines(app).find((l) => l.includes('platformsh'))).toMatch(/platformsh\s+team:bot/);
    resize(app, 40, 24);
    await waitFor(() => !frame(app).includes('EXPIRY'), 'the narrow layout');
    expect(lines(app).find((l) => l.includes('platformsh'))).toMatch(/platformsh\s+team:bot/);
    expect(Math.max(...lines(app).map((l) => l.length))).toBeLessThanOrEqual(40);
    resize(app, 120, 24);
    await waitForText(app, 'DECK');
    expect(lines(app).find((l) => l.includes('bot-a'))).toMatch(/platformsh\s+bot-a\s+team\s/);
  });

  it('the filter matches the deck name, as it is on screen', async () => {
    const app = await renderApp(
      createFakeService([...accounts(), makeView({ provider: 'platformsh', label: 'mine' })]),
    );
    await press(app, '/');
    await press(app, 'team');
    expect(frame(app)).toContain('1 of 3');
    expect(frame(app)).toContain('bot-a');
    expect(frame(app)).not.toContain('mine');
    expect(frame(app)).not.toContain('work');
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

  it('e on a deck account asks the service to replace the entry of that deck', async () => {
    const service = createFakeService(accounts());
    const app = await renderApp(service);
    await press(app, KEYS.down);
    await press(app, KEYS.enter);
    await press(app, 'e');
    expect(frame(app)).toContain('Replace the secret · team:platformsh/bot-a');
    await press(app, 'new-platformsh-token-0123');
    await press(app, KEYS.enter);
    await waitForText(app, 'Replaced the secret of team:platformsh/bot-a');
    expect(addRequests(service)).toEqual([
      expect.objectContaining({ provider: 'platformsh', label: 'bot-a', replace: true, deck: 'team' }),
    ]);
  });

  it('authdeck add --deck: a label is taken only within that deck, and the request names the deck', async () => {
    const start = (label: string) =>
      ({ name: 'add', entry: 'cli', preset: { provider: 'platformsh', label, deck: 'team' } }) as const;
    const local = makeView({ provider: 'platformsh', label: 'mine' });
    // `mine` is a local label: free in the deck, so no question, straight to the token.
    const service = createFakeService([...accounts(), local]);
    const app = await renderApp(service, { start: start('mine') });
    expect(frame(app)).toContain('Add a token to the deck team');
    expect(frame(app)).not.toContain('already exists');
    await press(app, 'new-platformsh-token-0123');
    await press(app, KEYS.enter);
    // Started from the command line, the screen closes once stored: the outcome may already be a frame behind.
    await waitFor(() => app.frames.some((f) => f.includes('Stored')), 'the outcome');
    expect(addRequests(service)[0]).toMatchObject({ label: 'mine', deck: 'team' });
    expect(addRequests(service)[0]!.replace).toBeUndefined();
    cleanup();
    // `bot-a` is the deck's own: asked about before the token, as the deck's account.
    const again = await renderApp(createFakeService([...accounts(), local]), { start: start('bot-a') });
    expect(frame(again)).toContain('team:platformsh/bot-a already exists.');
  });
});
