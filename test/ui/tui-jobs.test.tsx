/**
 * Every job of the TUI done in the TUI: a taken label asked about before the token, storing unchecked
 * when the service is unreachable, the who-am-I URL of a Bearer account, endpoint overrides from the
 * details. No message sends the person to a flag.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { reasonInTui } from '../../src/ui/capabilities.js';
import { renderApp } from '../support/app.js';
import { addRequests, createFakeService, type FakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, press, waitFor, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

/** A flag, as `--replace` or `--no-check`, anywhere on screen. */
const FLAG = /(^|\s)--[a-z]/m;

describe('a taken label', () => {
  const withOld = () =>
    createFakeService([makeView({ provider: 'curvenote', label: 'old', active: true, health: 'valid' })]);

  it('is asked about before the token: replacing keeps the account', async () => {
    const service = withOld();
    const app = await renderApp(service);
    await press(app, 'a');
    await press(app, KEYS.enter);
    await press(app, 'old');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('curvenote/old already exists.');
    expect(frame(app)).toContain('› Replace its secret');
    expect(frame(app)).not.toContain('Token:');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Token:');
    await press(app, 'new-curvenote-token-0123');
    await press(app, KEYS.enter);
    await waitForText(app, 'Replaced the secret of curvenote/old');
    expect(addRequests(service)).toEqual([
      expect.objectContaining({ label: 'old', replace: true, secret: 'new-curvenote-token-0123' }),
    ]);
    expect(frame(app)).not.toMatch(FLAG);
  });

  it('or another label is chosen, and a free one is not asked about', async () => {
    const service = withOld();
    const app = await renderApp(service);
    await press(app, 'a');
    await press(app, KEYS.enter);
    await press(app, 'old');
    await press(app, KEYS.enter);
    await press(app, 'j');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('› Label: old');
    await press(app, KEYS.backspace);
    await press(app, KEYS.backspace);
    await press(app, KEYS.backspace);
    await press(app, 'work');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Token:');
    await press(app, 'new-curvenote-token-0123');
    await press(app, KEYS.enter);
    await waitForText(app, 'Stored curvenote/work');
    expect(addRequests(service)[0]).toMatchObject({ label: 'work' });
    expect(addRequests(service)[0]!.replace).toBeUndefined();
  });
});

describe('authdeck add <provider> --label <taken>', () => {
  it('asks before the token too, and Esc cancels', async () => {
    const service = createFakeService([makeView({ provider: 'curvenote', label: 'old', active: true })]);
    const start = { name: 'add', entry: 'cli', preset: { provider: 'curvenote', label: 'old' } } as const;
    const app = await renderApp(service, { start });
    expect(frame(app)).toContain('curvenote/old already exists.');
    expect(frame(app)).not.toContain('Token:');
    await press(app, KEYS.enter);
    await press(app, 'new-curvenote-token-0123');
    await press(app, KEYS.enter);
    // Started from the command line, the screen closes once stored: the outcome may already be a frame behind.
    await waitFor(() => app.frames.some((f) => f.includes('Replaced the secret of curvenote/old')), 'the outcome');
    expect(addRequests(service)[0]).toMatchObject({ label: 'old', replace: true });

    const again = await renderApp(createFakeService([makeView({ provider: 'curvenote', label: 'old' })]), { start });
    await press(again, 'j');
    await press(again, KEYS.enter);
    expect(frame(again)).toContain('› Label: old');
  });
});

describe('an unreachable service', () => {
  it('offers to store the token unchecked, without a flag', async () => {
    const service = createFakeService([makeView({ provider: 'curvenote', label: 'x', active: true })]);
    service.checkResults.set('offline-token-0123456', {
      health: 'unreachable',
      reason: 'connection refused',
      identity: null,
      resource: null,
      scopes: null,
      expiresAt: null,
    });
    const app = await renderApp(service);
    await press(app, 'a');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    await press(app, 'offline-token-0123456');
    await press(app, KEYS.enter);
    await waitForText(app, 'could not reach Curvenote');
    expect(frame(app)).toContain('› Store it without a check');
    expect(frame(app)).toContain('Try the check again');
    expect(frame(app)).not.toMatch(FLAG);
    service.checkResults.delete('offline-token-0123456');
    await press(app, KEYS.enter);
    await waitForText(app, 'Stored');
    const requests = addRequests(service);
    expect(requests).toHaveLength(2);
    expect(requests[1]).toMatchObject({ secret: 'offline-token-0123456', check: false });
  });
});

