import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, press, resize } from '../support/ink.js';

afterEach(() => cleanup());

describe('Help', () => {
  it('lists every key under the title Help, and Esc returns to where you were', async () => {
    const app = await renderApp(createFakeService([makeView({ provider: 'curvenote', label: 'x', active: true })]));
    resize(app, 100, 80);
    await press(app, 'a');
    await press(app, KEYS.enter);
    await press(app, 'half');
    // In a text field `?` is text; Esc out of the field first is not needed to reach Help from a picker.
    await press(app, KEYS.escape);
    await press(app, '?');
    const text = frame(app);
    expect(text.split('\n')[0]).toContain('Help');
    for (const key of [
      '↑/k',
      '↓/j',
      'PgUp',
      'PgDn',
      'Home/g',
      'End/G',
      'Enter',
      '/',
      'a',
      'c',
      'd',
      'u/Space',
      'r',
      'R',
      'o',
      '?',
      'q',
      'Ctrl+C',
      'Esc',
    ]) {
      expect(text).toContain(`  ${key} `);
    }
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('Which service is the token for?');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Label: half');
  });

  it('scrolls when the terminal is short', async () => {
    const app = await renderApp(createFakeService([makeView({ provider: 'curvenote', label: 'x', active: true })]));
    resize(app, 100, 20);
    await press(app, '?');
    expect(frame(app)).toContain('more');
    await press(app, 'G');
    expect(frame(app)).toContain('Ctrl+C');
    await press(app, 'q', { until: () => app.exits.length > 0 });
    expect(app.exits).toEqual([0]);
  });
});
