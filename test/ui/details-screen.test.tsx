import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, press, waitForText } from '../support/ink.js';

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
    expect(text).toContain('2031-01-02T00:00:00.000Z');
    expect(text).toContain('2025-05-01T10:00:00.000Z');
    expect(text).toContain('tok-42');
    expect(text).toContain('laptop');
    expect(text).toMatch(/u\/Space use .*r check .*c create token .*t rotate .*d remove/);
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
    await waitForText(app, '✓ revoke: revoked the old token tok-1');
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