/** How far down the provider list Bearer is. */
const bearerAt = (service: FakeService) => service.providers.findIndex((p) => p.id === 'bearer');

describe('a Bearer account', () => {
  it('asks for its who-am-I URL when added, refusing none and plain http', async () => {
    const service = createFakeService([makeView({ provider: 'curvenote', label: 'x', active: true })]);
    const app = await renderApp(service);
    await press(app, 'a');
    for (const _ of service.providers.slice(0, bearerAt(service))) await press(app, 'j');
    await press(app, KEYS.enter);
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('› Who-am-I URL:');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('the who-am-I URL is needed');
    await press(app, 'http://example.com/me');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('is not https');
    for (let i = 0; i < 'http://example.com/me'.length; i++) app.stdin.write(KEYS.backspace);
    await press(app, 'https://api.example.com/user');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Token:');
    expect(frame(app).replace(/\s+/g, ' ')).toContain('who-am-I URL: https://api.example.com/user');
    // No page of its own: no "make one at " with nothing after it.
    expect(frame(app)).not.toMatch(/make one at\s*$/m);
    await press(app, 'bt_some_bearer_token_01');
    await press(app, KEYS.enter);
    await waitForText(app, 'Stored');
    expect(addRequests(service)[0]).toMatchObject({
      provider: 'bearer',
      endpoints: { whoami: 'https://api.example.com/user' },
    });
  });

  it('asks for it in the onboarding too, and names no empty page', async () => {
    const service = createFakeService();
    const app = await renderApp(service);
    await press(app, KEYS.enter);
    for (const _ of service.providers.slice(0, bearerAt(service))) await press(app, 'j');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Make one wherever your service issues API tokens');
    expect(frame(app)).not.toMatch(/ at ,| at \.|at $/m);
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('› Who-am-I URL:');
    await press(app, 'https://api.example.com/user');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Token:');
    await press(app, 'bt_some_bearer_token_01');
    await press(app, KEYS.enter);
    await waitForText(app, 'Stored');
    expect(addRequests(service)[0]).toMatchObject({ endpoints: { whoami: 'https://api.example.com/user' } });
  });

  it('gets its endpoints set from the details (E), then is checked there', async () => {
    const account = makeView({
      provider: 'bearer',
      label: 'api',
      active: true,
      reason: 'no who-am-I URL is set for this account',
    });
    const service = createFakeService([account]);
    const app = await renderApp(service);
    await press(app, KEYS.enter);
    await waitForText(app, 'Details · bearer/api');
    expect(frame(app)).toContain('E endpoints');
    await press(app, 'E');
    expect(frame(app)).toContain('Endpoints · bearer/api');
    expect(frame(app)).toContain('› who-am-I URL:');
    await press(app, 'https://api.example.com/user');
    await press(app, KEYS.enter);
    await waitForText(app, 'Details · bearer/api');
    await waitForText(app, 'whoami=https://api.example.com/user');
    expect(service.calls.find((c) => c.method === 'setEndpoints')?.args).toEqual([
      account.id,
      { whoami: 'https://api.example.com/user' },
    ]);
    expect(service.calls.some((c) => c.method === 'check')).toBe(true);
  });
});

describe('the endpoints editor', () => {
  it('refuses a URL a secret may not go to, and Esc leaves it unchanged', async () => {
    const account = makeView({ provider: 'platformsh', label: 'me', active: true });
    const service = createFakeService([account]);
    const app = await renderApp(service);
    await press(app, KEYS.enter);
    await press(app, 'E');
    expect(frame(app)).toMatch(/› auth URL: +default/);
    expect(frame(app)).toContain('default https://auth.api.platform.sh');
    await press(app, 'http://auth.example.com');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('the auth URL is not https');
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('Details · platformsh/me');
    expect(service.calls.some((c) => c.method === 'setEndpoints')).toBe(false);
  });
});

describe('check reasons', () => {
  it("the real Bearer adapter's reason for a missing who-am-I URL reads without a flag", async () => {
    const { bearer } = await import('../../src/providers/bearer.js');
    const result = await bearer.check(
      { provider: 'bearer', kind: 'user', secret: 'bt_some_bearer_token_01', endpoints: {}, resource: null },
      // No request is made without a URL: the context is never used for I/O.
      { now: () => new Date(), http: null as never } as never,
    );
    expect(result.reason).toMatch(FLAG);
    expect(reasonInTui(result.reason)).not.toMatch(FLAG);
    expect(reasonInTui(result.reason)).toContain('(Enter, then E)');
  });
});
