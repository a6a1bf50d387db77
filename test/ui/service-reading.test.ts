/**
 * The account service's reading and selecting jobs (src/app/jobs-read.ts), which `list`, `use`, `unbind`,
 * `remove`, `explain`, `secret`, `env`, `exec`, `hook` and `check` call: in-process, over a real store in a temp
 * directory and the emulator over real HTTP.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountService, createAccountService } from '../../src/app/service.js';
import { UserError } from '../../src/core/errors.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/file-store.js';

let emulator: RunningEmulator;
let dir: string;
let work: string;
const services: AccountService[] = [];
const savedEndpoints = process.env.AUTHDECK_ENDPOINTS;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  process.env.AUTHDECK_ENDPOINTS = JSON.stringify(emulator.endpoints);
  dir = mkdtempSync(join(tmpdir(), 'authdeck-reading-'));
  work = join(dir, 'project');
  mkdirSync(work);
});
afterAll(async () => {
  for (const s of services) s.close();
  await emulator?.close();
  if (savedEndpoints === undefined) delete process.env.AUTHDECK_ENDPOINTS;
  else process.env.AUTHDECK_ENDPOINTS = savedEndpoints;
  rmSync(dir, { recursive: true, force: true });
});

/** A service over the one store, with its own environment and working directory. */
function serviceWith(env: NodeJS.ProcessEnv = {}, cwd = dir): AccountService {
  const service = createAccountService({ store: openStore({ dir: join(dir, 'cfg') }), env, cwd, debounceMs: 10 });
  services.push(service);
  return service;
}

/** The second Bearer account's token (stored unchecked). */
const SECOND = 'bearer-second-token-0123456789';

const seed = (provider: string, expect: string) =>
  emulator.seed.find((s) => s.provider === provider && s.kind === 'user' && s.expect === expect)!;

/** What a call throws, as the UserError it must be. */
function failure(work: () => unknown): UserError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('did not throw');
}

