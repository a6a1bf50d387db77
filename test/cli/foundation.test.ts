import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { authdeck, type CliOptions } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

// Opaque tokens: with --no-check nothing is sent anywhere, so they need not be real.
const TOKEN_A = 'tokA_0123456789abcdefghijklmnopqrstuv';
const TOKEN_B = 'tokB_9876543210zyxwvutsrqponmlkjihgf';
// An unsigned Curvenote-shaped JWT: its claims give the default label offline.
const claims = { email: 'ada.lovelace@example.org', name: 'Ada', aud: 'https://scms.curvenote.com/v1/login' };
const JWT = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJlX3g5UXo`;

let dir: string;
// In-process (run(argv, io)): these are about what the commands do; the launcher itself is tested once below.
const run = (args: string[], options: CliOptions = {}) =>
  runCli(args, { ...options, env: { AUTHDECK_CONFIG_DIR: dir, ...options.env } });
const listJson = async (env: Record<string, string> = {}) =>
  JSON.parse((await run(['list', '--json'], { env })).stdout);

beforeEach(() => {
  dir = join(tempDir(), 'config');
});

describe('package surface', () => {
  it('the built launcher prints the version and help, and exits with the usage error code', () => {
    const version = authdeck(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = authdeck(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: authdeck [options] [command]');
    const typo = authdeck(['envv']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('Did you mean env?');
  });
  it('prints the version and help', async () => {
    const version = await run(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await run(['--help']);
    expect(help.status).toBe(0);
    for (const command of [
      'add',
      'list',
      'use',
      'remove',
      'check',
      'token',
      'secret',
      'env',
      'exec',
      'explain',
      'doctor',
    ]) {
      expect(help.stdout).toContain(command);
    }
  });
  it.each([
    'add',
    'list',
    'use',
    'remove',
    'check',
    'token create',
    'token list',
    'token revoke',
    'token rotate',
    'token set',
    'token select',
    'token delete',
    'auth list',
    'auth show',
    'secret',
    'env',
    'exec',
    'explain',
    'doctor',
    'emulator',
    'demo',
    'unbind',
    'import',
    'completion',
    'log',
  ])('%s --help exits 0 with usage', async (command) => {
    const r = await run([...command.split(' '), '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: authdeck/);
  });
  it('an unknown command or option is a usage error (exit 2)', async () => {
    expect((await run(['frobnicate'])).status).toBe(2);
    expect((await run(['list', '--bogus'])).status).toBe(2);
  });
  it('a mistyped command is named, with the nearest ones; help still lists every command', async () => {
    const typo = await run(['envv']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("error: unknown command 'envv'");
    expect(typo.stderr).toContain('Did you mean env?');
    expect((await run(['-q', 'lst'])).stderr).toContain('Did you mean one of list, ls?');
    const help = (await run(['--help'])).stdout;
    expect(help).toContain('Usage: authdeck [options] [command]');
    expect(help).not.toContain('Arguments:');
    for (const name of [
      'add',
      'list|ls',
      'check',
      'token',
      'env',
      'exec',
      'explain',
      'import',
      'log',
      'doctor',
      'demo',
    ])
      expect(help).toMatch(new RegExp(`\\n  ${name.replace('|', '\\|')} `));
  });
});

describe('add', () => {
  it('stores a piped secret unchecked, 0600 in a 0700 directory; the first becomes active', async () => {
    const r = await run(['add', 'curvenote', '--label', 'work', '--no-check'], { input: `${TOKEN_A}\n` });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('curvenote/work');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    const [account] = (await listJson()).accounts;
    expect(account).toMatchObject({
      provider: 'curvenote',
      kind: 'user',
      label: 'work',
      active: true,
      inEffect: true,
      source: 'store',
      shadowedBy: null,
      secret: 'tokA…stuv',
      storage: 'file',
      health: 'unchecked',
      checkedAt: null,
    });
    expect(account.id).toMatch(/^[0-9a-f]{8}$/);
    const second = await run(['add', 'curvenote', '--label', 'other', '--no-check'], { input: TOKEN_B });
    expect(second.status).toBe(0);
    expect((await listJson()).accounts.map((a: { label: string; active: boolean }) => [a.label, a.active])).toEqual([
      ['work', true],
      ['other', false],
    ]);
  });

  it('labels by the token’s identity by default, numbering a taken one', async () => {
    expect((await run(['add', 'curvenote', '--no-check'], { input: JWT })).status).toBe(0);
    const other = `${JWT}2`;
    expect((await run(['add', 'curvenote', '--no-check'], { input: other })).status).toBe(0);
    expect((await listJson()).accounts.map((a: { label: string }) => a.label)).toEqual([
      'ada.lovelace',
      'ada.lovelace-2',
    ]);
  });

  it('refuses bad input with exit 2 and stores nothing', async () => {
    const cases: Array<[string[], string | Buffer, RegExp]> = [
      [['add', 'nosuch', '--no-check'], TOKEN_A, /unknown provider "nosuch"[\s\S]*curvenote, nuclia, appcircle/],
      [['add', 'curvenote', '--no-check'], '', /empty/],
      [['add', 'curvenote', '--no-check'], 'two words', /whitespace/],
      [['add', 'curvenote', '--no-check'], 'tok\x07en0123456789', /control character/],
      [['add', 'curvenote', '--no-check'], Buffer.from([0x74, 0xff, 0x6b, 0x65, 0x6e]), /UTF-8/],
      [['add', 'curvenote', '--no-check'], 'x'.repeat(16 * 1024 + 1), /16 KiB/],
      [['add', 'curvenote', '--label', 'bad label', '--no-check'], TOKEN_A, /invalid label/],
      [['add', 'curvenote', '--kind', 'kb', '--no-check'], TOKEN_A, /curvenote has no kind "kb"/],
      [['add', 'nuclia', '--kind', 'kb', '--no-check'], TOKEN_A, /needs its knowledge box URL/],
      [['add', 'nuclia', '--kind', 'kb', '--url', 'http://example.com/api/v1/kb/x', '--no-check'], TOKEN_A, /https/],
      [['add', 'curvenote', '--endpoint', 'api', '--no-check'], TOKEN_A, /NAME=URL/],
      [['add', 'curvenote', '--endpoint', 'nope=https://x.io', '--no-check'], TOKEN_A, /no endpoint "nope"/],
      [['add', 'curvenote', '--endpoint', 'api=ftp://x.io', '--no-check'], TOKEN_A, /https/],
    ];
    for (const [args, input, message] of cases) {
      const r = await run(args, { input });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect((await listJson()).accounts).toEqual([]);
  });

  it('never takes the secret from argv', async () => {
    const r = await run(['add', 'curvenote', TOKEN_A, '--no-check']);
    expect(r.status).toBe(2);
    expect((await listJson()).accounts).toEqual([]);
  });

  it('a taken explicit label is exit 2 unless --replace, which keeps id and active state', async () => {
    await run(['add', 'curvenote', '--label', 'work', '--no-check'], { input: TOKEN_A });
    await run(['use', 'curvenote/work']);
    const before = (await listJson()).accounts[0];
    const taken = await run(['add', 'curvenote', '--label', 'work', '--no-check'], { input: TOKEN_B });
    expect(taken.status).toBe(2);
    expect(taken.stderr).toMatch(/already exists[\s\S]*--replace/);
    const replaced = await run(['add', 'curvenote', '--label', 'work', '--no-check', '--replace'], { input: TOKEN_B });
    expect(replaced.status, replaced.stderr).toBe(0);
    const after = (await listJson()).accounts;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before.id, active: true, secret: 'tokB…ihgf' });
  });

  it('the same secret twice is refused', async () => {
    await run(['add', 'curvenote', '--label', 'a', '--no-check'], { input: TOKEN_A });
    const r = await run(['add', 'curvenote', '--label', 'b', '--no-check'], { input: TOKEN_A });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('already stored as curvenote/a');
  });
});

describe('use, remove and references', () => {
  beforeEach(async () => {
    await run(['add', 'curvenote', '--label', 'personal', '--no-check'], { input: TOKEN_A });
    await run(['add', 'curvenote', '--label', 'work', '--no-check'], { input: TOKEN_B });
    await run(['add', 'nuclia', '--label', 'work', '--no-check'], { input: `${TOKEN_B}nuclia` });
  });

  it('use makes an account active, by any kind of reference', async () => {
    expect((await run(['use', 'curvenote/work'])).status).toBe(0);
    const active = async () =>
      (await listJson()).accounts.filter((a: { active: boolean }) => a.active).map((a: { ref: string }) => a.ref);
    expect(await active()).toEqual(['curvenote/work', 'nuclia/work']);
    expect((await run(['use', 'personal'])).status).toBe(0);
    expect(await active()).toEqual(['curvenote/personal', 'nuclia/work']);
    const id = (await listJson()).accounts.find((a: { ref: string }) => a.ref === 'curvenote/work').id;
    expect((await run(['use', id])).status).toBe(0);
    expect(await active()).toContain('curvenote/work');
  });

  it('an unknown reference exits 4; an ambiguous one exits 2 listing the candidates', async () => {
    const unknown = await run(['use', 'nobody']);
    expect(unknown.status).toBe(4);
    expect(unknown.stderr).toMatch(/no account matches "nobody"/);
    const ambiguous = await run(['use', 'work']);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toMatch(/curvenote\/work[\s\S]*nuclia\/work/);
  });

  it('--json errors are one object on stdout with the exit code', async () => {
    const r = await run(['use', 'nobody', '--json']);
    expect(r.status).toBe(4);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 4, message: expect.stringContaining('nobody') } });
  });

  it('remove needs --yes without a terminal, then forgets the account', async () => {
    const refused = await run(['remove', 'curvenote/work']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect((await listJson()).accounts).toHaveLength(3);
    const removed = await run(['remove', 'curvenote/work', '--yes']);
    expect(removed.status, removed.stderr).toBe(0);
    expect((await listJson()).accounts.map((a: { ref: string }) => a.ref)).toEqual([
      'curvenote/personal',
      'nuclia/work',
    ]);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).not.toContain(`"${TOKEN_B}"`);
    expect(readFileSync(join(dir, 'config.backup.json'), 'utf8')).not.toContain(`"${TOKEN_B}"`);
  });

  it('the familiar aliases work', async () => {
    expect(
      (await run(['token', 'set', 'etm', '--label', 'e', '--no-check'], { input: 'etm_opaque0123456789abcdefghij' }))
        .status,
    ).toBe(0);
    expect((await run(['token', 'select', 'curvenote/work'])).status).toBe(0);
    const shown = await run(['auth', 'show']);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('etm');
    expect(JSON.parse((await run(['auth', 'list', '--json'])).stdout).accounts).toHaveLength(4);
    expect((await run(['token', 'delete', 'etm/e', '--yes'])).status).toBe(0);
    expect((await listJson()).accounts).toHaveLength(3);
    expect((await run(['ls'])).status).toBe(0);
  });
});

describe('list', () => {
  it('groups the human table, marks the active account and never prints a secret', async () => {
    await run(['add', 'curvenote', '--label', 'personal', '--no-check'], { input: TOKEN_A });
    await run(['add', 'nuclia', '--kind', 'processing', '--label', 'eu', '--no-check'], { input: TOKEN_B });
    const r = await run(['list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/User accounts\n {2}● curvenote {2}personal/);
    expect(r.stdout).toContain('Processing keys');
    expect(r.stdout).not.toContain('Knowledge-box API keys');
    expect(r.stdout).toContain('tokA…stuv');
    expect(r.stdout + r.stderr).not.toContain(TOKEN_A);
    expect(r.stdout + r.stderr).not.toContain(TOKEN_B);
  });

  it('without a terminal and without a command: the human list and one hint on stderr', async () => {
    await run(['add', 'curvenote', '--label', 'personal', '--no-check'], { input: TOKEN_A });
    const r = await run([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('User accounts');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/hint/);
  });

  it('a vendor variable shadows the stored account, is named and masked, and never silent', async () => {
    await run(['add', 'curvenote', '--label', 'personal', '--no-check'], { input: TOKEN_A });
    const id = (await listJson()).accounts[0].id;
    const env = { CURVENOTE_TOKEN: JWT };
    const json = await listJson(env);
    expect(json.env).toEqual([
      { name: 'CURVENOTE_TOKEN', provider: 'curvenote', kind: 'user', secret: `eyJh…${JWT.slice(-4)}`, shadows: id },
    ]);
    expect(json.accounts[0]).toMatchObject({ active: true, inEffect: false, shadowedBy: 'CURVENOTE_TOKEN' });
    const human = await run(['list'], { env });
    expect(human.stderr).toContain('Using the CURVENOTE_TOKEN env variable');
    expect(human.stdout).toContain('shadowed by CURVENOTE_TOKEN');
    expect(human.stdout + human.stderr).not.toContain(JWT);
    const use = await run(['use', 'curvenote/personal'], { env });
    expect(use.status).toBe(0);
    expect(use.stderr).toMatch(/CURVENOTE_TOKEN is set in this shell and wins until it is unset/);
  });
});

describe('a damaged config', () => {
  it('is refused with exit 1 naming the file and pointing at doctor, and never overwritten', async () => {
    await run(['add', 'curvenote', '--label', 'personal', '--no-check'], { input: TOKEN_A });
    await run(['add', 'curvenote', '--label', 'second', '--no-check'], { input: TOKEN_B });
    const file = join(dir, 'config.json');
    writeFileSync(file, '{"version":2,"accounts":[}');
    for (const args of [['list'], ['add', 'curvenote', '--label', 'x', '--no-check'], ['use', 'personal']]) {
      const r = await run(args, { input: `${TOKEN_B}x` });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(/authdeck doctor/);
    }
    expect(readFileSync(file, 'utf8')).toBe('{"version":2,"accounts":[}');
    const doctor = await run(['doctor']);
    expect(doctor.status).toBe(1);
    expect(doctor.stdout).toMatch(/problem.*config/);
    expect((await run(['doctor', '--repair'])).status).toBe(0);
    expect((await listJson()).accounts.map((a: { label: string }) => a.label)).toEqual(['personal']);
  });
});
