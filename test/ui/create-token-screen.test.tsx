import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, lines, press, resize, waitFor, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

/** The frame with every run of white space made one space (wrapped lines read as one). */
const flat = (app: Parameters<typeof frame>[0]) => frame(app).replace(/\s+/g, ' ');

describe('Create personal token', () => {
  it('Enter on the untouched form creates with the defaults: "authdeck", 90 days', async () => {
    const service = createFakeService([makeView({ provider: 'nuclia', label: 'me', active: true, health: 'valid' })]);
    const app = await renderApp(service);
    await press(app, 'c');
    expect(frame(app)).toMatch(/Enter next/);
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    // The footer says what Enter does on each field: it creates only on the last one.
    expect(frame(app)).toMatch(/Enter create/);
    await press(app, KEYS.enter);
    await waitForText(app, 'Copy it now; it will not be shown again.');
    expect(service.calls.find((c) => c.method === 'createToken')?.args[1]).toEqual({
      description: 'authdeck',
      days: 90,
    });
  });

  it('asks description and days (90 by default), shows the token once, then stores it and makes it active', async () => {
    const service = createFakeService([
      makeView({
        provider: 'nuclia',
        label: 'me',
        active: true,
        health: 'valid',
        identity: { email: 'me@example.com' },
      }),
    ]);
    const app = await renderApp(service);
    await press(app, 'c');
    expect(frame(app)).toContain('Create a personal token · nuclia/me');
    // The defaults are placeholders: what is typed replaces them rather than extending them.
    expect(frame(app)).toMatch(/Description: +authdeck/);
    expect(frame(app)).toMatch(/Days: +90/);
    await press(app, 'ci runner');
    expect(frame(app)).toContain('Description: ci runner');
    await press(app, KEYS.enter);
    await press(app, '30');
    await press(app, KEYS.enter);
    // The stored account is named by the person, not only by the default rule.
    await press(app, 'ci-runner');
    expect(frame(app)).toContain('Label: ci-runner');
    await press(app, KEYS.enter);
    await waitForText(app, 'Copy it now; it will not be shown again.');
    expect(frame(app)).toContain('NEWTOKEN-0123456789-abcdefghij');
    expect(frame(app)).toContain('Store it as an account and make it active');
    // y asks the terminal to put the token on the clipboard (OSC 52): a wrapped token is hard to select.
    await press(app, 'y');
    const osc = `\x1b]52;c;${Buffer.from('NEWTOKEN-0123456789-abcdefghij').toString('base64')}\x07`;
    expect(app.stdout.frames.some((f) => f.includes(osc))).toBe(true);
    expect(app.stdout.frames.some((f) => f.includes('Sent to the clipboard through the terminal'))).toBe(true);
    expect(service.calls.find((c) => c.method === 'createToken')?.args[1]).toEqual({
      description: 'ci runner',
      days: 30,
    });
    await press(app, KEYS.enter);
    await waitForText(app, 'Stored it as nuclia/ci-runner');
    expect(frame(app)).toContain('active');
    expect(service.calls.find((c) => c.method === 'storeCreated')?.args[2]).toMatchObject({
      activate: true,
      description: 'ci runner',
      label: 'ci-runner',
    });
    await press(app, KEYS.enter);
    await waitForText(app, 'authdeck · Accounts');
    expect(frame(app)).not.toContain('NEWTOKEN');
  });

  it('refuses days out of range inline', async () => {
    const service = createFakeService([makeView({ provider: 'nuclia', label: 'me', active: true })]);
    const app = await renderApp(service);
    await press(app, 'c');
    await press(app, KEYS.tab);
    await press(app, '0');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('days must be a whole number from 1 to 3650');
  });

  it('can leave without storing: the token is gone', async () => {
    const service = createFakeService([makeView({ provider: 'platformsh', label: 'me', active: true })]);
    const app = await renderApp(service);
    await press(app, 'c');
    expect(frame(app)).toContain('Platform.sh API tokens do not expire.');
    expect(frame(app)).not.toContain('Days:');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await waitForText(app, 'Copy it now');
    await press(app, 'G');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Not stored.');
    expect(service.calls.some((c) => c.method === 'storeCreated')).toBe(false);
  });

  it('Esc on a token not stored yet asks; a second Esc goes back to it; nothing is lost on one key', async () => {
    const service = createFakeService([makeView({ provider: 'platformsh', label: 'me', active: true })]);
    const app = await renderApp(service);
    await press(app, 'c');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await waitForText(app, 'Copy it now');
    await press(app, KEYS.escape);
    await waitFor(
      () =>
        flat(app).includes(
          'Not stored yet: discard it (it keeps working on Platform.sh until revoked), store it, or revoke it now?',
        ),
      'the question',
      2_000,
      app,
    );
    // Enter on the default goes back to the token: it is still there.
    await press(app, KEYS.enter);
    await waitFor(() => !frame(app).includes('Not stored yet'), 'the question to go', 2_000, app);
    expect(frame(app).replace(/\s/g, '')).toContain('NEWTOKEN-0123456789-abcdefghij');
    await press(app, KEYS.escape);
    await press(app, KEYS.escape);
    expect(frame(app).replace(/\s/g, '')).toContain('NEWTOKEN-0123456789-abcdefghij');
    // Revoking is an explicit choice, and it revokes the new token with the account that made it.
    await press(app, KEYS.escape);
    await press(app, 'G');
    await press(app, KEYS.enter);
    await waitForText(app, 'Revoked the new token on Platform.sh');
    expect(service.calls.find((c) => c.method === 'revokeCreated')?.args).toEqual([
      service.accounts[0]!.id,
      expect.objectContaining({ id: 'tok-new-1' }),
    ]);
    // And the service was asked to revoke it: the token no longer works.
    expect(service.revokedTokens).toEqual(['tok-new-1']);
    expect(service.calls.some((c) => c.method === 'storeCreated')).toBe(false);
  });

  it('Esc then "Store it" stores the token', async () => {
    const service = createFakeService([makeView({ provider: 'platformsh', label: 'me', active: true })]);
    const app = await renderApp(service);
    await press(app, 'c');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await waitForText(app, 'Copy it now');
    await press(app, KEYS.escape);
    await press(app, 'j');
    await press(app, KEYS.enter);
    await waitForText(app, 'Stored it as platformsh/me-2');
    expect(service.calls.some((c) => c.method === 'revokeCreated')).toBe(false);
  });

  it('at 40×15 keeps the title and footer, and a long token and its choices are reachable', async () => {
    const service = createFakeService([makeView({ provider: 'nuclia', label: 'me', active: true })]);
    const long = `tok_${'x'.repeat(150)}_END`;
    service.createToken = async () => ({ id: 'tok-long', token: long, expiresAt: null });
    const app = await renderApp(service);
    resize(app, 40, 15);
    await press(app, 'c');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await waitForText(app, 'Copy it now');
    const pinned = () => {
      expect(lines(app).length).toBeLessThan(15);
      expect(lines(app)[0]).toContain('Create a personal token');
      expect(lines(app).at(-1)).toMatch(/Enter choose|more|above/);
    };
    pinned();
    // The whole token is on screen at once, from its first to its last character.
    expect(frame(app).replace(/\s/g, '')).toContain(long);
    await press(app, KEYS.pageDown);
    pinned();
    expect(frame(app)).toContain('Store it as an account');
    await press(app, KEYS.escape);
    pinned();
    expect(frame(app)).toContain('Revoke it now');
    // Back to the token: shown from its top again.
    await press(app, KEYS.enter);
    pinned();
    expect(frame(app)).toContain('Copy it now');
    expect(frame(app).replace(/\s/g, '')).toContain(long);
  });

  it('explains web-only services and shows where tokens are made', async () => {
    const app = await renderApp(createFakeService([makeView({ provider: 'curvenote', label: 'me', active: true })]));
    await press(app, 'c');
    expect(frame(app)).toContain('Curvenote has no API for personal tokens: they are made on the web.');
    expect(frame(app)).toContain('https://curvenote.com/profile?settings=true&tab=profile-api');
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('authdeck · Accounts');
  });

  it('explains that KB keys are made on the web', async () => {
    const app = await renderApp(
      createFakeService([makeView({ provider: 'nuclia', kind: 'kb', label: 'docs', active: true })]),
    );
    await press(app, 'c');
    expect(frame(app)).toContain('Nuclia knowledge-box API keys are made on the web');
  });
});
