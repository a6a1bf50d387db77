import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, press, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

const service = () =>
  createFakeService([
    makeView({ provider: 'curvenote', label: 'work', active: true }),
    makeView({ provider: 'curvenote', label: 'personal' }),
    makeView({ provider: 'nuclia', label: 'me', active: true }),
  ]);

describe('Select active', () => {
  it('lists a picker per provider and kind, and makes the chosen account active', async () => {
    const fake = service();
    const app = await renderApp(fake);
    await press(app, 'G');
    await press(app, 's');
    expect(frame(app)).toContain('Which nuclia account is active?');
    expect(frame(app)).toContain('← all providers');
    await press(app, KEYS.left);
    expect(frame(app)).toContain('Which provider and kind?');
    expect(frame(app)).toContain('curvenote · user token (personal access token)  2 accounts, active: work');
    await press(app, 'k');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Which curvenote account is active?');
    expect(frame(app)).toMatch(/› ● work/);
    await press(app, 'k');
    await press(app, KEYS.enter);
    await waitForText(app, 'curvenote/personal is now the active curvenote user account.');
    expect(frame(app)).toMatch(/● personal/);
    await press(app, KEYS.escape);
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('authdeck · Accounts');
  });

  it('opened with s on a row, one Esc returns home', async () => {
    const app = await renderApp(service());
    await press(app, 's');
    expect(frame(app)).toContain('Which curvenote account is active?');
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('authdeck · Accounts');
  });
});
