/**
 * Why authdeck draws its own lists and fields instead of ink-select-input 6.2 and ink-text-input 6.0
 * (README, Development: dependencies). Run against the real packages (the first versions of this
 * file, `git log -- test/ui/dependency-choices.test.tsx`), each of them lost or misread keys of a
 * burst, or took keys beside the one key router:
 * - ink-select-input compares the whole input to "j"/"k", so `jj` in one read does nothing; two ↓ in
 *   one read move once (its handler reads the index of its last render); it takes digits 1–9 as
 *   "choose" and j/k/digits beside any other useInput; with isFocused false (the router the only
 *   consumer) it reads initialIndex once, so it cannot show the router's highlight.
 * - ink-text-input computes each value from its props (vadimdemedes/ink-text-input#90): of two keys
 *   in one tick only the second stays; "ac←b" in one read leaves "b"; Enter and Backspace inside a
 *   read are typed as text; with focus false it draws no cursor.
 * The tests below pin the same bursts on authdeck's own lists and fields: each applied in order.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { type RenderedApp, renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, lines, press, waitFor, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

describe("authdeck's own lists and fields", () => {
  const service = () => createFakeService([makeView({ provider: 'curvenote', label: 'old', active: true })]);
  const labelLine = (app: RenderedApp) => lines(app).find((l) => l.includes('Label:')) ?? '';

  it('`jj` in one burst moves the provider list down two', async () => {
    const s = service();
    const app = await renderApp(s);
    await press(app, 'a');
    await press(app, `jj${KEYS.enter}`);
    await waitForText(app, 'Label:');
    // The third provider in the service's display order.
    expect(frame(app)).toContain(`Provider: ${s.providers[2]!.title} `);
  });

  it('two ↓ in one burst move down two', async () => {
    const s = service();
    const app = await renderApp(s);
    await press(app, 'a');
    await press(app, `${KEYS.down}${KEYS.down}${KEYS.enter}`);
    await waitForText(app, 'Label:');
    // The third provider in the service's display order.
    expect(frame(app)).toContain(`Provider: ${s.providers[2]!.title} `);
  });

  it('a digit does not choose, and `q` in a list quits (the router has it, not the list)', async () => {
    const app = await renderApp(service());
    await press(app, 'a');
    await press(app, '3', { change: false });
    expect(frame(app)).toContain('Which service is the token for?');
    await press(app, 'q', { until: () => app.exits.length > 0 });
    expect(app.exits).toEqual([0]);
  });

  it('two keys that arrive in one tick both land, in order', async () => {
    const app = await renderApp(service());
    await press(app, `a${KEYS.enter}`);
    await waitForText(app, 'Label:');
    app.stdin.write('a');
    app.stdin.write('b');
    await waitFor(() => labelLine(app).includes('Label: ab'), 'Label: ab', 2_000, app);
  });

  it('"ac←b" in one burst gives "abc"; Enter and Backspace inside a burst are keys', async () => {
    const app = await renderApp(service());
    await press(app, `a${KEYS.enter}`);
    await waitForText(app, 'Label:');
    await press(app, `ac${KEYS.left}b`);
    expect(labelLine(app)).toContain('Label: abc');
    await press(app, `${KEYS.ctrlU}worx\x7fk\r`);
    await waitForText(app, 'paste the token');
    expect(frame(app)).toContain('Label: work');
  });
});
