/** The small things a daily user notices: each one pinned by a test. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { describeExpiry } from '../../src/core/expiry.js';
import { rowFacts } from '../../src/ui/components/AccountRow.js';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView, validResult } from '../support/fake-service.js';
import { frame, KEYS, press } from '../support/ink.js';

afterEach(() => cleanup());

describe('onboarding', () => {
  it('the step marker leaves "choose a service" once the kind is chosen', async () => {
    const app = await renderApp(createFakeService());
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('[choose a service]');
    await press(app, 'j');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('What kind of Nuclia credential?');
    await press(app, 'j');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('Make a knowledge');
    expect(frame(app)).toContain('[make a token]');
    expect(frame(app)).not.toContain('[choose a service]');
  });
});

describe('identity', () => {
  it('does not flip from the email to the username once a check adds the username', () => {
    const account = makeView({ provider: 'curvenote', label: 'ada', identity: { email: 'ada@example.com' } });
    expect(rowFacts(account, undefined).identity).toBe('ada@example.com');
    const checked = validResult('ada', { identity: { username: 'ada', email: 'ada@example.com' } });
    expect(rowFacts(account, { state: 'done', result: checked }).identity).toBe('ada@example.com');
  });
});

describe('expiry', () => {
  it('a 30-day token reads "expires in 30 days" right after it was made', () => {
    const now = new Date('2026-12-02T10:00:05.000Z');
    expect(describeExpiry('2027-01-01T10:00:00.000Z', now)).toBe('expires in 30 days');
    expect(describeExpiry('2027-01-01T08:00:00.000Z', now)).toBe('expires in 29 days');
  });
});

describe('the paste counter', () => {
  it('does not count the newline a paste ends with', async () => {
    const app = await renderApp(createFakeService([makeView({ provider: 'curvenote', label: 'x', active: true })]), {
      start: { name: 'add', entry: 'app', preset: { provider: 'curvenote' } },
    });
    await press(app, `${KEYS.pasteStart}${'A'.repeat(1996)}WXYZ\n${KEYS.pasteEnd}`);
    expect(frame(app)).toContain('2,000 characters, AAAA…WXYZ');
    expect(frame(app)).not.toContain('2,001');
  });
});

describe('wording', () => {
  it('a Bearer refusal names the API, never "Bearer token rejected the token"', async () => {
    const { admit } = await import('../../src/core/admission.js');
    const { bearer } = await import('../../src/providers/bearer.js');
    const base = { identity: null, resource: null, scopes: null, expiresAt: null };
    const rejected = admit({ ...base, health: 'rejected', reason: 'HTTP 401' }, bearer);
    const down = admit({ ...base, health: 'unreachable', reason: 'connection refused' }, bearer);
    expect(rejected.store || rejected.message).toBe('The API rejected the token: HTTP 401; nothing was stored');
    expect(down.store || down.message).toBe('could not reach the API: connection refused; nothing was stored');
  });
});

describe('a generic Bearer account is never called "Bearer token" as if it were a service', () => {
  it('on the remove screen and when rotate is pressed', async () => {
    const app = await renderApp(createFakeService([makeView({ provider: 'bearer', label: 'api', active: true })]));
    await press(app, 'd');
    expect(frame(app)).toContain('Forget it here only (the token keeps working on the API)');
    await press(app, KEYS.escape);
    await press(app, KEYS.enter);
    await press(app, 't');
    expect(frame(app)).toContain('A generic Bearer token cannot be rotated by authdeck');
    expect(frame(app)).not.toMatch(/Bearer token tokens|on Bearer token/);
  });
});