describe('the reading and selecting jobs', () => {
  it('stores the accounts the other cases read', async () => {
    const service = serviceWith();
    for (const [provider, label] of [
      ['curvenote', 'cn'],
      ['bearer', 'one'],
    ] as const) {
      const added = await service.add({ provider, kind: 'user', secret: seed(provider, 'valid').secret, label });
      expect(added.stored).toBe(true);
    }
    const second = { provider: 'bearer', kind: 'user', secret: SECOND, label: 'two', check: false } as const;
    expect((await service.add(second)).stored).toBe(true);
  });

  it('resolves references to names, never secrets; one that names none is exit 4', () => {
    const service = serviceWith();
    const [cn, one] = service.resolveAccounts(['curvenote/cn', 'one']);
    expect(cn).toMatchObject({ provider: 'curvenote', kind: 'user', label: 'cn', ref: 'curvenote/cn', deck: null });
    expect(one?.ref).toBe('bearer/one');
    expect(Object.keys(cn!).sort()).toEqual(['deck', 'id', 'kind', 'label', 'provider', 'ref', 'remoteTokenId']);
    expect(failure(() => service.resolveAccounts(['nosuch'])).code).toBe(4);
  });

  it('unbinds a directory, naming what was bound; a directory with no binding is exit 4', async () => {
    const service = serviceWith({}, work);
    const [two] = service.resolveAccounts(['bearer/two']);
    await service.use(two!.id, { dir: work });
    expect(serviceWith({}, work).explain('bearer').resolutions[0]?.winner?.source).toBe(`dir:${work}`);
    const removed = await service.unbind();
    expect(removed.dir).toBe(work);
    expect(removed.accounts.map((a) => a.ref)).toEqual(['bearer/two']);
    await expect(service.unbind(work)).rejects.toMatchObject({ code: 4 });
  });

  it('explains the chain: a user variable wins and shadows the account; a bad AUTHDECK_ACCOUNT is a problem', () => {
    const service = serviceWith({ CURVENOTE_TOKEN: 'users-own-value-123', AUTHDECK_ACCOUNT: 'nosuch' });
    const { resolutions, problems } = service.explain('curvenote');
    expect(resolutions.map((r) => r.provider)).toEqual(['curvenote']);
    expect(resolutions[0]?.winner?.envName).toBe('CURVENOTE_TOKEN');
    expect(resolutions[0]?.chain.some((l) => l.shadowed && l.account?.label === 'cn')).toBe(true);
    expect(problems.join(' ')).toContain('nosuch');
    expect(failure(() => service.explain('nosuch')).code).toBe(2);
  });

  it('selects a secret before reading it: by reference, by provider (with its source), or the user variable', async () => {
    const service = serviceWith();
    const byRef = service.selectSecret('curvenote/cn');
    expect(byRef).toMatchObject({ provider: 'curvenote', source: null, envName: null });
    expect(byRef.account?.ref).toBe('curvenote/cn');
    expect(await service.revealSecret(byRef)).toBe(seed('curvenote', 'valid').secret);

    const byProvider = service.selectSecret('bearer');
    expect(byProvider.account?.ref).toBe('bearer/one');
    expect(byProvider.source).toBe('store');
    expect(await service.revealSecret(byProvider)).toBe(seed('bearer', 'valid').secret);

    const mine = serviceWith({ CURVENOTE_TOKEN: 'users-own-value-123' });
    const userVar = mine.selectSecret('curvenote');
    expect(userVar).toMatchObject({ account: null, envName: 'CURVENOTE_TOKEN' });
    expect(userVar.userVars.map((v) => v.name)).toEqual(['CURVENOTE_TOKEN']);
    expect(userVar.userVars[0]?.shadows?.label).toBe('cn');
    expect(await mine.revealSecret(userVar)).toBe('users-own-value-123');

    expect(failure(() => service.selectSecret('upsun')).code).toBe(4);
    expect(failure(() => service.selectSecret('nuclia/nokind')).code).toBe(2);
  });

  it('exchanges a session token on request, and refuses where the provider has none (exit 2)', async () => {
    const service = serviceWith();
    const session = await service.revealSecret(service.selectSecret('curvenote/cn'), { session: true });
    expect(session).not.toBe(seed('curvenote', 'valid').secret);
    expect(session.split('.')).toHaveLength(3);
    await expect(service.revealSecret(service.selectSecret('bearer/one'), { session: true })).rejects.toMatchObject({
      code: 2,
      hint: '`authdeck secret bearer/one` prints its secret',
    });
  });

  it('selects what env exports, names providers with nothing in effect, and exports their variables', async () => {
    const service = serviceWith();
    const selection = await service.selectEnv({ only: ['curvenote', 'bearer', 'upsun'] });
    expect(selection.missing).toEqual(['upsun']);
    expect(selection.hook).toBeNull();
    expect(selection.inEffect.accounts.map((a) => a.account.label).sort()).toEqual(['cn', 'one']);
    const { vars, expiries } = await service.exportEnv(selection);
    expect(vars).toMatchObject({ CURVENOTE_TOKEN: seed('curvenote', 'valid').secret });
    expect(Object.values(vars)).toContain(seed('bearer', 'valid').secret);
    expect(expiries).toEqual([]);

    const named = await service.selectEnv({ accounts: ['bearer/two'] });
    expect(named.inEffect.accounts.find((a) => a.account.provider === 'bearer')?.account.label).toBe('two');
    await expect(service.selectEnv({ accounts: ['bearer/one', 'bearer/two'] })).rejects.toMatchObject({ code: 2 });
    await expect(service.selectEnv({ only: ['nosuch'] })).rejects.toMatchObject({ code: 2 });
  });

  it('with a hook id, writes the shell stamp before anything is exported and reports each JWT value expiry', async () => {
    const service = serviceWith();
    const selection = await service.selectEnv({ only: ['curvenote'], hook: 'abcdefgh12' });
    expect(selection.hook?.id).toBe('abcdefgh12');
    expect(selection.hook?.stamp).toBe(join(dir, 'cfg', 'hook', 'abcdefgh12'));
    expect(existsSync(selection.hook!.stamp)).toBe(true);
    expect(selection.configPath).toBe(join(dir, 'cfg', 'config.json'));
    const { vars, expiries } = await service.exportEnv(selection);
    expect(expiries).toHaveLength(Object.keys(vars).length);
    for (const [i, value] of Object.values(vars).entries()) {
      const exp =
        value.split('.').length === 3
          ? JSON.parse(Buffer.from(value.split('.')[1]!, 'base64url').toString()).exp
          : undefined;
      expect(expiries[i]).toBe(typeof exp === 'number' ? exp : undefined);
    }
  });

  it('names every vendor variable once for the hook; an unknown provider is exit 2', () => {
    const service = serviceWith();
    const names = service.vendorVariables(['curvenote']);
    expect(names).toContain('CURVENOTE_TOKEN');
    expect(names).toContain('NUCLIA_KB_URL');
    expect(new Set(names).size).toBe(names.length);
    expect(service.vendorVariables()).toEqual(names);
    expect(failure(() => service.vendorVariables(['nosuch'])).code).toBe(2);
  });

  it('checks named accounts with the CLI options, and the vendor variables in effect when asked', async () => {
    const service = serviceWith({ AUTHDECK_BEARER_TOKEN: seed('bearer', 'rejected').secret });
    const [cn] = service.resolveAccounts(['curvenote/cn']);
    const named = await service.check([cn!.id], undefined, { timeoutMs: 5_000, concurrency: 1 });
    expect([...named.keys()]).toEqual([cn!.id]);
    expect(named.get(cn!.id)?.health).toBe('valid');
    expect(named.get(cn!.id)?.latencyMs).toBeGreaterThanOrEqual(0);

    const withVars = await service.check([], undefined, { vendorVariables: true });
    const name = service.snapshot().env.map((e) => e.name);
    expect(name).toEqual(['AUTHDECK_BEARER_TOKEN']);
    expect([...withVars.keys()]).toEqual(['env:AUTHDECK_BEARER_TOKEN']);
    expect(withVars.get('env:AUTHDECK_BEARER_TOKEN')?.health).toBe('rejected');
    // Never saved: the stored bearer accounts are as they were.
    expect(
      service
        .snapshot()
        .accounts.filter((a) => a.provider === 'bearer')
        .map((a) => a.health),
    ).toEqual(['valid', 'unchecked']);
    expect((await serviceWith().check([], undefined, { vendorVariables: true })).size).toBe(0);
  });

  it('a bug inside a job reaches the command as a user error that keeps the bug as its cause (for --verbose)', () => {
    const bug = new TypeError('cannot read properties of undefined');
    const broken = createAccountService({
      store: {
        paths: openStore({ dir: join(dir, 'cfg') }).paths,
        read: () => {
          throw bug;
        },
        update: async () => {
          throw bug;
        },
      },
      env: {},
      cwd: dir,
    });
    services.push(broken);
    const error = failure(() => broken.resolveAccounts(['cn']));
    expect(error.message).toBe('cannot read properties of undefined');
    expect(error.cause).toBe(bug);
  });
});
