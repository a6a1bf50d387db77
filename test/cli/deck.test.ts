/**
 * Issue 15, shared decks with real pass, gpg and git: attach, add to a deck, use its accounts everywhere local
 * ones are used (list, references, use, check against the emulator, env, exec, secret, explain), change them
 * (--replace, token rotate, remove), and detach; the secrets never reach authdeck's own files. The commands run
 * in-process (`run(argv, io)`, test/support/run-cli.ts) against an emulator in this process; pass, gpg and git
 * are real children. One `exec` goes through the built binary: the environment the real process gives its child.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authdeckAsync, type CliOptions } from '../support/cli.js';
import type { EmulatorProcess, Seed } from '../support/emulator-process.js';
import { tempDir } from '../support/fixtures.js';
import { killAgent, missingPrograms, pass } from '../support/gpg.js';
import { runCli, startEmulatorInProcess } from '../support/run-cli.js';
import { makeTeam, type Team, type Teammate } from '../support/team.js';

/** The engines these tests drive; without them every test is skipped, naming what is missing. */
const missing = missingPrograms(['pass', 'gpg', 'git']);
const needs = missing ? ` (skipped: ${missing} not installed)` : '';
let emulator: EmulatorProcess;
let team: Team;
let bots: Seed[];

/** Teammate A and B for this test: fresh authdeck configs over the file's shared stores. */
let A: Teammate;
let B: Teammate;
/** This test's deck folder: the stores are shared by the file (keys are slow to make), the folders are not. */
let prefix: string;
let n = 0;

beforeAll(async () => {
  if (missing) return;
  [emulator, team] = await Promise.all([startEmulatorInProcess(), Promise.resolve().then(makeTeam)]);
  bots = ((await emulator.control('mint', { provider: 'platformsh', count: 3 })) as { seed: Seed[] }).seed;
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
  killAgent(team?.gnupg.home);
});
beforeEach(() => {
  if (missing) return;
  prefix = `authdeck/t${++n}`;
  const fresh = (who: Teammate): Teammate => {
    const config = join(tempDir(), 'config');
    return { ...who, config, env: { ...who.env, AUTHDECK_CONFIG_DIR: config } };
  };
  A = fresh(team.a);
  B = fresh(team.b);
});

const envOf = (who: Teammate, options: CliOptions) => ({
  ...who.env,
  AUTHDECK_ENDPOINTS: emulator.endpointsEnv,
  ...options.env,
});
const as = (who: Teammate, args: string[], options: CliOptions = {}) =>
  runCli(args, { ...options, env: envOf(who, options) });
/** Through the built binary in a child process. */
const binary = (who: Teammate, args: string[], options: CliOptions = {}) =>
  authdeckAsync(args, { ...options, env: envOf(who, options) });
const ok = async (who: Teammate, args: string[], options: CliOptions = {}) => {
  const r = await as(who, args, options);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};
const accounts = async (who: Teammate) =>
  JSON.parse((await ok(who, ['list', '--json'])).stdout).accounts as Array<Record<string, unknown> & { label: string }>;
const localFiles = (who: Teammate) =>
  ['config.json', 'config.backup.json', 'audit.log']
    .map((f) => {
      try {
        return readFileSync(join(who.config, f), 'utf8');
      } catch {
        return '';
      }
    })
    .join('\n');
const attach = (who: Teammate) => ok(who, ['deck', 'add', 'team', '--pass', '--path', prefix]);
const addBots = async (who: Teammate) => {
  for (const [i, bot] of bots.entries()) {
    await ok(who, ['add', 'platformsh', '--label', `bot-${'abc'[i]}`, '--deck', 'team'], { input: bot.secret });
  }
};

