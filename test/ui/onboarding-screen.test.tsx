import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, press, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

describe('Onboarding', () => {
  it('starts on a first run: service → where to make a token → paste → check → what to do next', async () => {
    const service = createFakeService();
    const app = await renderApp(service);
    expect(frame(app)).toContain('Onboarding');
    expect(frame(app)).toContain('Press Enter to start');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Which service is the token for?');
    await press(app, 'j');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Make a user token (personal access token) for Nuclia:');
    // The shipped provider's own page, as the service presents it.
    expect(frame(app)).toContain(service.providers.find((p) => p.id === 'nuclia')!.tokenPageUrl);
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('[paste it]');
    await press(app, 'nuclia-token-0123456789');
    await press(app, KEYS.enter);
    await waitForText(app, 'Stored nuclia/alice');
    expect(frame(app)).toContain('eval "$(authdeck env nuclia)"');
    expect(frame(app)).toContain('sets NUCLIA_TOKEN in this shell');
    expect(frame(app)).toContain('authdeck exec -- <command>');
    await press(app, KEYS.enter);
    await waitForText(app, 'authdeck · Accounts');
    expect(frame(app)).toContain('alice');
  });

  it('opens with o, and Esc skips it', async () => {
    const app = await renderApp(createFakeService([makeView({ provider: 'curvenote', label: 'x', active: true })]));
    expect(frame(app)).toContain('authdeck · Accounts');
    await press(app, 'o');
    expect(frame(app)).toContain('Onboarding');
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('authdeck · Accounts');
  });

  it('shows the empty accounts list after skipping the first-run onboarding', async () => {
    const app = await renderApp(createFakeService());
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('No accounts yet.');
  });
});
