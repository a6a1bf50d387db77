/**
 * The account service the TUI talks to, over a real store and the emulator: the same core functions
 * the plain commands use, so this checks the wiring, not the rules again.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AccountService, type AddRequest, createAccountService } from '../../src/app/service.js';
import { UserError } from '../../src/core/errors.js';
import { maskSecret } from '../../src/core/mask.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/file-store.js';

let emulator: RunningEmulator;
let dir: string;
let service: AccountService;
const savedEndpoints = process.env.AUTHDECK_ENDPOINTS;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  process.env.AUTHDECK_ENDPOINTS = JSON.stringify(emulator.endpoints);
  dir = mkdtempSync(join(tmpdir(), 'authdeck-service-'));
  service = createAccountService({ store: openStore({ dir }), env: {}, cwd: dir, debounceMs: 10 });
});
afterAll(async () => {
  service?.close();
  await emulator?.close();
  if (savedEndpoints === undefined) delete process.env.AUTHDECK_ENDPOINTS;
  else process.env.AUTHDECK_ENDPOINTS = savedEndpoints;
  rmSync(dir, { recursive: true, force: true });
});

const seed = (provider: string, expect: string) =>
  emulator.seed.find((s) => s.provider === provider && s.kind === 'user' && s.expect === expect)!;

describe('account service', () => {
  it('checks and stores a valid token, saying who it belongs to', async () => {
    const result = await service.add({
      provider: 'nuclia',
      kind: 'user',
      secret: seed('nuclia', 'valid').secret,
      label: 'me',
    });
    expect(result.stored).toBe(true);
    if (!result.stored) return;
    expect(result.account.ref).toBe('nuclia/me');
    expect(result.account.health).toBe('valid');
    expect(result.account.identity?.email).toBeTruthy();
    expect(result.active).toBe(true);
    expect(result.account.secret).not.toBe(seed('nuclia', 'valid').secret);
  });

  it('refuses a rejected token with the token page, storing nothing', async () => {
    const result = await service.add({ provider: 'bearer', kind: 'user', secret: seed('bearer', 'rejected').secret });
    expect(result.stored).toBe(false);
    if (result.stored) return;
    expect(result.message).toContain('rejected the token');
    expect(service.snapshot().accounts.some((a) => a.provider === 'bearer')).toBe(false);
  });

  it('stores nothing when the person cancelled while the check ran', async () => {
    const abort = new AbortController();
    const pending = service.add({
      provider: 'bearer',
      kind: 'user',
      secret: seed('bearer', 'valid').secret,
      signal: abort.signal,
    });
    abort.abort();
    await expect(pending).rejects.toThrow('cancelled; nothing was stored');
    expect(service.snapshot().accounts.some((a) => a.provider === 'bearer')).toBe(false);
  });

  it('rejects a bad label as a user error', async () => {
    await expect(
      service.add({ provider: 'bearer', kind: 'user', secret: 'x'.repeat(20), label: 'no spaces' }),
    ).rejects.toBeInstanceOf(UserError);
  });

  it('checks all, reporting each result as it arrives, and saves them', async () => {
    await service.add({
      provider: 'bearer',
      kind: 'user',
      secret: seed('bearer', 'rejected').secret,
      label: 'bad',
      check: false,
    });
    const seen: string[] = [];
    const results = await service.check('all', (id) => seen.push(id));
    expect(seen).toHaveLength(2);
    expect(results.size).toBe(2);
    const bad = service.snapshot().accounts.find((a) => a.label === 'bad')!;
    expect(bad.health).toBe('rejected');
    expect(bad.checkedAt).not.toBeNull();
  });

  it('creates a token, stores it as the active account, rotates and revokes it on remove', async () => {
    const me = service.snapshot().accounts.find((a) => a.ref === 'nuclia/me')!;
    const created = await service.createToken(me.id, { description: 'from the tui', days: 30 });
    expect(created.token.length).toBeGreaterThan(16);
    const stored = await service.storeCreated(me.id, created, { description: 'from the tui', activate: true });
    expect(stored.active).toBe(true);
    expect(stored.remoteTokenId).toBe(created.id);
    expect(service.revocation(stored.id)).toEqual({ possible: true, reason: null });
    expect(service.revocation(me.id).possible).toBe(false);
    const tokens = await service.listTokens(me.id);
    expect(tokens.some((t) => t.id === created.id)).toBe(true);
    const rotation = await service.rotate(stored.id);
    expect(rotation.ok).toBe(true);
    const removed = await service.remove(stored.id, { revoke: true });
    expect(removed).toMatchObject({ ref: stored.ref, revoked: true, note: null });
    const forgot = await service.remove(service.snapshot().accounts.find((a) => a.label === 'bad')!.id, {
      revoke: true,
    });
    expect(forgot.revoked).toBe(false);
    // Bearer has no page of its own: never "revoke it at ."
    expect(forgot.note).toBe('authdeck cannot revoke a generic Bearer token: revoke it at the service that issued it');
  });

  it('says where web-only services make tokens', async () => {
    const added = await service.add({
      provider: 'curvenote',
      kind: 'user',
      secret: seed('curvenote', 'valid').secret,
      label: 'cn',
    });
    if (!added.stored) throw new Error('not stored');
    await expect(service.createToken(added.account.id, { description: 'x', days: 1 })).rejects.toMatchObject({
      hint: expect.stringContaining('tokens are made on the web'),
    });
  });

  /** A valid token whose service cannot be reached (nothing listens on port 9). */
  const addUnreachable = (extra: Partial<AddRequest> = {}) =>
    service.add({
      provider: 'bearer',
      kind: 'user',
      secret: seed('bearer', 'valid').secret,
      label: 'down',
      endpoints: { whoami: 'http://127.0.0.1:9/whoami' },
      ...extra,
    });

  it('never sends the TUI to a flag: taken label, unreachable service, no page to revoke at', async () => {
    const taken = await service
      .add({ provider: 'nuclia', kind: 'user', secret: seed('nuclia', 'valid').secret, label: 'me' })
      .catch((error: UserError) => error);
    expect(taken).toBeInstanceOf(UserError);
    expect(`${(taken as UserError).message} ${(taken as UserError).hint}`).not.toMatch(/--\w/);
    expect((taken as UserError).hint).toContain('replace its secret');

    const unreachable = await addUnreachable();
    expect(unreachable.stored).toBe(false);
    if (unreachable.stored) return;
    expect(unreachable.code).toBe(3);
    expect(unreachable.hint).toBe('check your network, or store it without a check');

    const stored = await service.add({
      provider: 'bearer',
      kind: 'user',
      secret: seed('bearer', 'valid').secret,
      label: 'bt',
    });
    if (!stored.stored) throw new Error('not stored');
    const { reason } = service.revocation(stored.account.id);
    expect(reason).not.toMatch(/ at \.?$| at [,.]/);
    expect(reason).toContain('revoke it at the service that issued it');
    expect(reason).not.toContain('Bearer token has no API');
  });

  it('words the same add rules for the command line when asked (hints: flags)', async () => {
    const taken = await service
      .add({ provider: 'nuclia', kind: 'user', secret: seed('nuclia', 'valid').secret, label: 'me', hints: 'flags' })
      .catch((error: UserError) => error);
    expect(taken).toMatchObject({ code: 2, message: 'nuclia/me already exists' });
    expect((taken as UserError).hint).toBe('choose another --label, or pass --replace to swap its secret');
    const unreachable = await addUnreachable({ hints: 'flags' });
    expect(unreachable).toMatchObject({ stored: false, code: 3, hint: expect.stringContaining('--no-check') });
    for (const hints of ['flags', 'screen'] as const) {
      const kb = await service
        .add({ provider: 'nuclia', kind: 'kb', secret: 'kb-key-0123456789abcdef', check: false, hints })
        .catch((error: UserError) => error);
      expect(kb).toMatchObject({ code: 2, message: expect.stringMatching(/^a KB key needs its knowledge box URL/) });
      expect((kb as UserError).message.includes('--url')).toBe(hints === 'flags');
    }
  });

  it('stores a secret reference, resolving it once to check it; onChecking fires once, before the check', async () => {
    const secret = seed('etm', 'valid').secret;
    const events: string[] = [];
    const added = await service.add({
      provider: 'etm',
      kind: 'user',
      secret: '',
      label: 'ref',
      from: { type: 'cmd', argv: ['echo', secret] },
      onChecking: () => events.push('checking'),
    });
    if (!added.stored) throw new Error(`not stored: ${added.message}`);
    expect(events).toEqual(['checking']);
    expect(added.account).toMatchObject({ storage: 'reference', health: 'valid', from: `cmd:echo ${secret}` });
    const raw = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(raw.accounts.find((a: { label: string }) => a.label === 'ref').secret).toBe('');

    for (const hints of ['flags', 'screen'] as const) {
      const failed = await service
        .add({
          provider: 'bearer',
          kind: 'user',
          secret: '',
          label: 'nope',
          from: { type: 'cmd', argv: ['false'] },
          hints,
        })
        .catch((error: UserError) => error);
      expect(failed).toMatchObject({
        message: expect.stringMatching(/^cannot get the secret from cmd:false: .*; nothing was stored$/),
      });
      expect((failed as UserError).hint?.includes('--no-check')).toBe(hints === 'flags');
    }
    expect(service.snapshot().accounts.some((a) => a.label === 'nope')).toBe(false);
  });

  it('names every endpoint of a provider, an empty URL where it has none', () => {
    const saved = process.env.AUTHDECK_ENDPOINTS;
    delete process.env.AUTHDECK_ENDPOINTS;
    try {
      const fresh = createAccountService({ store: openStore({ dir }), env: {}, cwd: dir });
      expect(fresh.providers.find((p) => p.id === 'bearer')?.endpoints).toEqual({ whoami: '' });
      expect(fresh.providers.find((p) => p.id === 'upsun')?.endpoints.api).toMatch(/^https:/);
      fresh.close();
    } finally {
      process.env.AUTHDECK_ENDPOINTS = saved;
    }
  });

  it('sets endpoint overrides, refusing a URL a secret may not go to', async () => {
    const id = service.snapshot().accounts.find((a) => a.ref === 'bearer/bt')!.id;
    await expect(service.setEndpoints(id, { whoami: 'http://example.com/me' })).rejects.toBeInstanceOf(UserError);
    const view = await service.setEndpoints(id, { whoami: emulator.endpoints.bearer.whoami });
    expect(view.endpoints).toEqual({ whoami: emulator.endpoints.bearer.whoami });
    expect(view.health).toBe('unchecked');
    const results = await service.check([id]);
    expect(results.get(id)?.health).toBe('valid');
    expect((await service.setEndpoints(id, { whoami: '' })).endpoints).toEqual({});
  });

  it('a failed create names the service: "Upsun: …"', async () => {
    const added = await service.add({
      provider: 'upsun',
      kind: 'user',
      secret: seed('upsun', 'valid').secret,
      label: 'offline',
      check: false,
      endpoints: { auth: 'http://127.0.0.1:9/auth', api: 'http://127.0.0.1:9/api' },
    });
    if (!added.stored) throw new Error('not stored');
    const failure = await service.createToken(added.account.id, { description: 'x', days: 1 }).catch((e) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toMatch(/^Upsun: /);
    expect((failure as UserError).code).toBe(3);
  });

  it('the env banner masks a variable with the one rule rows use', () => {
    const values = ['short-val', 'twelve-chars', `eyJh${'x'.repeat(40)}Qz9a`];
    for (const value of values) {
      const withEnv = createAccountService({ store: openStore({ dir }), env: { CURVENOTE_TOKEN: value }, cwd: dir });
      const [banner] = withEnv.snapshot().env;
      withEnv.close();
      expect(banner?.secret).toBe(maskSecret(value));
      expect(banner?.secret).not.toContain(value.slice(0, 8));
    }
  });

  it('makes an account active', async () => {
    const { account } = await service.use(service.snapshot().accounts.find((a) => a.ref === 'nuclia/me')!.id);
    expect(account.active).toBe(true);
  });

  it('tells subscribers when the config changes underneath', async () => {
    let changes = 0;
    const stop = service.subscribe(() => changes++);
    const other = openStore({ dir });
    await other.update((data) => {
      data.accounts[0]!.label = 'renamed';
    });
    await vi.waitFor(() => expect(changes).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    stop();
    expect(service.snapshot().accounts.some((a) => a.label === 'renamed')).toBe(true);
  });

  it('reports a config that is not JSON as a user error naming the file', () => {
    const broken = mkdtempSync(join(tmpdir(), 'authdeck-broken-'));
    writeFileSync(join(broken, 'config.json'), '{not json', { mode: 0o600 });
    const brokenService = createAccountService({ store: openStore({ dir: broken }), env: {} });
    try {
      expect(() => brokenService.snapshot()).toThrow(UserError);
      expect(() => brokenService.snapshot()).toThrow(join(broken, 'config.json'));
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
