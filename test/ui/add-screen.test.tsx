import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { addRequests, createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, lines, press, resize, waitFor, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

const existing = () =>
  createFakeService([makeView({ provider: 'curvenote', label: 'old', active: true, health: 'valid' })]);

/** A 2,000-character token with recognisable ends, pasted in `parts` writes inside bracketed-paste markers. */
async function pasteLong(app: Parameters<typeof press>[0], parts = 4): Promise<string> {
  const token = `AbCd${'x'.repeat(1992)}WxYz`;
  const size = Math.ceil(token.length / parts);
  app.stdin.write(KEYS.pasteStart);
  for (let i = 0; i < parts; i++) app.stdin.write(token.slice(i * size, (i + 1) * size));
  app.stdin.write(KEYS.pasteEnd);
  await waitForText(app, '2,000 characters');
  return token;
}

describe('Add / paste', () => {
  it('picks provider and kind, a label, then keeps every chunk of a 2,000-character paste', async () => {
    const service = existing();
    const app = await renderApp(service);
    await press(app, 'a');
    expect(frame(app)).toContain('Which service is the token for?');
    await press(app, 'j');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('What kind of Nuclia credential?');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Label:');
    await press(app, 'work');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('paste the token');
    const token = await pasteLong(app);
    expect(frame(app)).toContain('2,000 characters, AbCd…WxYz');
    expect(frame(app)).not.toContain('xxxxxxxx');
    await press(app, KEYS.enter);
    await waitForText(app, 'Stored nuclia/work');
    expect(frame(app)).toContain('It belongs to alice');
    const [request] = addRequests(service);
    expect(request).toMatchObject({ provider: 'nuclia', kind: 'user', label: 'work' });
    expect(request!.secret).toBe(token);
    await press(app, KEYS.enter);
    await waitForText(app, 'authdeck · Accounts');
    expect(
      frame(app)
        .split('\n')
        .find((l) => l.startsWith('›')),
    ).toContain('work');
  });

  it('shows a spinner while checking, then the reason and the token page when refused', async () => {
    const service = existing();
    service.checkResults.set('bad-token-123456', {
      health: 'rejected',
      reason: 'Invalid user token',
      identity: null,
      resource: null,
      scopes: null,
      expiresAt: null,
    });
    service.holdAdd = { release: () => {} };
    const app = await renderApp(service);
    await press(app, 'a');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await press(app, 'bad-token-123456');
    await press(app, KEYS.enter);
    await waitForText(app, 'Checking with Curvenote…');
    service.holdAdd!.release();
    await waitForText(app, 'Curvenote rejected the token');
    expect(frame(app)).toContain('make a new token at https://curvenote.com/profile');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('paste the token');
  });

  it('at 40×15 keeps its title and footer on screen when a refusal makes the steps taller than the window', async () => {
    const service = existing();
    service.checkResults.set('bad-token-123456', {
      health: 'rejected',
      reason: 'not a Curvenote API token (not a JWT)',
      identity: null,
      resource: null,
      scopes: null,
      expiresAt: null,
    });
    const app = await renderApp(service);
    resize(app, 40, 15);
    await press(app, 'a');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await press(app, 'bad-token-123456');
    await press(app, KEYS.enter);
    await waitForText(app, 'rejected the token');
    const shown = lines(app);
    expect(shown.length).toBeLessThan(15);
    expect(shown[0]).toContain('Add a token');
    expect(shown.at(-1)).toContain('Esc back');
    expect(frame(app)).toContain('Press Enter to paste');
  });

  it('says inline why a token is refused, and edits with Backspace and Ctrl+U', async () => {
    const app = await renderApp(existing());
    await press(app, 'a');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await press(app, 'abc def');
    expect(frame(app)).toContain('the token contains whitespace');
    await press(app, KEYS.backspace);
    await press(app, KEYS.backspace);
    await press(app, KEYS.backspace);
    await press(app, KEYS.backspace);
    expect(frame(app)).not.toContain('whitespace');
    expect(frame(app)).toContain('3 characters');
    await press(app, KEYS.ctrlU);
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('the token is empty');
  });

  it('asks a KB key for its KB URL and validates it', async () => {
    const service = existing();
    const app = await renderApp(service);
    await press(app, 'a');
    await press(app, 'j');
    await press(app, KEYS.enter);
    await press(app, 'j');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('KB URL:');
    await press(app, 'http://example.com/kb');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('must use https');
    await press(app, KEYS.ctrlU);
    await press(app, 'https://europe-1.dp.progress.cloud/api/v1/kb/0123abcd');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('paste the token');
    expect(frame(app)).toContain('KB: https://europe-1.dp.progress.cloud/api/v1/kb/0123abcd');
    await press(app, 'kb-key-0123456789');
    await press(app, KEYS.enter);
    await waitForText(app, 'Stored nuclia/kb/');
    expect(addRequests(service)[0]).toMatchObject({
      kind: 'kb',
      url: 'https://europe-1.dp.progress.cloud/api/v1/kb/0123abcd',
    });
  });

  it('Esc steps back through the flow and keeps what was typed', async () => {
    const app = await renderApp(existing());
    await press(app, 'a');
    await press(app, KEYS.enter);
    await press(app, 'mine');
    await press(app, KEYS.enter);
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('Label: mine');
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('Which service');
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('authdeck · Accounts');
  });

  it('type-ahead reaches the screen a key opened', async () => {
    const service = existing();
    const app = await renderApp(service);
    // One write: open Add, choose Curvenote, type a label, confirm.
    await press(app, 'a\rtyped\r');
    await waitForText(app, 'paste the token');
    expect(frame(app)).toContain('Label: typed');
  });
});

describe('authdeck add <provider> (the paste screen on its own)', () => {
  const start = { name: 'add', entry: 'cli', preset: { provider: 'curvenote', label: 'ci' } } as const;

  it('opens with the cursor in the token field and exits 0 once stored', async () => {
    const service = createFakeService();
    const app = await renderApp(service, { start });
    expect(frame(app)).toContain('Token:');
    expect(frame(app)).toContain('paste the token');
    // `q` and `?` are text in the token field.
    await press(app, 'q?abcdefghijklmnop');
    expect(app.exits).toEqual([]);
    await press(app, KEYS.enter);
    await waitFor(() => app.exits.length > 0, 'the exit');
    expect(app.exits).toEqual([0]);
    // After unmount the last frame is empty: the stored message was the frame before it.
    expect(app.frames.some((f) => f.includes('Stored curvenote/ci'))).toBe(true);
    expect(addRequests(service)[0]).toMatchObject({ provider: 'curvenote', label: 'ci', secret: 'q?abcdefghijklmnop' });
  });

  it('Esc cancels with a non-zero exit and stores nothing', async () => {
    const service = createFakeService();
    const app = await renderApp(service, { start });
    await press(app, 'half-typed');
    await press(app, KEYS.escape, { until: () => app.exits.length > 0 });
    expect(app.exits).toEqual([1]);
    expect(addRequests(service)).toEqual([]);
  });

  it('Ctrl+C cancels with a non-zero exit, even while checking, and stores nothing', async () => {
    const service = createFakeService();
    service.holdAdd = { release: () => {} };
    const app = await renderApp(service, { start });
    await press(app, 'abcdefghijklmnop');
    await press(app, KEYS.enter);
    await waitForText(app, 'Checking with Curvenote');
    await press(app, KEYS.ctrlC, { until: () => app.exits.length > 0 });
    expect(app.exits).toEqual([1]);
    const [request] = addRequests(service);
    expect(request!.signal?.aborted).toBe(true);
  });
});
