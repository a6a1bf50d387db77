/**
 * The account service's import job (src/app/jobs-import.ts), which `authdeck import` calls: in-process, over a
 * real store and a vendor CLI's config in temp directories, checks against the emulator over real HTTP.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../src/app/jobs-import.js';
import { type AccountService, createAccountService } from '../../src/app/service.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/file-store.js';

let emulator: RunningEmulator;
let root: string;
let dir: string;
let home: string;
const services: AccountService[] = [];
const savedEndpoints = process.env.AUTHDECK_ENDPOINTS;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  process.env.AUTHDECK_ENDPOINTS = JSON.stringify(emulator.endpoints);
  root = mkdtempSync(join(tmpdir(), 'authdeck-import-job-'));
});
afterAll(async () => {
  for (const s of services) s.close();
  await emulator?.close();
  if (savedEndpoints === undefined) delete process.env.AUTHDECK_ENDPOINTS;
  else process.env.AUTHDECK_ENDPOINTS = savedEndpoints;
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  dir = mkdtempSync(join(root, 'case-'));
  home = join(dir, 'home');
  mkdirSync(home);
});

/** A service over a fresh store whose environment's HOME is the case's own (never the process's). */
function service(): AccountService {
  const made = createAccountService({ store: openStore({ dir: join(dir, 'cfg') }), env: { HOME: home }, cwd: dir });
  services.push(made);
  return made;
}

const seed = (provider: string, expect: string) =>
  emulator.seed.find((s) => s.provider === provider && s.kind === 'user' && s.expect === expect)!;

/** Records what the job says while it runs, in order. */
function recorder(): { events: unknown[]; progress: ImportProgress } {
  const events: unknown[] = [];
  return {
    events,
    progress: {
      warning: (message) => events.push(['warning', message]),
      reading: (files) => events.push(['reading', files]),
      checking: (count) => events.push(['checking', count]),
    },
  };
}

/** A file import's request over this text, counting the reads. */
function fileOf(text: string): { name: string; read(): Promise<string>; reads: number } {
  const file = {
    name: 'accounts.json',
    reads: 0,
    async read() {
      file.reads++;
      return text;
    },
  };
  return file;
}

