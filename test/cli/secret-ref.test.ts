/**
 * Issue 15, secret references: `add --from 'cmd:…'` and `--from 'pass:…'` store the reference, not the secret;
 * `list` shows the source; `check`, `env`, `exec`, `secret` resolve it each time, against real pass + gpg and a
 * real KeePassXC database, checked by the emulator; and every failure mode. The commands run in-process
 * (`run(argv, io)`); the programs they resolve through are real children. One case goes through the built binary.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authdeckAsync, type CliOptions } from '../support/cli.js';
import { type EmulatorProcess, seedOf } from '../support/emulator-process.js';
import { tempDir } from '../support/fixtures.js';
import { type GpgHome, killAgent, makeGpgHome, missingPrograms, pass } from '../support/gpg.js';
import { runCli, startEmulatorInProcess } from '../support/run-cli.js';

/** The engines these tests drive; without them every test is skipped, naming what is missing. */
const missing = missingPrograms(['pass', 'gpg', 'keepassxc-cli']);
const needs = missing ? ` (skipped: ${missing} not installed)` : '';
let emulator: EmulatorProcess;
let gnupg: GpgHome;
let store: string;
let dir: string;
let kdbx: string;
let keyFile: string;

const cnValid = () => seedOf(emulator, { provider: 'curvenote', expect: 'valid' });
const etmValid = () => seedOf(emulator, { provider: 'etm', expect: 'valid' });