describe.skipIf(missing)(`deck add${needs}`, () => {
  it('attaches a folder of a pass store and says which keys it is encrypted for', async () => {
    const r = await ok(A, ['deck', 'add', 'team', '--pass', '--json']);
    const out = JSON.parse(r.stdout);
    // The default folder is authdeck/<name>, the default store $PASSWORD_STORE_DIR.
    expect(out).toMatchObject({ deck: 'team', store: A.store, prefix: 'authdeck/team', accounts: 0 });
    expect(out.recipients.map((x: { id: string }) => x.id)).toEqual([team.gnupg.keys.alice, team.gnupg.keys.bob]);
    expect(r.stderr).toContain('alice <alice@example.com>');
    expect(r.stderr).toContain('bob <bob@example.com>');
    expect(r.stderr).not.toContain('none of your secret keys');
    expect(JSON.parse((await ok(A, ['deck', 'list', '--json'])).stdout).decks).toEqual([
      expect.objectContaining({ name: 'team', prefix: 'authdeck/team', accounts: 0 }),
    ]);
    const again = await as(A, ['deck', 'add', 'team', '--pass']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('attached already');
  });

  it('warns when none of your secret keys is a recipient', async () => {
    const { makeGpgHome } = await import('../support/gpg.js');
    const stranger = makeGpgHome(['carol']);
    const r = await ok(A, ['deck', 'add', 'team', '--pass', '--path', prefix], { env: { GNUPGHOME: stranger.home } });
    expect(r.stderr).toContain('none of your secret keys is among the deck');
    expect(r.stderr).toContain(`pass init -p ${prefix}`);
    killAgent(stranger.home);
  });

  it('pass or gpg not installed: deck add and a deck secret name the Debian package (exit 1)', async () => {
    const none = { PATH: join(tempDir(), 'empty') };
    const r = await as(A, ['deck', 'add', 'team', '--pass', '--path', prefix], { env: none });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pass is not installed: install the Debian package `pass`');
    await attach(A);
    await ok(A, ['add', 'platformsh', '--label', 'bot-a', '--deck', 'team', '--no-check'], { input: bots[0]!.secret });
    const secret = await as(A, ['secret', 'bot-a'], { env: none });
    expect(secret.status).toBe(1);
    expect(secret.stdout).toBe('');
    expect(secret.stderr).toContain('install the Debian package `pass`');
    const checked = await as(A, ['check', '--json'], { env: none });
    expect(JSON.parse(checked.stdout).results[0]).toMatchObject({ health: 'unchecked' });
  });

  it('refuses a folder that is not a pass store, and a bad name or path (nothing attached)', async () => {
    const plain = tempDir();
    const r = await as(A, ['deck', 'add', 'team', '--pass', '--store', plain]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not a pass store (it has no .gpg-id)');
    expect((await as(A, ['deck', 'add', 'Team!', '--pass'])).status).toBe(2);
    expect((await as(A, ['deck', 'add', 'team', '--pass', '--path', '../x'])).status).toBe(2);
    expect((await as(A, ['deck', 'add', 'team'])).status).toBe(2);
    expect(JSON.parse((await ok(A, ['deck', 'list', '--json'])).stdout).decks).toEqual([]);
  });
});

describe.skipIf(missing)(`deck accounts${needs}`, () => {
  it('add --deck writes pass entries (secret on stdin); they work everywhere and never reach local files', async () => {
    await attach(A);
    await addBots(A);
    // One entry per account at <prefix>/<provider>/<kind>/<label>, committed by pass.
    expect(pass(team.gnupg.home, A.store, ['show', `${prefix}/platformsh/user/bot-a`]).split('\n')[0]).toBe(
      bots[0]!.secret,
    );
    expect(team.git(A.store, ['log', '--oneline'])).toContain(`${prefix}/platformsh/user/bot-c`);
    const listed = await accounts(A);
    expect(listed.map((a) => [a.ref, a.deck, a.storage])).toEqual([
      ['team:platformsh/bot-a', 'team', 'deck'],
      ['team:platformsh/bot-b', 'team', 'deck'],
      ['team:platformsh/bot-c', 'team', 'deck'],
    ]);
    expect(listed[0]).toMatchObject({ active: true, health: 'valid', identity: expect.objectContaining({}) });
    const files = localFiles(A);
    for (const bot of bots) expect(files).not.toContain(bot.secret);
    expect((await ok(A, ['list'])).stdout).toMatch(/● platformsh\s+team:bot-a\s+.*\(deck team\)\s+valid/);
    // Tab completes the deck's accounts (by the bare label while it names one account alone).
    const offered = (await ok(A, ['__complete', 'use', 'bot'])).stdout.split('\n').filter(Boolean);
    expect(offered).toEqual([
      ':words',
      ...['a', 'b', 'c'].map((x) => expect.stringMatching(new RegExp(`^bot-${x}\tplatformsh (.+ )?\\(deck team\\)$`))),
    ]);

    // References: deck-qualified, and bare when unambiguous.
    expect((await ok(A, ['secret', 'team:platformsh/bot-b'])).stdout).toBe(`${bots[1]!.secret}\n`);
    expect((await ok(A, ['secret', 'bot-c'])).stdout).toBe(`${bots[2]!.secret}\n`);
    await ok(A, ['use', 'team:platformsh/bot-b']);
    expect((await ok(A, ['env', 'platformsh'])).stdout).toContain(`PLATFORMSH_CLI_TOKEN='${bots[1]!.secret}'`);
    // Through the binary: the environment the real process gives its child, and the bundle's deck code.
    const child = await binary(A, [
      'exec',
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(process.env.PLATFORMSH_CLI_TOKEN)',
    ]);
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toBe(bots[1]!.secret);
    expect((await ok(A, ['explain', 'platformsh'])).stdout).toContain('team:platformsh/bot-b');
    // A directory binding to a deck account is local too.
    const project = tempDir();
    await ok(A, ['use', 'team:platformsh/bot-c', `--dir=${project}`]);
    expect((await ok(A, ['secret', 'platformsh'], { cwd: project })).stdout).toBe(`${bots[2]!.secret}\n`);
    const checked = JSON.parse((await ok(A, ['check', '--json'])).stdout).results;
    expect(checked.map((r: { health: string }) => r.health)).toEqual(['valid', 'valid', 'valid']);
    // Personal state stays local: the active choice and health are in the config, the deck holds neither.
    const config = JSON.parse(readFileSync(join(A.config, 'config.json'), 'utf8'));
    expect(config.accounts).toEqual([]);
    expect(Object.values(config.deckState).map((s) => (s as { health: string }).health)).toEqual([
      'valid',
      'valid',
      'valid',
    ]);
    for (const bot of bots) expect(localFiles(A)).not.toContain(bot.secret);
  });

  it('listing a deck decrypts nothing: it works with no usable gpg key at all', async () => {
    await attach(A);
    await addBots(A);
    const empty = join(tempDir(), 'no-keys');
    const r = await as(A, ['list', '--json'], { env: { GNUPGHOME: empty } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).accounts.map((a: { label: string }) => a.label)).toEqual(['bot-a', 'bot-b', 'bot-c']);
  });

  it('a bare reference that is both local and in a deck is ambiguous, naming both', async () => {
    await attach(A);
    await ok(A, ['add', 'platformsh', '--label', 'bot-a', '--deck', 'team', '--no-check'], { input: bots[0]!.secret });
    await ok(A, ['add', 'platformsh', '--label', 'bot-a', '--no-check'], { input: bots[1]!.secret });
    const r = await as(A, ['secret', 'platformsh/bot-a']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('team:platformsh/bot-a');
    expect((await ok(A, ['secret', 'team:platformsh/bot-a'])).stdout).toBe(`${bots[0]!.secret}\n`);
    // Tab offers both: the deck's by its deck, the local one by the id (the only reference naming it alone).
    const localId = String((await accounts(A)).find((a) => !a.deck)!.id);
    const offered = (await ok(A, ['__complete', 'secret', ''])).stdout;
    expect(offered.split('\n').filter(Boolean).sort()).toEqual(
      [':words', `${localId}\tplatformsh`, 'team:platformsh/bot-a\tplatformsh (deck team)'].sort(),
    );
    for (const ref of [localId, 'team:platformsh/bot-a']) await ok(A, ['secret', ref]);
  });

  it('--replace and token rotate change the entry; remove runs pass rm', async () => {
    await attach(A);
    await addBots(A);
    const before = (await accounts(A)).find((a) => a.label === 'bot-a')!;
    const r = await ok(A, ['token', 'rotate', 'team:platformsh/bot-a']);
    expect(r.stderr).toMatch(/create[\s\S]*check[\s\S]*store/);
    const entry = pass(team.gnupg.home, A.store, ['show', `${prefix}/platformsh/user/bot-a`]);
    const rotated = entry.split('\n')[0]!;
    expect(rotated).not.toBe(bots[0]!.secret);
    expect(entry).toMatch(/^token-id: \S+$/m);
    const after = (await accounts(A)).find((a) => a.label === 'bot-a')!;
    expect(after).toMatchObject({ id: before.id, active: true, health: 'valid' });
    expect(localFiles(A)).not.toContain(rotated);

    await ok(A, ['add', 'platformsh', '--label', 'bot-b', '--deck', 'team', '--replace'], { input: bots[0]!.secret });
    expect(pass(team.gnupg.home, A.store, ['show', `${prefix}/platformsh/user/bot-b`]).split('\n')[0]).toBe(
      bots[0]!.secret,
    );

    await ok(A, ['remove', 'team:platformsh/bot-c', '--yes']);
    expect(() => pass(team.gnupg.home, A.store, ['show', `${prefix}/platformsh/user/bot-c`])).toThrow(
      /not in the password store/,
    );
    expect((await accounts(A)).map((a) => a.label)).toEqual(['bot-a', 'bot-b']);
  });

  it('token create --store on a deck account stores the new token in the same deck', async () => {
    await attach(A);
    await addBots(A);
    const r = await ok(A, ['token', 'create', 'team:platformsh/bot-a', '--store', 'bot-new', '--json']);
    const { token } = JSON.parse(r.stdout) as { token: string };
    const entry = pass(team.gnupg.home, A.store, ['show', `${prefix}/platformsh/user/bot-new`]);
    expect(entry.split('\n')[0]).toBe(token);
    expect(entry).toMatch(/^token-id: \S+$/m);
    expect((await accounts(A)).find((a) => a.label === 'bot-new')).toMatchObject({ deck: 'team' });
    expect(localFiles(A)).not.toContain(token);
  });

  it('--replace keeps what the entry says besides the secret: its endpoint overrides', async () => {
    await attach(A);
    const urls = (JSON.parse(emulator.endpointsEnv) as Record<string, Record<string, string>>).platformsh!;
    const flags = Object.entries(urls).flatMap(([name, url]) => ['--endpoint', `${name}=${url}`]);
    await ok(A, ['add', 'platformsh', '--label', 'bot-e', '--deck', 'team', ...flags], { input: bots[1]!.secret });
    await ok(A, ['add', 'platformsh', '--label', 'bot-e', '--deck', 'team', '--replace'], { input: bots[2]!.secret });
    const [secret, ...fields] = pass(team.gnupg.home, A.store, ['show', `${prefix}/platformsh/user/bot-e`])
      .trimEnd()
      .split('\n');
    expect(secret).toBe(bots[2]!.secret);
    expect(fields.sort()).toEqual(
      Object.entries(urls)
        .map(([name, url]) => `endpoint.${name}: ${url}`)
        .sort(),
    );
  });

  it('add --deck to a deck that is not attached is an input error, and nothing is written', async () => {
    const r = await as(A, ['add', 'platformsh', '--label', 'x', '--deck', 'nope', '--no-check'], {
      input: bots[0]!.secret,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no deck named "nope"');
    expect(localFiles(A)).not.toContain(bots[0]!.secret);
  });

  it('deck remove detaches only: the entries stay in the store, the local state goes', async () => {
    await attach(A);
    await addBots(A);
    const r = await ok(A, ['deck', 'remove', 'team']);
    expect(r.stderr).toContain('nothing in the pass store was deleted');
    expect(await accounts(A)).toEqual([]);
    expect(pass(team.gnupg.home, A.store, ['ls', prefix])).toContain('bot-c');
    const config = JSON.parse(readFileSync(join(A.config, 'config.json'), 'utf8'));
    expect(config.active).toEqual({});
    expect(config.deckState).toEqual({});
    expect((await as(A, ['deck', 'remove', 'team'])).status).toBe(4);
  });
});

describe.skipIf(missing)(`deck sync: two teammates on one git repository${needs}`, () => {
  const syncOf = async (who: Teammate) =>
    JSON.parse((await ok(who, ['deck', 'sync', 'team', '--json'])).stdout).decks[0];
  const secretOf = async (who: Teammate, ref: string) => (await ok(who, ['secret', ref])).stdout.trim();

  it('A adds three bots and syncs; B sees, uses and checks them; A rotates one and removes one; B follows', async () => {
    await attach(A);
    await attach(B);
    await addBots(A);
    expect(await syncOf(A)).toMatchObject({ pushed: true, added: [] });

    const first = await syncOf(B);
    expect(first.added).toEqual(['team:platformsh/bot-a', 'team:platformsh/bot-b', 'team:platformsh/bot-c']);
    expect((await accounts(B)).map((a) => a.ref)).toEqual(first.added);
    expect((await ok(B, ['env', '--account', 'bot-b'])).stdout).toContain(`PLATFORMSH_CLI_TOKEN='${bots[1]!.secret}'`);
    const child = await ok(B, [
      'exec',
      '--account',
      'bot-c',
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(process.env.PLATFORMSH_CLI_TOKEN)',
    ]);
    expect(child.stdout).toBe(bots[2]!.secret);
    const checked = JSON.parse((await ok(B, ['check', '--json'])).stdout).results;
    expect(checked.map((r: { health: string }) => r.health)).toEqual(['valid', 'valid', 'valid']);

    // A rotates bot-a: the service makes a new token, the entry is replaced; B gets the new secret on sync.
    await ok(A, ['token', 'rotate', 'team:platformsh/bot-a']);
    const rotated = await secretOf(A, 'team:platformsh/bot-a');
    expect(rotated).not.toBe(bots[0]!.secret);
    expect((await syncOf(A)).pushed).toBe(true);
    expect(await secretOf(B, 'bot-a')).toBe(bots[0]!.secret);
    const second = await syncOf(B);
    expect(second).toMatchObject({ added: [], removed: [], replaced: ['team:platformsh/bot-a'] });
    expect(await secretOf(B, 'bot-a')).toBe(rotated);
    // What B knew about the old secret no longer holds.
    expect((await accounts(B)).find((a) => a.label === 'bot-a')!.health).toBe('unchecked');

    await ok(A, ['remove', 'team:platformsh/bot-c', '--yes']);
    await syncOf(A);
    expect(await syncOf(B)).toMatchObject({ removed: ['team:platformsh/bot-c'], added: [], replaced: [] });
    expect((await accounts(B)).map((a) => a.label)).toEqual(['bot-a', 'bot-b']);
    expect((await as(B, ['secret', 'bot-c'])).status).toBe(4);
    expect(await syncOf(B)).toMatchObject({ added: [], removed: [], replaced: [], pushed: false });
    for (const secret of [...bots.map((b) => b.secret), rotated]) {
      expect(localFiles(A)).not.toContain(secret);
      expect(localFiles(B)).not.toContain(secret);
    }
  });

  it('a conflict names the entries, undoes the pull and loses nothing', async () => {
    await attach(A);
    await attach(B);
    await ok(A, ['add', 'platformsh', '--label', 'bot-a', '--deck', 'team', '--no-check'], { input: bots[0]!.secret });
    await syncOf(A);
    await syncOf(B);
    await ok(A, ['add', 'platformsh', '--label', 'bot-a', '--deck', 'team', '--no-check', '--replace'], {
      input: bots[1]!.secret,
    });
    await syncOf(A);
    await ok(B, ['add', 'platformsh', '--label', 'bot-a', '--deck', 'team', '--no-check', '--replace'], {
      input: bots[2]!.secret,
    });
    const r = await as(B, ['deck', 'sync']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`a teammate changed the same entries as you: ${prefix}/platformsh/user/bot-a`);
    expect(r.stderr).toContain('nothing was lost');
    // B's change is still there, committed, and the repository is not left mid-rebase.
    expect(await secretOf(B, 'bot-a')).toBe(bots[2]!.secret);
    expect(team.git(B.store, ['status', '--porcelain'])).toBe('');
    expect(() => team.git(B.store, ['rev-parse', '-q', '--verify', 'REBASE_HEAD'])).toThrow();
  });

  it('a store without a git remote, or not a git repository, says so', async () => {
    const store = join(tempDir(), 'solo-store');
    pass(team.gnupg.home, store, ['init', team.gnupg.keys.alice!]);
    const solo = { ...A, env: { ...A.env, PASSWORD_STORE_DIR: store } };
    await ok(solo, ['deck', 'add', 'solo', '--pass']);
    const notGit = await as(solo, ['deck', 'sync', 'solo']);
    expect(notGit.status).toBe(1);
    expect(notGit.stderr).toContain('is not a git repository: there is nothing to sync');
    pass(team.gnupg.home, store, ['git', 'init']);
    const noRemote = await as(solo, ['deck', 'sync']);
    expect(noRemote.status).toBe(1);
    expect(noRemote.stderr).toContain('has no git remote to sync with');
    expect(noRemote.stderr).toContain('pass git remote add origin');
  });
});
