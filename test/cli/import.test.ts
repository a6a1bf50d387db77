import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authdeck, type CliOptions } from '../support/cli.js';
import { type EmulatorProcess, seedOf, startEmulatorProcess } from '../support/emulator-process.js';
import { tempDir } from '../support/fixtures.js';

let emulator: EmulatorProcess;
let dir: string;
let home: string;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
});
afterAll(async () => {
  await emulator?.stop();
});
beforeEach(() => {
  dir = join(tempDir(), 'config');
  home = tempDir('authdeck-home-');
});

const run = (args: string[], options: CliOptions = {}) =>
  authdeck(args, {
    ...options,
    env: {
      AUTHDECK_CONFIG_DIR: dir,
      AUTHDECK_ENDPOINTS: emulator.endpointsEnv,
      HOME: home,
      XDG_CONFIG_HOME: undefined,
      APPDATA: undefined,
      ...options.env,
    },
  });
const accounts = () => JSON.parse(run(['list', '--json']).stdout).accounts as Array<Record<string, unknown>>;
function write(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
}

describe('import <vendor>', () => {
  it('curvenote: imports each token unchecked, the current one active; a second run skips identical secrets', () => {
    const valid = seedOf(emulator, { provider: 'curvenote', expect: 'valid' });
    const expiring = seedOf(emulator, { provider: 'curvenote', expect: 'expiring' });
    write(
      join(home, '.curvenote/settings.json'),
      JSON.stringify({
        tokens: [
          { api: 'https://scms.curvenote.com/v1', username: 'ada', email: 'ada@example.com', token: valid.secret },
          {
            api: 'https://scms.curvenote.com/v1',
            username: 'grace',
            email: 'grace@example.com',
            token: expiring.secret,
          },
        ],
        token: expiring.secret,
      }),
    );
    const r = run(['import', 'curvenote', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(
      report.imported.map((a: { label: string; health: string; active: boolean }) => [a.label, a.health, a.active]),
    ).toEqual([
      ['grace', 'unchecked', true],
      ['ada', 'unchecked', false],
    ]);
    expect(report.skipped).toEqual([]);
    expect(r.stderr).toContain('Imported 2, skipped 0');
    expect(r.stdout + r.stderr).not.toContain(valid.secret);
    const again = run(['import', 'curvenote']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('Skipped a curvenote user credential (tokens[0]): already stored as curvenote/ada');
    expect(again.stderr).toContain('Imported 0, skipped 2');
    expect(accounts()).toHaveLength(2);
  });

  it('curvenote --check: stores what the service accepts, skips what it refuses (exit 1)', () => {
    const valid = seedOf(emulator, { provider: 'curvenote', expect: 'valid' });
    const revoked = seedOf(emulator, { provider: 'curvenote', expect: 'rejected' });
    write(
      join(home, '.curvenote/settings.json'),
      JSON.stringify({
        tokens: [
          { username: 'ada', token: valid.secret },
          { username: 'old', token: revoked.secret },
        ],
      }),
    );
    const r = run(['import', 'curvenote', '--check', '--json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.imported.map((a: { label: string; health: string }) => [a.label, a.health])).toEqual([
      ['ada', 'valid'],
    ]);
    expect(report.skipped).toMatchObject([{ provider: 'curvenote', reason: expect.stringMatching(/rejected/) }]);
  });

  it('nuclia: the user token, KB keys with their URL, and NUA keys', () => {
    const user = seedOf(emulator, { provider: 'nuclia', kind: 'user', expect: 'valid' });
    const kb = seedOf(emulator, { provider: 'nuclia', kind: 'kb', expect: 'valid' });
    const nua = seedOf(emulator, { provider: 'nuclia', kind: 'processing', expect: 'valid' });
    write(
      join(home, '.nuclia/config'),
      JSON.stringify({
        token: user.secret,
        kbs_token: [{ id: 'kb1', url: kb.url, title: 'Product docs', token: kb.secret, region: 'europe-1' }],
        nuas_token: [
          { client_id: 'c1', account_type: 'stash-trial', region: emulator.url, account: 'acme', token: nua.secret },
        ],
        default: { kbid: 'kb1', nua: 'c1' },
      }),
    );
    const r = run(['import', 'nuclia', '--check']);
    expect(r.status, r.stderr).toBe(0);
    const stored = accounts();
    expect(stored.map((a) => [a.kind, a.label, a.health, a.active])).toEqual([
      ['user', expect.any(String), 'valid', true],
      ['kb', 'Product-docs', 'valid', true],
      ['processing', 'acme', 'valid', true],
    ]);
    expect((stored[1]!.resource as { url: string }).url).toBe(kb.url);
  });

  it.each([
    ['platformsh', '.platformsh'],
    ['upsun', '.upsun-cli'],
  ] as const)('%s: the API token of each CLI session', (vendor, configDir) => {
    const seed = seedOf(emulator, { provider: vendor, expect: 'valid' });
    write(join(home, configDir, '.session/sess-cli-default/api-token'), `${seed.secret}\n`);
    const r = run(['import', vendor, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).imported).toMatchObject([
      { provider: vendor, label: 'default', health: 'unchecked', active: true },
    ]);
    expect(run(['secret', `${vendor}/default`]).stdout).toBe(`${seed.secret}\n`);
  });

  it('appcircle: nothing durable to import (exit 1, said plainly); no config at all: exit 4; etm: exit 2', () => {
    write(
      join(home, '.config/@appcircle/cli-nodejs/config.json'),
      JSON.stringify({ envs: { default: { AC_ACCESS_TOKEN: 'x' } } }),
    );
    const ac = run(['import', 'appcircle']);
    expect(ac.status).toBe(1);
    expect(ac.stderr).toMatch(/nothing durable to import from Appcircle: its CLI keeps only a one-hour access token/);
    expect(ac.stderr).toMatch(/authdeck add appcircle/);
    const none = run(['import', 'curvenote']);
    expect(none.status).toBe(4);
    expect(none.stderr).toContain(join(home, '.curvenote/settings.json'));
    expect(run(['import', 'etm']).status).toBe(2);
    expect(run(['import']).status).toBe(2);
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
  });
});

describe('import --file', () => {
  it('provisions a list in one write; the same file twice changes nothing', () => {
    const file = join(home, 'accounts.json');
    const kb = seedOf(emulator, { provider: 'nuclia', kind: 'kb', expect: 'valid' });
    write(
      file,
      JSON.stringify([
        { provider: 'curvenote', kind: 'user', label: 'bot-a', secret: 'cn-bot-a-0123456789' },
        { provider: 'curvenote', kind: 'user', label: 'bot-b', secret: 'cn-bot-b-0123456789' },
        { provider: 'nuclia', kind: 'kb', label: 'docs', secret: kb.secret, url: kb.url },
        {
          provider: 'bearer',
          kind: 'user',
          label: 'api',
          secret: 'bearer-0123456789',
          endpoints: { whoami: 'https://api.example.com/me' },
        },
      ]),
    );
    const r = run(['import', '--file', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Imported 4, skipped 0 \(stored in one write, \d+ ms\)/);
    expect(accounts().map((a) => `${a.ref}:${a.active}`)).toEqual([
      'curvenote/bot-a:true',
      'curvenote/bot-b:false',
      'nuclia/kb/docs:true',
      'bearer/api:true',
    ]);
    const before = readFileSync(join(dir, 'config.json'), 'utf8');
    const again = run(['import', '--file', file]);
    expect(again.stderr).toContain('Imported 0, skipped 4');
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual(JSON.parse(before));
  });

  it('from stdin, with --replace to rotate secrets in place', () => {
    const list = (secret: string) => JSON.stringify([{ provider: 'etm', label: 'ci', secret }]);
    expect(run(['import', '--file', '-'], { input: list('etm_first-0123456789') }).status).toBe(0);
    const id = accounts()[0]!.id;
    expect(run(['import', '--file', '-'], { input: list('etm_second-0123456789') }).status).toBe(2);
    const r = run(['import', '--file', '-', '--replace', '--json'], { input: list('etm_second-0123456789') });
    expect(JSON.parse(r.stdout).imported).toMatchObject([{ id, replaced: true }]);
    expect(run(['secret', 'etm/ci']).stdout).toBe('etm_second-0123456789\n');
  });

  it('a malformed entry: exit 2, the entry named, nothing stored', () => {
    const file = join(home, 'bad.json');
    write(
      file,
      JSON.stringify([
        { provider: 'curvenote', label: 'ok', secret: 'cn-ok-0123456789' },
        { provider: 'curvenote', label: 'broken', secret: 'two words-SECRET-XYZ' },
      ]),
    );
    const r = run(['import', '--file', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('entry 2: the token contains whitespace');
    expect(r.stderr).not.toContain('SECRET-XYZ');
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
    expect(run(['import', '--file', join(home, 'missing.json')]).status).toBe(4);
  });

  it('10,000 accounts in one write', () => {
    const file = join(home, 'many.json');
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      provider: i % 2 ? 'etm' : 'curvenote',
      kind: 'user',
      label: `bot-${i}`,
      secret: `${i % 2 ? 'etm_' : ''}secret-${i}-${'x'.repeat(40)}`,
    }));
    write(file, JSON.stringify(many));
    const r = run(['import', '--file', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('Imported 10000, skipped 0');
    // One write: a second would have kept the first as the last good copy (the time is `npm run bench`'s).
    expect(existsSync(join(dir, 'config.backup.json'))).toBe(false);
    // (`list --json` of 10,000 is bigger than spawnSync's output buffer: read the store itself.)
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).accounts).toHaveLength(10_000);
  });
});
