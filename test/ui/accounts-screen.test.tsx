import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView, validResult } from '../support/fake-service.js';
import { frame, KEYS, lines, press, resize, waitFor, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000 + 3_600_000).toISOString();

function deck() {
  return createFakeService([
    makeView({
      provider: 'curvenote',
      label: 'work',
      active: true,
      health: 'valid',
      identity: { username: 'alice' },
      expiresAt: inDays(30),
    }),
    makeView({ provider: 'curvenote', label: 'personal', health: 'rejected', reason: 'Invalid user token' }),
    makeView({
      provider: 'nuclia',
      kind: 'kb',
      label: 'docs',
      active: true,
      health: 'expiring',
      resource: { title: 'Docs KB', role: 'WRITER' },
      expiresAt: inDays(3),
    }),
    makeView({
      provider: 'nuclia',
      kind: 'processing',
      label: 'nua',
      active: true,
      health: 'unchecked',
      identity: { organization: 'acme' },
    }),
  ]);
}

describe('Accounts (home)', () => {
  it('shows the three groups, one row per account, active, health, identity and expiry', async () => {
    const app = await renderApp(deck());
    const text = frame(app);
    expect(text).toContain('User accounts (2)');
    expect(text).toContain('Knowledge-box API keys (1)');
    expect(text).toContain('Processing keys (1)');
    const work = lines(app).find((l) => l.includes('work'))!;
    expect(work).toMatch(/● curvenote\s+work\s+alice/);
    expect(work).toContain('valid');
    expect(work).toContain('expires in 30 days');
    expect(lines(app).find((l) => l.includes('personal'))).toContain('rejected');
    expect(lines(app).find((l) => l.includes('docs'))).toMatch(/Docs KB · WRITER.*expiring.*expires in 3 days/);
    expect(text).toContain('account acme');
    expect(text).toContain('4 accounts');
    expect(text).toMatch(/a add .*r check .*\? help/);
  });
});

