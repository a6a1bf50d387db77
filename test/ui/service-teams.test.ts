/**
 * The account service's team and upkeep jobs (src/app/jobs-teams.ts), which `deck`, `doctor`, `log`, `__complete`
 * and `demo` call: in-process, over a real store in a temp directory. The decks' pass and git side is exercised
 * through the binary in test/cli/deck.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { wirePorts } from '../../src/app/ports.js';
import { type AccountService, createAccountService } from '../../src/app/service.js';
import { cliPorts } from '../../src/cli/wiring.js';
import { UserError } from '../../src/core/errors.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/file-store.js';

let emulator: RunningEmulator;
let root: string;
const services: AccountService[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  root = mkdtempSync(join(tmpdir(), 'authdeck-teams-'));
});
afterAll(async () => {
  for (const s of services) s.close();
  await emulator?.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => wirePorts(cliPorts));

let n = 0;
/** A service over a fresh config directory of its own. */
function fresh(): { service: AccountService; dir: string } {
  const dir = join(root, `cfg-${++n}`);
  const service = createAccountService({ store: openStore({ dir }), env: {}, cwd: root });
  services.push(service);
  return { service, dir };
}

async function failure(work: () => Promise<unknown>): Promise<UserError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('did not throw');
}

describe('the team and upkeep jobs', () => {
  it("seedAccounts stores the demo's seeds unchecked, and completion offers each one's shortest reference", async () => {
    const { service } = fresh();
    const seeds = emulator.seed.filter((s) => s.provider === 'curvenote' || s.provider === 'bearer');
    expect(seeds.length).toBeGreaterThan(1);
    await service.seedAccounts(seeds);
    const accounts = service.snapshot().accounts;
    expect(accounts.map((a) => a.label).sort()).toEqual(seeds.map((s) => s.label).sort());
    expect(accounts.every((a) => a.health === 'unchecked')).toBe(true);
    const offered = service.referenceCandidates();
    // Each one names its account, and is no longer than the full reference.
    expect(service.resolveAccounts(offered.map((c) => c.value)).map((a) => a.id)).toEqual(accounts.map((a) => a.id));
    for (const [i, c] of offered.entries()) expect(c.value.length).toBeLessThanOrEqual(accounts[i]!.ref.length);
    expect(offered.some((c) => !c.value.includes('/'))).toBe(true);
    expect(offered.every((c) => c.description.startsWith('curvenote') || c.description.startsWith('bearer'))).toBe(
      true,
    );
  });

  it('completion offers nothing, and never throws, when the config cannot be read', () => {
    const { service, dir } = fresh();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'config.json'), '{"version":2,"accounts":[}', { mode: 0o600 });
    expect(() => service.snapshot()).toThrow(UserError);
    expect(service.referenceCandidates()).toEqual([]);
  });

  it("doctor looks at the service's own config directory, and repair fixes what it marks", async () => {
    const { service, dir } = fresh();
    // Two writes: the second leaves a last-good backup of the first for the repair.
    await service.seedAccounts(emulator.seed.slice(0, 1));
    await service.seedAccounts(emulator.seed.slice(1, 2));
    writeFileSync(join(dir, 'config.json'), '{"version":2,"accounts":[}', { mode: 0o600 });
    const before = await service.doctor();
    expect(before.dir).toBe(dir);
    expect(before.repaired).toEqual([]);
    expect(before.findings.find((f) => f.check === 'config')?.status).toBe('problem');
    const after = await service.doctor({ repair: true });
    expect(after.repaired.length).toBeGreaterThan(0);
    expect(after.findings.filter((f) => f.status === 'problem')).toEqual([]);
    expect(service.snapshot().accounts.map((a) => a.label)).toEqual([emulator.seed[0]!.label]);
  });

  it("auditLog reads the service's audit.log: the most recent entries, lines that are not entries counted", async () => {
    const { service, dir } = fresh();
    expect(await service.auditLog(10)).toEqual({ file: join(dir, 'audit.log'), entries: [], skipped: 0 });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const entry = (command: string) =>
      JSON.stringify({
        time: '2026-01-01T00:00:00.000Z',
        command,
        accounts: [],
        providers: [],
        outcome: 'ok',
        exit: 0,
        invoker: 'script',
      });
    writeFileSync(join(dir, 'audit.log'), `${entry('list')}\nnot json\n${entry('env')}\n${entry('check')}\n`, {
      mode: 0o600,
    });
    const read = await service.auditLog(2);
    expect(read.entries.map((e) => e.command)).toEqual(['env', 'check']);
    expect(read.skipped).toBe(1);
  });

  it('deck jobs say what is wrong before touching the pass store: no kind, no such deck, none attached', async () => {
    const { service } = fresh();
    const noKind = await failure(() => service.attachDeck({ name: 'team' }));
    expect(noKind.code).toBe(2);
    expect(noKind.message).toMatch(/--pass/);
    const gone = await failure(() => service.detachDeck('team'));
    expect(gone.code).toBe(4);
    expect(gone.message).toBe('no deck named "team" is attached');
    expect(gone.hint).toBe('see `authdeck deck list`');
    const none = await failure(() => service.syncDecks());
    expect(none.code).toBe(1);
    expect(none.message).toBe('no decks are attached');
    expect((await failure(() => service.syncDecks('team'))).code).toBe(4);
  });

  it('with no deck attached, listing the decks never loads the pass-store code', async () => {
    const { service } = fresh();
    wirePorts({
      ...cliPorts,
      decks: () => {
        throw new Error('the pass-store code was loaded');
      },
    });
    expect(await service.listDecks()).toEqual([]);
  });
});
