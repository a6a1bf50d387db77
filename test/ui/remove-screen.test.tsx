import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, lines, press, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

describe('Remove', () => {
  it('names the account, forgets it on confirmation, and says the token still works on the service', async () => {
    const service = createFakeService([
      makeView({ id: 'aaaa1111', provider: 'curvenote', label: 'old', active: true, identity: { username: 'alice' } }),
      makeView({ provider: 'curvenote', label: 'new' }),
    ]);
    const app = await renderApp(service);
    await press(app, 'j');
    await press(app, 'd');
    expect(frame(app)).toContain('Remove curvenote/old (id aaaa1111), alice?');
    expect(frame(app)).toContain('Revoking is not possible here: Curvenote has no API to revoke this token');
    expect(frame(app)).not.toContain('Revoke it on the service');
    await press(app, KEYS.enter);
    await waitForText(app, 'Forgot curvenote/old: it is no longer stored here.');
    expect(frame(app)).toContain('still works on the service');
    await press(app, KEYS.enter);
    await waitForText(app, 'authdeck · Accounts');
    expect(frame(app)).not.toContain(' old ');
    expect(frame(app)).toContain('Forgot curvenote/old.');
  });

  it('offers revoking a token authdeck created only as an explicit, named, last choice; Enter forgets', async () => {
    const made = () => makeView({ provider: 'nuclia', label: 'made', active: true, remoteTokenId: 'tok-9' });
    const service = createFakeService([made()]);
    const app = await renderApp(service);
    await press(app, 'd');
    expect(frame(app)).toContain('Revoke nuclia/made on Nuclia: the token stops working everywhere');
    // The highlighted default is the reversible one.
    expect(lines(app).find((l) => l.startsWith('›'))).toContain('Forget it here only');
    await press(app, KEYS.enter);
    await waitForText(app, 'Forgot nuclia/made');
    expect(service.calls.find((c) => c.method === 'remove')?.args[1]).toEqual({ revoke: false });

    const again = createFakeService([made()]);
    const app2 = await renderApp(again);
    await press(app2, 'd');
    // `j Enter` cancels: revoking is never one step from the default.
    await press(app2, 'j');
    expect(lines(app2).find((l) => l.startsWith('›'))).toContain('Cancel');
    await press(app2, 'j');
    await press(app2, KEYS.enter);
    await waitForText(app2, 'Revoked nuclia/made on the service and forgot it.');
    expect(again.calls.find((c) => c.method === 'remove')?.args[1]).toEqual({ revoke: true });
  });

  it('a revoke that cannot reach the service names the outcome the command exits 3 with, and keeps the account', async () => {
    const service = createFakeService([
      makeView({ provider: 'nuclia', label: 'made', active: true, remoteTokenId: 'tok-9' }),
    ]);
    service.revokeFailure = Object.assign(new Error('connection refused'), { health: 'unreachable' });
    const app = await renderApp(service);
    await press(app, 'd');
    await press(app, 'j');
    await press(app, 'j');
    await press(app, KEYS.enter);
    await waitForText(app, 'could not revoke nuclia/made on Nuclia: connection refused; it is still stored');
    expect(frame(app)).toContain('try again, or forget it without revoking and revoke it on the web');
    expect(service.accounts.map((a) => a.label)).toEqual(['made']);
    expect(service.revokedTokens).toEqual([]);
  });

  it('says honestly why a pasted token cannot be revoked', async () => {
    const service = createFakeService([makeView({ provider: 'nuclia', label: 'pasted', active: true })]);
    const app = await renderApp(service);
    await press(app, 'd');
    expect(frame(app)).toContain('Nuclia can revoke only tokens authdeck created');
    const page = service.providers.find((p) => p.id === 'nuclia')!.tokenPageUrl;
    expect(frame(app).replace(/\s+/g, ' ')).toContain(`and this one was pasted: revoke it at ${page}`);
  });

  it('Cancel and Esc remove nothing', async () => {
    const service = createFakeService([makeView({ provider: 'curvenote', label: 'keep', active: true })]);
    const app = await renderApp(service);
    await press(app, 'd');
    await press(app, 'j');
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('authdeck · Accounts');
    await press(app, 'd');
    await press(app, KEYS.escape);
    expect(frame(app)).toContain('keep');
    expect(service.calls.some((c) => c.method === 'remove')).toBe(false);
  });
});