describe('Accounts keys', () => {
  const highlighted = (app: Parameters<typeof lines>[0]) => lines(app).find((l) => l.startsWith('›')) ?? '';

  it('moves with ↑/↓, j/k, Home/End, g/G and skips group titles', async () => {
    const app = await renderApp(deck());
    expect(highlighted(app)).toContain('personal');
    await press(app, 'j');
    expect(highlighted(app)).toContain('work');
    await press(app, KEYS.down);
    expect(highlighted(app)).toContain('docs');
    await press(app, 'G');
    expect(highlighted(app)).toContain('nua');
    await press(app, 'k');
    expect(highlighted(app)).toContain('docs');
    await press(app, 'g');
    expect(highlighted(app)).toContain('personal');
    await press(app, KEYS.end);
    expect(highlighted(app)).toContain('nua');
    await press(app, KEYS.home);
    expect(highlighted(app)).toContain('personal');
    await press(app, KEYS.up, { change: false });
    expect(highlighted(app)).toContain('personal');
  });

  it('applies keys that arrive in one write in order, each on the latest state', async () => {
    const app = await renderApp(deck());
    await press(app, 'jjk');
    expect(highlighted(app)).toContain('work');
    // `/` opens the filter, so the `q` after it is text, not quit.
    await press(app, '/q');
    expect(app.exits).toEqual([]);
    expect(frame(app)).toContain('/ q');
  });

  it('filters: typing narrows, Enter keeps the highlighted row, Esc clears', async () => {
    const app = await renderApp(deck());
    await press(app, '/');
    expect(frame(app)).toContain('Enter keep the highlighted row');
    await press(app, 'do');
    expect(frame(app)).toContain('1 of 4');
    expect(frame(app)).not.toContain('personal');
    expect(highlighted(app)).toContain('docs');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Esc clear the filter');
    // Out of filter mode, letters are commands again: `j` moves (nowhere to go), not text.
    await press(app, 'j', { change: false });
    expect(frame(app)).toContain('/ do');
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('4 accounts');
    expect(highlighted(app)).toContain('docs');
    await press(app, '/xyz');
    expect(frame(app)).toContain('nothing matches');
    await press(app, KEYS.backspace);
    expect(frame(app)).toContain('/ xy');
    await press(app, KEYS.escape);
    expect(frame(app)).not.toContain('nothing matches');
  });

  it('u or space makes the highlighted account active', async () => {
    const service = deck();
    const app = await renderApp(service);
    expect(highlighted(app)).not.toContain('●');
    await press(app, 'u');
    await waitForText(app, 'curvenote/personal is now the active curvenote user account');
    expect(highlighted(app)).toContain('●');
    expect(lines(app).find((l) => l.includes(' work '))).not.toContain('●');
    await press(app, 'j');
    await press(app, ' ');
    await waitForText(app, 'curvenote/work is now the active');
    expect(service.calls.filter((c) => c.method === 'use').map((c) => c.args[0])).toHaveLength(2);
  });

  it('r checks the highlighted row with a spinner; R checks all, rows update as results arrive, keys still work', async () => {
    const service = deck();
    service.manualChecks = true;
    const app = await renderApp(service);
    await press(app, 'r');
    expect(highlighted(app)).toContain('checking');
    expect(frame(app)).toContain('Checking… 0 of 1');
    const single = service.pendingChecks.shift()!;
    single.deliver(single.ids[0]!, {
      health: 'valid',
      reason: null,
      identity: { username: 'bob' },
      resource: null,
      scopes: null,
      expiresAt: null,
    });
    await waitFor(() => !highlighted(app).includes('checking'), 'the row to update');
    expect(highlighted(app)).toMatch(/bob.*valid/);
    single.finish();
    await waitForText(app, 'Checked 1: 1 valid');

    await press(app, 'R');
    const all = service.pendingChecks.shift()!;
    expect(all.ids).toHaveLength(4);
    expect(lines(app).filter((l) => l.includes('checking'))).toHaveLength(4);
    // Input is never blocked while checks run.
    await press(app, 'j');
    expect(highlighted(app)).toContain('work');
    const docs = service.accounts.find((a) => a.label === 'docs')!;
    all.deliver(docs.id, {
      health: 'rejected',
      reason: 'Invalid API key',
      identity: null,
      resource: null,
      scopes: null,
      expiresAt: null,
    });
    await waitFor(() => lines(app).filter((l) => l.includes('checking')).length === 3, 'one row to finish');
    expect(lines(app).find((l) => l.includes('docs'))).toContain('rejected');
    for (const id of all.ids)
      if (id !== docs.id)
        all.deliver(id, {
          health: 'valid',
          reason: null,
          identity: null,
          resource: null,
          scopes: null,
          expiresAt: null,
        });
    all.finish();
    await waitForText(app, 'Checked 4: 3 valid, 1 rejected');
    expect(frame(app)).not.toContain('checking');
  });

  it('names a vendor env var in effect and what it shadows', async () => {
    const service = deck();
    // Set in the shell: the service's precedence makes it win over the active account.
    service.env.CURVENOTE_TOKEN = 'eyJhbGciOiJub25lIn0.e30.sig-x9Qz';
    const app = await renderApp(service);
    expect(frame(app)).toContain(
      '⚠ CURVENOTE_TOKEN is set (eyJh…x9Qz): it wins over curvenote/work; unset it to use the stored one',
    );
  });

  it('reloads when the store changes underneath', async () => {
    const service = deck();
    const app = await renderApp(service);
    // Written by another process: the service's watch of the config sees it.
    service.seed(makeView({ provider: 'bearer', label: 'ci-bot', health: 'valid' }));
    await waitForText(app, 'ci-bot');
    expect(frame(app)).toContain('5 accounts');
  });

  it('drops columns when narrow and follows a resize live', async () => {
    const app = await renderApp(deck());
    expect(frame(app)).toContain('SECRET');
    resize(app, 60, 24);
    await waitFor(() => !frame(app).includes('SECRET'), 'the secret column to go', 2_000, app);
    expect(frame(app)).not.toContain('IDENTITY');
    expect(lines(app).find((l) => l.includes('work'))).toContain('valid');
    expect(Math.max(...lines(app).map((l) => l.length))).toBeLessThanOrEqual(60);
    resize(app, 40, 24);
    await waitFor(() => !frame(app).includes('EXPIRY'), 'the expiry column to go', 2_000, app);
    // What identifies a row stays: its provider and its label, beside the health.
    expect(frame(app)).toContain('PROVIDER');
    expect(lines(app).find((l) => l.includes('work'))).toMatch(/curveno.*work.*valid/);
    expect(Math.max(...lines(app).map((l) => l.length))).toBeLessThanOrEqual(40);
    resize(app, 120, 30);
    await waitForText(app, 'SECRET');
    expect(frame(app)).toContain('IDENTITY');
  });

  it('q quits with status 0; Ctrl+C quits', async () => {
    const app = await renderApp(deck());
    await press(app, 'q', { until: () => app.exits.length > 0 });
    expect(app.exits).toEqual([0]);
    const again = await renderApp(deck());
    await press(again, KEYS.ctrlC, { until: () => again.exits.length > 0 });
    expect(again.exits).toEqual([0]);
  });
});

