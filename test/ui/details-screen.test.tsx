import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { humanTime } from '../../src/ui/time.js';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, lines, press, resize, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

describe('Details', () => {
  const account = () =>
    makeView({
      id: 'abcd1234',
      provider: 'nuclia',
      label: 'me',
      active: true,
      inEffect: true,
      health: 'valid',
      identity: { email: 'me@example.com', name: 'Me' },
      scopes: ['read', 'write'],
      expiresAt: '2031-01-02T00:00:00.000Z',
      checkedAt: '2025-05-01T10:00:00.000Z',
      remoteTokenId: 'tok-42',
      description: 'laptop',
    });

  it('shows every fact, its source, and the actions', async () => {
    const app = await renderApp(createFakeService([account()]));
    await press(app, KEYS.enter);
    const text = frame(app);
    expect(text).toContain('Details · nuclia/me');
    expect(text).toContain('Nuclia (nuclia)');
    expect(text).toContain('nuclia/me   (id abcd1234)');
    expect(text).toContain('yes, as the stored active account');
    expect(text).toContain('email me@example.com');
    expect(text).toContain('read write');
    // Times as people read them, not raw ISO; the identity says where it comes from.
    expect(text).not.toContain('2031-01-02T00:00:00.000Z');
    expect(text).toMatch(/Expires +\d{1,2} (Jan|Dec) 203[01] \d\d:\d\d \(in \d years\)/);
    expect(text).toMatch(/Last check +\d{1,2} (Apr|May) 2025 \d\d:\d\d \(\d+ (months|years?) ago\)/);
    expect(text.replace(/\s+/g, ' ')).toMatch(/email me@example\.com .*\(as Nuclia answered the check of \d/);
    expect(text).toContain('tok-42');
    expect(text).toContain('laptop');
    expect(text).toMatch(/u\/Space use .*r check .*c create token .*t rotate .*e replace secret .*d remove/);
  });

  it('checks, rotates after a confirmation, and opens create and remove', async () => {
    const service = createFakeService([account()]);
    const app = await renderApp(service);
    await press(app, KEYS.enter);
    await press(app, 'r');
    await waitForText(app, 'Checked 1: 1 valid');
    await press(app, 't');
    expect(frame(app)).toContain('Press y to rotate');
    await press(app, 'n');
    expect(frame(app)).not.toContain('Press y to rotate');
    await press(app, 't');
    await press(app, 'y');
    await waitForText(app, '✓ revoke: revoked the old token tok-42');
    await press(app, 'c');
    expect(frame(app)).toContain('Create a personal token · nuclia/me');
    await press(app, KEYS.escape);
    await press(app, 'd');
    expect(frame(app)).toContain('Remove nuclia/me');
    await press(app, KEYS.escape);
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('authdeck · Accounts');
  });
});

describe('Details in small windows and per provider', () => {
  const long = () =>
    makeView({
      id: 'abcd1234',
      provider: 'nuclia',
      label: 'me',
      active: true,
      health: 'valid',
      identity: { email: 'me@example.com', name: 'Me', username: 'me' },
      scopes: ['read', 'write'],
      checkedAt: '2025-05-01T10:00:00.000Z',
      remoteTokenId: 'tok-42',
      description: 'laptop',
    });

  it.each([
    [40, 15],
    [60, 20],
  ])('at %i×%i keeps the title and the footer on screen and scrolls every fact into view', async (columns, rows) => {
    const app = await renderApp(createFakeService([long()]));
    resize(app, columns, rows);
    await press(app, KEYS.enter);
    const check = () => {
      const shown = lines(app);
      expect(shown.length).toBeLessThan(rows);
      expect(shown[0]).toContain('Details · nuclia/me');
      expect(shown.at(-1)).toMatch(/use/);
    };
    check();
    const seen = new Set(lines(app));
    for (let i = 0; i < 40 && !frame(app).includes('Description'); i++) {
      await press(app, KEYS.down);
      check();
      for (const l of lines(app)) seen.add(l);
    }
    expect(frame(app)).toContain('laptop');
    expect([...seen].join('\n')).toContain('Provider');
    await press(app, 'g');
    expect(frame(app)).toContain('Provider');
    check();
  });

  it('offers create and rotate only where the provider has a token API, and never asks to confirm a rotate that cannot work', async () => {
    const app = await renderApp(
      createFakeService([makeView({ provider: 'curvenote', label: 'me', active: true, health: 'valid' })]),
    );
    await press(app, KEYS.enter);
    expect(frame(app)).not.toContain('t rotate');
    expect(frame(app)).not.toContain('c create token');
    await press(app, 't');
    expect(frame(app)).not.toContain('Press y to rotate');
    expect(frame(app)).toContain('Curvenote tokens cannot be rotated by authdeck');
  });

  it('e replaces the secret: the paste screen opens in the token field for this very account', async () => {
    const service = createFakeService([makeView({ provider: 'curvenote', label: 'work', active: true })]);
    const app = await renderApp(service);
    await press(app, KEYS.enter);
    await press(app, 'e');
    expect(frame(app)).toContain('Replace the secret · curvenote/work');
    expect(frame(app)).toContain('› Token:');
    await press(app, 'cn_new_secret_0123456789');
    await press(app, KEYS.enter);
    await waitForText(app, 'Replaced the secret of curvenote/work');
    expect(service.calls.find((c) => c.method === 'add')?.args[0]).toMatchObject({
      provider: 'curvenote',
      label: 'work',
      replace: true,
    });
  });
});

describe('times', () => {
  it('reads as a date and how long ago, in the local time zone', () => {
    const at = new Date(2026, 11, 2, 5, 16);
    expect(humanTime(at.toISOString(), new Date(2026, 11, 2, 5, 19))).toBe('2 Dec 2026 05:16 (3 minutes ago)');
    expect(humanTime(at.toISOString(), new Date(2026, 11, 2, 5, 16, 20))).toBe('2 Dec 2026 05:16 (just now)');
    expect(humanTime(at.toISOString(), new Date(2026, 10, 2, 5, 16))).toBe('2 Dec 2026 05:16 (in 30 days)');
    expect(humanTime('not a date')).toBe('not a date');
  });
});