beforeAll(async () => {
  if (missing) return;
  emulator = await startEmulatorInProcess();
  gnupg = makeGpgHome(['alice']);
  store = join(tempDir(), 'password-store');
  pass(gnupg.home, store, ['init', gnupg.keys.alice!]);
  pass(gnupg.home, store, ['insert', '--multiline', 'bots/curvenote'], `${cnValid().secret}\n`);
  pass(
    gnupg.home,
    store,
    ['insert', '--multiline', 'bots/etm'],
    `${etmValid().secret}\nuser: someone\nurl: https://x\n`,
  );
  pass(gnupg.home, store, ['insert', '--multiline', 'bots/empty'], '\n');
  // A KeePassXC database opened with a key file (no master password, so nothing prompts).
  const kp = tempDir();
  kdbx = join(kp, 'team.kdbx');
  keyFile = join(kp, 'team.key');
  execFileSync('keepassxc-cli', ['db-create', '-q', '--set-key-file', keyFile, '-t', '100', kdbx], { stdio: 'ignore' });
  execFileSync('keepassxc-cli', ['add', '-q', '--no-password', '-k', keyFile, '-p', kdbx, 'bearer-bot'], {
    input: `${seedOf(emulator, { provider: 'bearer', expect: 'valid' }).secret}\n`,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}, 30_000);
afterAll(async () => {
  await emulator?.stop();
  killAgent(gnupg?.home);
});
beforeEach(() => {
  if (missing) return;
  dir = join(tempDir(), 'config');
});

/** A program that prints two secret-looking lines (not in its argv, so a leak would show). */
let twoLines: string;
beforeAll(() => {
  if (missing) return;
  twoLines = join(tempDir(), 'two-lines.sh');
  writeFileSync(twoLines, "printf 'cn-line-one-0123\\ncn-line-two-0123\\n'\n");
});

const env = () => ({
  AUTHDECK_CONFIG_DIR: dir,
  AUTHDECK_ENDPOINTS: emulator.endpointsEnv,
  GNUPGHOME: gnupg.home,
  PASSWORD_STORE_DIR: store,
});
const run = (args: string[], options: CliOptions = {}) =>
  runCli(args, { ...options, env: { ...env(), ...options.env } });
/** Through the built binary in a child process. */
const binary = (args: string[], options: CliOptions = {}) =>
  authdeckAsync(args, { ...options, env: { ...env(), ...options.env } });
const listed = async () =>
  JSON.parse((await run(['list', '--json'])).stdout).accounts as Array<Record<string, unknown>>;
const config = () => readFileSync(join(dir, 'config.json'), 'utf8');

describe.skipIf(missing)(`add --from${needs}`, () => {
  it('cmd: backed by `pass show`: stores the reference only, checks it, and env/exec/secret/check resolve it each time', async () => {
    const secret = cnValid().secret;
    const added = await run(['add', 'curvenote', '--label', 'bot', '--from', 'cmd:pass show bots/curvenote']);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).toContain('valid');
    expect(added.stderr).toContain('read from cmd:pass show bots/curvenote each time');
    expect(config()).not.toContain(secret);
    const [account] = await listed();
    expect(account).toMatchObject({ storage: 'reference', from: 'cmd:pass show bots/curvenote', health: 'valid' });
    expect(JSON.stringify(account)).not.toContain(secret);
    const table = (await run(['list'])).stdout;
    expect(table).toContain('from cmd:pass show bots/curvenote');
    expect(table).not.toContain(secret);

    expect((await run(['secret', 'curvenote/bot'])).stdout).toBe(`${secret}\n`);
    expect((await run(['env', 'curvenote'])).stdout).toContain(`CURVENOTE_TOKEN='${secret}'`);
    // Through the binary: the environment the real process gives its child.
    const child = await binary([
      'exec',
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(process.env.CURVENOTE_TOKEN)',
    ]);
    expect(child.stdout).toBe(secret);
    const checked = await run(['check', '--json']);
    expect(checked.status, checked.stderr).toBe(0);
    expect(JSON.parse(checked.stdout).results[0]).toMatchObject({ label: 'bot', health: 'valid' });

    // Resolved each time: a new value in pass is what the next command gets, with no cache anywhere.
    const other = seedOf(emulator, { provider: 'curvenote', expect: 'rejected' }).secret;
    pass(gnupg.home, store, ['insert', '--multiline', '-f', 'bots/curvenote'], `${other}\n`);
    expect((await run(['secret', 'bot'])).stdout).toBe(`${other}\n`);
    const recheck = await run(['check', '--json']);
    expect(recheck.status).toBe(1);
    expect(JSON.parse(recheck.stdout).results[0].health).toBe('rejected');
    // And the result is kept, as for any account (the secret is resolved each time; none is kept to compare).
    expect((await listed())[0]).toMatchObject({ label: 'bot', health: 'rejected' });
    pass(gnupg.home, store, ['insert', '--multiline', '-f', 'bots/curvenote'], `${secret}\n`);
    expect(config()).not.toContain(other);
  });

  it('pass: reads the first line of an entry that has key: value lines after it', async () => {
    const r = await run(['add', 'etm', '--label', 'etm-bot', '--from', 'pass:bots/etm']);
    expect(r.status, r.stderr).toBe(0);
    expect((await listed())[0]).toMatchObject({ from: 'pass:bots/etm', health: 'valid' });
    expect((await run(['secret', 'etm-bot'])).stdout).toBe(`${etmValid().secret}\n`);
    expect(config()).not.toContain(etmValid().secret);
  });

  it('cmd: backed by keepassxc-cli show against a KeePassXC database', async () => {
    const secret = seedOf(emulator, { provider: 'bearer', expect: 'valid' }).secret;
    const from = `cmd:keepassxc-cli show -q --no-password -k ${keyFile} -a Password ${kdbx} bearer-bot`;
    const r = await run(['add', 'bearer', '--label', 'kp', '--from', from]);
    expect(r.status, r.stderr).toBe(0);
    expect(config()).not.toContain(secret);
    expect((await listed())[0]).toMatchObject({ from: from, health: 'valid' });
    expect((await run(['secret', 'kp'])).stdout).toBe(`${secret}\n`);
    expect(JSON.parse((await run(['check', '--json'])).stdout).results[0].health).toBe('valid');
  });

  it('quotes in cmd: group words, once, at add; nothing is expanded by a shell', async () => {
    const script = join(tempDir(), 'print secret.sh');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$1"\n`, { mode: 0o755 });
    const r = await run([
      'add',
      'curvenote',
      '--label',
      'q',
      '--no-check',
      '--from',
      `cmd:'${script}' '$HOME-literal-0123'`,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect((await run(['secret', 'q'])).stdout).toBe('$HOME-literal-0123\n');
  });

  it('refuses a malformed --from, and --from with --storage or --deck (exit 2, nothing stored)', async () => {
    for (const [args, message] of [
      [['--from', 'op read x'], 'must start with cmd: or pass:'],
      [['--from', 'cmd:'], 'names no program'],
      [['--from', "cmd:op read 'x"], 'unclosed single quote'],
      [['--from', 'pass:../etc'], 'needs an entry name'],
      [['--from', 'cmd:op read x', '--storage', 'keyring'], '--from and --storage'],
    ] as const) {
      const r = await run(['add', 'curvenote', '--no-check', ...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(await listed()).toEqual([]);
  });
});

describe.skipIf(missing)(
  `failure modes: unchecked in check, exit 1 for env/exec/secret, never a partial secret${needs}`,
  () => {
    const failing: Array<[name: string, from: string, reason: RegExp]> = [
      ['missing', 'cmd:no-such-secret-program-xyz get bot', /no-such-secret-program-xyz is not installed/],
      ['status', `cmd:sh -c 'echo vault sealed >&2; exit 3'`, /sh exited with status 3: vault sealed/],
      ['empty', 'cmd:true', /true: it printed nothing/],
      ['lines', 'cmd:sh TWO_LINES', /printed 2 lines, not one/],
      ['slow', `cmd:sleep 30`, /sleep did not finish within 0.5 s/],
      ['huge', 'cmd:seq 1 1000000', /seq printed more than 64 KiB/],
      ['nofile', 'pass:bots/nothing-here', /does not exist/],
      ['emptyentry', 'pass:bots/empty', /first line is not usable: the token is empty/],
    ];
    /** Stores each failing reference as an account, unchecked. */
    const addFailing = async () => {
      for (const [label, from] of failing) {
        const added = await run([
          'add',
          'curvenote',
          '--label',
          label,
          '--no-check',
          '--from',
          from.replace('TWO_LINES', twoLines),
        ]);
        expect(added.status, added.stderr).toBe(0);
      }
    };

    it('each: check reports that account unchecked with the reason while the others are checked', async () => {
      const good = await run(['add', 'curvenote', '--label', 'good', '--from', 'pass:bots/curvenote']);
      expect(good.status, good.stderr).toBe(0);
      await addFailing();
      const started = Date.now();
      const r = await run(['check', '--json'], { env: { AUTHDECK_SECRET_TIMEOUT: '0.5' } });
      // Bounded: the slow program is cut off at its deadline, not waited for.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.status).toBe(1);
      const results = JSON.parse(r.stdout).results as Array<{ label: string; health: string; reason: string }>;
      expect(results.find((x) => x.label === 'good')!.health).toBe('valid');
      for (const [label, , reason] of failing) {
        const result = results.find((x) => x.label === label)!;
        expect(result.health, label).toBe('unchecked');
        expect(result.reason, label).toMatch(reason);
        expect(result.reason).toContain(`curvenote/${label}`);
      }
      expect(r.stdout).not.toContain('cn-line-one');
      expect(r.stdout).not.toContain('\n99');
    });

    it('each: secret, env and exec fail with exit 1 and the reason, printing nothing on stdout', async () => {
      await addFailing();
      for (const [label, , reason] of failing) {
        // Every mode through `secret`; env and exec share its resolution, so two modes each are enough there.
        const commands = [['secret', label]];
        if (label === 'missing' || label === 'lines') {
          commands.push(['env', '--account', label], ['exec', '--account', label, '--', 'true']);
        }
        for (const args of commands) {
          const r = await run(args, { env: { AUTHDECK_SECRET_TIMEOUT: '0.5' } });
          expect(r.status, `${label} ${args[0]}`).toBe(1);
          expect(r.stdout, `${label} ${args[0]}`).toBe('');
          expect(r.stderr, `${label} ${args[0]}`).toMatch(reason);
          expect(r.stderr).not.toContain('cn-line-one');
        }
      }
    }, 30_000);

    it('add with a failing reference stores nothing (unless --no-check)', async () => {
      const r = await run(['add', 'curvenote', '--label', 'x', '--from', 'cmd:true']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('it printed nothing; nothing was stored');
      expect(await listed()).toEqual([]);
    });
  },
);