describe('Accounts at scale', () => {
  it('renders only the rows in view of 10,000 accounts and pages through them', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeView({ provider: 'bearer', label: `bot-${String(i).padStart(5, '0')}`, health: 'valid' }),
    );
    const app = await renderApp(createFakeService(many));
    resize(app, 100, 30);
    await waitFor(() => lines(app).length <= 30 && frame(app).includes('bot-00000'), 'a 30-row frame', 2_000, app);
    expect(lines(app).length).toBeLessThanOrEqual(30);
    // Where you are in a list longer than the window, and how much is below.
    expect(frame(app)).toContain('1 of 10,000');
    expect(frame(app)).toMatch(/↓ 9,9\d\d more/);
    await press(app, KEYS.pageDown);
    await press(app, 'G');
    expect(lines(app).find((l) => l.startsWith('›'))).toContain('bot-09999');
    await press(app, 'k');
    expect(lines(app).find((l) => l.startsWith('›'))).toContain('bot-09998');
    await press(app, 'g');
    expect(lines(app).find((l) => l.startsWith('›'))).toContain('bot-00000');
    expect(lines(app).length).toBeLessThanOrEqual(30);
  });
});

describe('Accounts: filter and progress', () => {
  it('filters by what rows show, health included, and never by the hidden id', async () => {
    const service = createFakeService([
      makeView({ id: '55555555', provider: 'curvenote', label: 'work', health: 'valid' }),
      makeView({ id: 'aaaa0001', provider: 'curvenote', label: 'old', health: 'rejected', reason: 'Invalid token' }),
      makeView({ id: 'aaaa0002', provider: 'bearer', label: 'soon', health: 'valid', expiresAt: inDays(3) }),
    ]);
    const app = await renderApp(service);
    await press(app, '/rejected');
    await waitForText(app, '1 of 3');
    expect(frame(app)).toContain(' old ');
    expect(frame(app)).not.toContain(' work ');
    await press(app, KEYS.escape);
    // A valid token that expires within the week shows `expiring`: the filter finds it by that word.
    await press(app, '/expiring');
    await waitForText(app, '1 of 3');
    expect(frame(app)).toContain(' soon ');
    await press(app, KEYS.escape);
    // The id is not on screen, so it is not matched.
    await press(app, '/5555');
    await waitForText(app, '0 of 3');
    expect(frame(app)).toContain('nothing matches “5555”');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await waitForText(app, 'Nothing matches “5555”: Esc clears the filter.');
    expect(frame(app)).not.toContain('press a to add one');
  });

  it('R shows progress as results arrive, with counts by health, then a summary', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      makeView({ provider: 'bearer', label: `bot-${String(i).padStart(2, '0')}` }),
    );
    const service = createFakeService(many);
    service.manualChecks = true;
    const app = await renderApp(service);
    await press(app, 'R');
    await waitForText(app, 'Checking… 0 of 30');
    const batch = service.pendingChecks.shift()!;
    for (const [i, id] of batch.ids.slice(0, 12).entries()) {
      batch.deliver(id, { ...validResult('bot'), health: i < 10 ? 'valid' : 'rejected' });
    }
    await waitForText(app, 'Checking… 12 of 30 · 10 valid · 2 rejected');
    for (const id of batch.ids.slice(12)) batch.deliver(id, validResult('bot'));
    batch.finish();
    await waitForText(app, 'Checked 30: 28 valid, 2 rejected');
    expect(frame(app)).not.toContain('Checking…');
  });
});