describe('the import job', () => {
  it("reads a vendor config where the service's environment points, saying what it does in order", async () => {
    const valid = seed('curvenote', 'valid');
    const expiring = seed('curvenote', 'expiring');
    const settings = join(home, '.curvenote', 'settings.json');
    mkdirSync(join(home, '.curvenote'));
    writeFileSync(
      settings,
      JSON.stringify({
        tokens: [
          { username: 'ada', token: valid.secret },
          { username: 'nobody' },
          { username: 'grace', token: expiring.secret },
        ],
        token: expiring.secret,
      }),
    );
    const { events, progress } = recorder();
    const outcome = await service().importAccounts({ vendor: 'curvenote', check: true }, progress);
    expect(events).toEqual([
      ['warning', `${settings} tokens[1] has no token`],
      ['reading', [settings]],
      ['checking', 2],
      ['warning', expect.stringMatching(/^curvenote\/grace: it expires soon/)],
    ]);
    expect(outcome.code).toBe(0);
    expect(outcome.skipped).toEqual([]);
    // The vendor CLI's current token first: it becomes the active one.
    expect(outcome.imported.map((a) => [a.ref, a.health, a.active, a.replaced])).toEqual([
      ['curvenote/grace', 'expiring', true, false],
      ['curvenote/ada', 'valid', false, false],
    ]);
    expect(outcome.imported[1]?.identity?.username ?? outcome.imported[1]?.identity?.email).toBeTruthy();
    expect(JSON.stringify(outcome)).not.toContain(valid.secret);
    expect(JSON.stringify(outcome)).not.toContain(expiring.secret);

    // A second run stores nothing and says where each skipped one is.
    const again = await service().importAccounts({ vendor: 'curvenote' });
    expect(again.imported).toEqual([]);
    expect(again.skipped).toEqual([
      {
        provider: 'curvenote',
        kind: 'user',
        label: null,
        reason: 'already stored as curvenote/grace',
        existing: outcome.imported[0]?.id,
        where: 'tokens[2]',
      },
      {
        provider: 'curvenote',
        kind: 'user',
        label: null,
        reason: 'already stored as curvenote/ada',
        existing: outcome.imported[1]?.id,
        where: 'tokens[0]',
      },
    ]);
  });

  it('refuses an unsound request before reading anything, with the exit code and hint of each case', async () => {
    const file = fileOf('[]');
    const job = service();
    await expect(job.importAccounts({ vendor: 'curvenote', file })).rejects.toMatchObject({
      code: 2,
      message: 'give a vendor or --file, not both',
    });
    await expect(job.importAccounts({ replace: true })).rejects.toMatchObject({
      code: 2,
      message: 'import what?',
      hint: 'authdeck import <curvenote|nuclia|platformsh|upsun>, or authdeck import --file accounts.json',
    });
    await expect(job.importAccounts({ vendor: 'curvenote', replace: true })).rejects.toMatchObject({ code: 2 });
    expect(file.reads).toBe(0);
    await expect(job.importAccounts({ vendor: 'appcircle' })).rejects.toMatchObject({
      code: 1,
      message: expect.stringMatching(/^nothing durable to import from Appcircle/),
    });
    await expect(job.importAccounts({ vendor: 'etm' })).rejects.toMatchObject({
      code: 2,
      hint: expect.stringContaining('add a etm token with authdeck add etm'),
    });
    await expect(job.importAccounts({ vendor: 'nuclia' })).rejects.toMatchObject({
      code: 4,
      message: `no Nuclia CLI config found (looked for ${join(home, '.nuclia', 'config')})`,
    });
    expect(job.snapshot().accounts).toEqual([]);
  });

  it('provisions a file in one write, --replace swapping a secret in place; --check stores only what is admitted', async () => {
    const job = service();
    const list = (secret: string) => JSON.stringify([{ provider: 'etm', label: 'ci', secret }]);
    const first = fileOf(list('etm_first-0123456789'));
    const stored = await job.importAccounts({ file: first });
    expect(first.reads).toBe(1);
    expect(stored.imported).toMatchObject([{ ref: 'etm/ci', health: 'unchecked', active: true, replaced: false }]);
    await expect(job.importAccounts({ file: fileOf(list('etm_second-0123456789')) })).rejects.toMatchObject({
      code: 2,
    });
    const swapped = await job.importAccounts({ file: fileOf(list('etm_second-0123456789')), replace: true });
    expect(swapped.imported).toMatchObject([{ id: stored.imported[0]?.id, replaced: true }]);

    const rejected = seed('curvenote', 'rejected');
    const valid = seed('curvenote', 'valid');
    const { events, progress } = recorder();
    const checked = await job.importAccounts(
      {
        file: fileOf(
          JSON.stringify([
            { provider: 'curvenote', label: 'old', secret: rejected.secret },
            { provider: 'curvenote', label: 'ada', secret: valid.secret },
            { provider: 'etm', label: 'ci', secret: 'etm_second-0123456789' },
          ]),
        ),
        check: true,
      },
      progress,
    );
    // The secret already stored is neither checked nor stored again.
    expect(events).toEqual([['checking', 2]]);
    expect(checked.code).toBe(1);
    expect(checked.imported.map((a) => [a.ref, a.health])).toEqual([['curvenote/ada', 'valid']]);
    expect(checked.skipped).toMatchObject([
      { label: 'old', reason: expect.stringMatching(/rejected the token/), existing: null, where: null },
      { label: 'ci', reason: 'already stored as etm/ci', existing: stored.imported[0]?.id },
    ]);
    expect(job.snapshot().accounts.map((a) => a.ref)).toEqual(['etm/ci', 'curvenote/ada']);
  });
});
