/**
 * Issue 6, secret hygiene: every command against the emulator, under every kind of fault (echo included:
 * error bodies that repeat the request's headers and body), and not one secret in any output — only the
 * commands that exist to print one (`secret`, `env`, `exec`'s child, `token create`) may, and only on stdout.
 * Also: the audit log never holds a secret, a removed secret is gone from every file in the config
 * directory, and no process's argv ever holds one.
 *
 * The commands run in-process (`run(argv, io)`, test/support/run-cli.ts) against an emulator in this process:
 * what a command prints is what its io received, plus anything that reached this process's own streams. Only
 * what a process shows (its command line in /proc, `exec`'s title as its child sees it) goes through the binary.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authdeckAsync, BIN, type CliResult, cleanEnv } from '../support/cli.js';
import type { EmulatorProcess, Seed } from '../support/emulator-process.js';
import { tempDir } from '../support/fixtures.js';
import { findLeaks, type Leak, type Needle } from '../support/leaks.js';
import { runCli, startEmulatorInProcess } from '../support/run-cli.js';

let emulator: EmulatorProcess;
let root: string;
/** A config directory holding every seed (`add --no-check`), copied for each scenario. */
let template: string;
/** A credential the emulator accepts but that nothing stores up front (for import). */
let minted: Seed;
let closedPort: number;
/** Commands run at once in a scenario: most of their time is spent waiting on the emulator. */
const PARALLEL = 6;
/**
 * A scenario runs about 40 commands: a few seconds in-process, several times that beside another suite. Its
 * outcome does not depend on time (the dropped-connection scenario waits out its timeouts), so its bound is generous.
 */
const SCENARIO_TIMEOUT_MS = 180_000;
/** Every secret known so far, by a printable name: seeds, minted and created tokens. */
const needles = new Map<string, Needle>();

const refOf = (s: Pick<Seed, 'provider' | 'kind' | 'label'>) => `${s.provider}/${s.kind}/${s.label}`;
const seed = (provider: Seed['provider'], label: string, kind: Seed['kind'] = 'user'): Seed => {
  const found = emulator.seed.find((s) => s.provider === provider && s.kind === kind && s.label === label);
  if (!found) throw new Error(`no seed ${provider}/${kind}/${label}`);
  return found;
};
const remember = (name: string, value: string | undefined | null) => {
  if (value && !needles.has(value)) needles.set(value, { name, value });
};

/** What may appear on stdout of a run that exists to print secrets. */
type Allowance = 'nothing' | 'secrets';

/** One run and what it printed. */
interface Run extends CliResult {
  label: string;
  args: string[];
  allow: Allowance;
  ms: number;
}

/** A scenario: one config directory, one fault, and every run made in it. */
interface Scenario {
  name: string;
  /** Its config directory. */
  dir: string;
  /** Its working directory and HOME (where vendor configs live). */
  work: string;
  runs: Run[];
  run(args: string[], options?: RunOptions): Promise<Run>;
  /** Runs independent commands a few at a time. */
  all(list: Array<[string[], RunOptions?]>): Promise<Run[]>;
}

interface RunOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  allow?: Allowance;
  /** Through the built binary in a child process (for what only a process shows), not in-process. */
  binary?: boolean;
}

function scenario(name: string): Scenario {
  const dir = join(root, name.replace(/[^a-z0-9]+/gi, '-'));
  cpSync(template, dir, { recursive: true });
  const work = join(dir, '..', `${name.replace(/[^a-z0-9]+/gi, '-')}-work`);
  mkdirSync(work, { recursive: true });
  const s: Scenario = {
    name,
    dir,
    work,
    runs: [],
    async run(args, options = {}) {
      const started = performance.now();
      const r = await (options.binary ? authdeckAsync : runCli)(args, {
        input: options.input,
        cwd: options.cwd ?? work,
        env: {
          AUTHDECK_CONFIG_DIR: dir,
          AUTHDECK_ENDPOINTS: emulator.endpointsEnv,
          // Every run traces its requests: the traces are one more output path to keep clean.
          AUTHDECK_DEBUG: '1',
          HOME: work,
          ...options.env,
        },
      });
      const run: Run = {
        ...r,
        label: `${name}: authdeck ${args.join(' ')}`,
        args,
        allow: options.allow ?? 'nothing',
        ms: Math.round(performance.now() - started),
      };
      s.runs.push(run);
      return run;
    },
    async all(list) {
      const out: Run[] = new Array(list.length);
      let next = 0;
      const lane = async () => {
        while (next < list.length) {
          const i = next++;
          const [args, options] = list[i]!;
          out[i] = await s.run(args, options);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, lane));
      return out;
    },
  };
  return s;
}

/** Secrets a config directory's files hold right now (tokens made or rotated during a scenario). */
function harvest(dir: string, prefix: string): void {
  for (const file of ['config.json', 'config.backup.json']) {
    let data: { accounts?: Array<{ provider: string; kind: string; label: string; secret: string }> };
    try {
      data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch {
      continue;
    }
    for (const a of data.accounts ?? []) remember(`${prefix} ${a.provider}/${a.kind}/${a.label}`, a.secret);
  }
}

/**
 * What reached this process's own stdout and stderr while commands ran in it: a run writes only to its io, so
 * anything here (a warning, a stray console call) bypassed it, and would have been the binary's output.
 */
let stray = '';
const realWrites = { out: process.stdout.write, err: process.stderr.write };
function captureStray(): void {
  for (const [stream, write] of [
    [process.stdout, realWrites.out],
    [process.stderr, realWrites.err],
  ] as const) {
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      stray += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
  }
}

/** Every leak in a scenario's runs: stderr always checked; stdout unless the run exists to print secrets. */
function leaksOf(s: Scenario): Array<{ run: string; stream: string; leak: Leak }> {
  const all = [...needles.values()];
  const out: Array<{ run: string; stream: string; leak: Leak }> = [];
  for (const leak of findLeaks(stray, all)) out.push({ run: '(this process)', stream: 'process output', leak });
  for (const run of s.runs) {
    for (const leak of findLeaks(run.args.join('\n'), all)) out.push({ run: run.label, stream: 'argv', leak });
    for (const leak of findLeaks(run.stderr, all)) out.push({ run: run.label, stream: 'stderr', leak });
    if (run.allow === 'nothing') {
      for (const leak of findLeaks(run.stdout, all)) out.push({ run: run.label, stream: 'stdout', leak });
    }
  }
  return out;
}

/** Every file under a directory, with its text. */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ file: path, text: readFileSync(path, 'utf8') });
  }
  return out;
}

const json = (r: CliResult) => {
  try {
    return JSON.parse(r.stdout);
  } catch {
    return null;
  }
};

beforeAll(async () => {
  captureStray();
  emulator = await startEmulatorInProcess();
  root = tempDir('authdeck-leaks-');
  template = join(root, 'template');
  for (const s of emulator.seed) {
    remember(`seed ${refOf(s)}`, s.secret);
    const args = ['add', s.provider, '--kind', s.kind, '--label', s.label, '--no-check'];
    if (s.url) args.push('--url', s.url);
    const r = await runCli(args, { input: s.secret, env: { AUTHDECK_CONFIG_DIR: template } });
    expect(r.status, r.stderr).toBe(0);
  }
  minted = ((await emulator.control('mint', { provider: 'curvenote', count: 1 })) as { seed: Seed[] }).seed[0]!;
  remember('minted curvenote', minted.secret);
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closedPort = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
}, 60_000);

afterAll(async () => {
  process.stdout.write = realWrites.out;
  process.stderr.write = realWrites.err;
  await emulator?.stop();
});

/** The faults every network command runs under (echo: error bodies repeat the request's headers and body). */
const FAULTS: Array<{ name: string; fault: Record<string, unknown> | null }> = [
  { name: 'no fault', fault: null },
  { name: 'echo', fault: { echo: true } },
  { name: '503 with echo', fault: { status: 503, echo: true } },
  { name: '401 with echo', fault: { status: 401, echo: true } },
  { name: '400 with echo', fault: { status: 400, echo: true } },
  { name: 'dropped connections', fault: { drop: true } },
];

describe('not one secret in any output', () => {
  it.each(FAULTS)(
    'every command that talks to a service, under $name',
    async ({ name, fault }) => {
      await emulator.control('reset');
      const s = scenario(name);
      const { work } = s;
      const pf = seed('platformsh', 'valid');
      const upsun = seed('upsun', 'valid');
      const curvenote = seed('curvenote', 'valid');
      const nuclia = seed('nuclia', 'valid');
      mkdirSync(join(work, '.curvenote'), { recursive: true });
      writeFileSync(
        join(work, '.curvenote', 'settings.json'),
        JSON.stringify({ token: curvenote.secret, tokens: [{ token: curvenote.secret, username: 'ada' }] }),
      );

      // Before the fault: tokens authdeck made itself, so that revoke and rotate have something to act on.
      const [made, spare] = await s.all([
        [
          ['token', 'create', refOf(pf), '--store', 'made', '--description', 'leak test', '--json'],
          { allow: 'secrets' },
        ],
        [['token', 'create', refOf(upsun), '--json'], { allow: 'secrets' }],
      ]);
      expect(made!.status, made!.stderr).toBe(0);
      expect(spare!.status, spare!.stderr).toBe(0);
      remember(`${name}: token made for platformsh`, json(made!)?.token);
      remember(`${name}: spare upsun token`, json(spare!)?.token);

      if (fault) await emulator.control('faults', fault);

      const userVar = { CURVENOTE_TOKEN: seed('curvenote', 'expiring').secret };
      const secrets = { allow: 'secrets' as const };
      // Rotate, then forget, what authdeck made (revoking it on the service first), in order.
      const chain = (async () => {
        await s.run(['token', 'rotate', 'platformsh/made']);
        harvest(s.dir, `${name}: after rotation`);
        const gone = JSON.parse(readFileSync(join(s.dir, 'config.json'), 'utf8')).accounts.find(
          (a: { label: string }) => a.label === 'made',
        ) as { secret: string };
        return { gone, removed: await s.run(['remove', 'platformsh/made', '--revoke', '--yes']) };
      })();
      await s.all([
        // Health checks, with a user's vendor variable in effect too.
        [['check']],
        [['check', '--json']],
        [['check', refOf(curvenote), refOf(seed('appcircle', 'valid')), refOf(nuclia), '--json']],
        [['check', '--timeout', '2', '--expiring-within', '30', '--concurrency', '3']],
        [['check', '--json'], { env: userVar }],
        [['check', '--verbose']],
        [['token', 'list', refOf(nuclia), '--verbose', '--json']],
        [['secret', 'appcircle', '--session', '--verbose'], secrets],
        [
          ['add', 'curvenote', '--label', 'refused-verbose', '--verbose'],
          { input: seed('curvenote', 'revoked').secret },
        ],
        [['check'], { env: { AUTHDECK_BEARER_TOKEN: minted.secret } }],
        // Handing credentials over: stdout may hold them, stderr never.
        [['secret', 'curvenote', '--session'], secrets],
        [['secret', 'appcircle', '--session'], secrets],
        [['secret', refOf(pf), '--session'], secrets],
        [['secret', 'upsun', '--session'], secrets],
        [['env'], secrets],
        [['env', 'appcircle', '--format', 'json'], secrets],
        [['env', '--account', refOf(seed('appcircle', 'revoked')), '--format', 'dotenv'], secrets],
        [['exec', '--', 'true']],
        [['exec', '--account', refOf(seed('appcircle', 'revoked')), '--', 'true']],
        // Service-side tokens (Nuclia, Platform.sh and Upsun have an API).
        [['token', 'list', refOf(nuclia)]],
        [['token', 'list', refOf(pf), '--json']],
        [['token', 'list', refOf(upsun)]],
        [['token', 'list', refOf(seed('upsun', 'revoked')), '--json']],
        [['token', 'create', refOf(nuclia), '--days', '30', '--json'], secrets],
        [['token', 'create', refOf(seed('nuclia', 'revoked')), '--days', '30']],
        [['token', 'revoke', refOf(upsun), json(spare!).id]],
        [['token', 'revoke', refOf(upsun), 'no-such-token', '--json']],
        [['token', 'rotate', refOf(upsun), '--json']],
        [['remove', refOf(seed('bearer', 'revoked')), '--revoke', '--yes', '--json']],
        // Storing: refused by the service, unreachable, accepted; and importing with a check.
        [['add', 'curvenote', '--label', 'refused'], { input: seed('curvenote', 'revoked').secret }],
        [['add', 'appcircle', '--label', 'refused', '--json'], { input: seed('appcircle', 'revoked').secret }],
        [
          ['add', 'nuclia', '--kind', 'kb', '--label', 'outage-2', '--url', seed('nuclia', 'outage', 'kb').url!],
          { input: seed('nuclia', 'outage', 'kb').secret },
        ],
        [
          ['add', 'bearer', '--label', 'nowhere', '--endpoint', `whoami=http://127.0.0.1:${closedPort}/me`],
          { input: seed('bearer', 'valid').secret },
        ],
        [
          ['add', 'bearer', '--label', 'nowhere', '--json', '--endpoint', `whoami=http://127.0.0.1:${closedPort}/me`],
          { input: seed('bearer', 'valid').secret },
        ],
        [['add', 'etm', '--label', 'checked'], { input: seed('etm', 'no-scope').secret }],
        [
          ['import', '--file', '-', '--check', '--json'],
          {
            input: JSON.stringify([
              { provider: 'curvenote', label: 'bot', secret: minted.secret },
              { provider: 'platformsh', label: 'again', secret: pf.secret },
            ]),
          },
        ],
        [['import', 'curvenote', '--check']],
      ]);
      const { gone, removed } = await chain;
      for (const r of s.runs.filter((r) => r.allow === 'secrets')) remember(`${name}: printed token`, json(r)?.token);

      const leaks = leaksOf(s);
      expect(leaks, JSON.stringify(leaks, null, 2)).toEqual([]);

      // The commands that print secrets printed what they exist for (so the allowance is not hiding a no-op).
      if (!fault) {
        const env = s.runs.find((r) => r.args.join(' ') === 'env')!;
        expect(env.status, env.stderr).toBe(0);
        expect(env.stdout).toContain(curvenote.secret);
        expect(removed.status, removed.stderr).toBe(0);
        // --verbose traces every request (the trace is one more output path the leak check covers).
        const verbose = s.runs.find((r) => r.args.join(' ') === 'check --verbose')!;
        expect(verbose.stderr).toMatch(/authdeck http: GET http:\/\/127\.0\.0\.1:\d+\/\S+ 200 \d+ ms/);
      }
      // Forgotten means gone from disk: the removed account's secret is in no file of the config directory.
      if (removed.status === 0) {
        const forms = [{ name: 'removed platformsh/made', value: gone.secret }];
        for (const { file, text } of filesUnder(s.dir)) {
          expect(findLeaks(text, forms, { patterns: false }), file).toEqual([]);
        }
      }
      // The audit log never holds any secret.
      harvest(s.dir, `${name}: at the end`);
      expect(findLeaks(readFileSync(join(s.dir, 'audit.log'), 'utf8'), [...needles.values()])).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'every command that works offline, including error paths and --json errors',
    async () => {
      const s = scenario('offline');
      const curvenote = seed('curvenote', 'valid');
      const legacy = seed('etm', 'legacy');
      const bound = join(s.work, 'bound');
      mkdirSync(bound);
      const userVar = { CURVENOTE_TOKEN: seed('curvenote', 'expiring').secret };
      const secrets = { allow: 'secrets' as const };
      const bad = join(s.dir, '..', 'bad.json');
      writeFileSync(
        bad,
        JSON.stringify([
          { provider: 'curvenote', label: 'fine', secret: minted.secret },
          { provider: 'curvenote', label: 'bad label!', secret: seed('curvenote', 'expired').secret },
          { provider: 'bearer', label: 'spaced', secret: `${seed('bearer', 'valid').secret} x` },
          { provider: 'nuclia', kind: 'kb', label: 'kb', secret: seed('nuclia', 'revoked', 'kb').secret },
          { provider: 'etm', label: 'x', secret: seed('etm', 'valid').secret, token: minted.secret },
          { provider: 'nosuch', label: 'x', secret: minted.secret },
        ]),
      );

      // A vendor config whose quotes were lost around its token.
      mkdirSync(join(s.work, '.nuclia'), { recursive: true });
      writeFileSync(
        join(s.dir, '..', 'offline-work', '.nuclia', 'config'),
        `{"token": ${seed('bearer', 'revoked').secret}}`,
      );

      // Bindings change what is in effect, so they run in order.
      await s.run(['use', refOf(legacy)]);
      await s.run(['use', refOf(seed('bearer', 'revoked')), '--dir', bound, '--json']);
      await s.all([
        [['explain'], { cwd: bound }],
        [['list'], { cwd: bound }],
        [['env', 'bearer'], { cwd: bound, ...secrets }],
      ]);
      await s.run(['unbind', bound]);
      await s.run(['unbind', bound]);
      await s.all([
        [[]], // the home command without a TTY
        [['list']],
        [['list', '--json']],
        [['ls'], { env: userVar }],
        [['list', '--json'], { env: userVar }],
        [['auth', 'show']],
        [['explain']],
        [['explain', '--json']],
        [['explain', 'curvenote'], { env: userVar }],
        [['explain', '--json'], { env: { ...userVar, AUTHDECK_ACCOUNT: 'curvenote/nope,valid' } }],
        [['use', 'valid', '--json']], // ambiguous
        [['use', 'nope', '--json']],
        [['secret', refOf(curvenote)], secrets],
        [['secret', 'etm'], secrets],
        [['secret', 'nope']],
        [['secret', refOf(seed('etm', 'valid')), '--session']],
        [['env', 'curvenote'], { env: userVar, ...secrets }],
        [['env', 'nope']],
        [['exec', '--', 'no-such-program-authdeck-test']],
        [['check', 'nope', '--json']],
        [['check', '--timeout', 'x', '--json']],
        [['token', 'list', refOf(seed('etm', 'valid')), '--json']],
        [['token', 'create', refOf(curvenote)]],
        [['token', 'rotate', refOf(seed('bearer', 'valid')), '--json']],
        [['remove', refOf(curvenote), '--json']], // no --yes without a terminal
        [['remove', 'nope', '--yes']],
        [['add', 'etm', '--label', 'bad label!'], { input: seed('etm', 'valid').secret }],
        [['add', 'etm', '--label', 'valid', '--no-check'], { input: seed('etm', 'expired').secret }],
        [['add', 'etm', '--label', 'valid', '--no-check', '--json'], { input: seed('etm', 'expired').secret }],
        [
          ['add', 'nuclia', '--kind', 'kb', '--no-check', '--url', 'http://example.com/api/v1/kb/x'],
          { input: seed('nuclia', 'product-docs', 'kb').secret },
        ],
        [['add', 'curvenote', '--no-check'], { input: `${curvenote.secret} ${minted.secret}` }],
        [['add', 'curvenote', '--no-check', '--json'], { input: `${minted.secret}\u0007` }],
        [['add', 'nosuch', '--no-check', '--json'], { input: minted.secret }],
        [['import', '--file', bad]],
        [['import', '--file', bad, '--json']],
        [
          ['import', '--file', '-', '--json'],
          { input: `[{"provider":"curvenote","label":"x","secret":"${minted.secret}"` },
        ],
        [['import', 'appcircle']],
        [['import', 'nuclia', '--json']],
        [
          ['import', '--file', '-'],
          { input: `[{"provider":"bearer","label":"x","secret": ${seed('bearer', 'valid').secret}}]` },
        ],
        [['completion', 'bash']],
        [['__complete', 'secret', '']],
        [['__complete', 'exec', '--account', '']],
      ]);
      const removed = await s.run(['remove', refOf(legacy), '--yes', '--json']);
      expect(removed.status, removed.stderr).toBe(0);
      await s.all([[['doctor']], [['doctor', '--json']], [['log']], [['log', '--json', '--limit', '1000']]]);

      const leaks = leaksOf(s);
      expect(leaks, JSON.stringify(leaks, null, 2)).toEqual([]);
      const forms = [{ name: 'removed etm/user/legacy', value: legacy.secret }];
      for (const { file, text } of filesUnder(s.dir))
        expect(findLeaks(text, forms, { patterns: false }), file).toEqual([]);
      expect(findLeaks(readFileSync(join(s.dir, 'audit.log'), 'utf8'), [...needles.values()])).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it('a damaged config holding secrets: the error names the file, never a piece of a secret', async () => {
    const s = scenario('damaged');
    const file = join(s.dir, 'config.json');
    const bearer = seed('bearer', 'valid');
    const legacy = seed('etm', 'legacy');
    // A hand edit lost the quotes around a secret (one that starts with a letter, so V8 quotes what follows).
    writeFileSync(file, readFileSync(file, 'utf8').replace(JSON.stringify(legacy.secret), legacy.secret), {
      mode: 0o600,
    });
    const refused = await s.all([
      [['list']],
      [['list', '--json']],
      [['check', '--json']],
      [['add', 'etm', '--no-check'], { input: seed('etm', 'valid').secret }],
    ]);
    for (const r of refused) expect(r.status, `${r.label}: ${r.stderr}`).toBe(1);
    await s.all([[['doctor']], [['doctor', '--json']]]);
    // A token pasted over the whole config.
    writeFileSync(file, `${bearer.secret}\n`, { mode: 0o600 });
    await s.all([[['list']], [['doctor', '--json']]]);
    expect(s.runs.every((r) => (r.stderr + r.stdout).includes('config.json'))).toBe(true);
    const leaks = leaksOf(s);
    expect(leaks, JSON.stringify(leaks, null, 2)).toEqual([]);
  });
});

/** A process's command line, read once it shows `marker` (after exec, before it ends). */
async function commandLineOnce(pid: number, marker: string): Promise<string> {
  let seen = '';
  await vi.waitFor(
    () => {
      seen = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      expect(seen).toContain(marker);
    },
    { timeout: 10_000, interval: 5 },
  );
  return seen;
}

describe('argv and the process title never carry a secret', () => {
  it('the secret comes on stdin; /proc/<pid>/cmdline of authdeck and of an exec child hold none', async () => {
    const s = scenario('argv');
    await emulator.control('reset');
    // Slow answers keep `check` running long enough to read its command line from /proc.
    await emulator.control('faults', { latencyMs: 400, count: 50 });
    const env = cleanEnv({ AUTHDECK_CONFIG_DIR: s.dir, AUTHDECK_ENDPOINTS: emulator.endpointsEnv });
    const child = spawn(process.execPath, [BIN, 'check', refOf(seed('curvenote', 'valid'))], { env });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const cmdline = await commandLineOnce(child.pid!, 'check');
    await exited;
    expect(cmdline).toContain('authdeck');
    expect(findLeaks(cmdline, [...needles.values()])).toEqual([]);
    await emulator.control('reset');

    // `add` waiting on stdin: the secret is nowhere but in the pipe.
    const add = spawn(process.execPath, [BIN, 'add', 'bearer', '--label', 'piped', '--no-check'], { env });
    const waiting = await commandLineOnce(add.pid!, 'piped');
    const addExit = new Promise<number | null>((resolve) => add.once('exit', resolve));
    add.stdin.end(minted.secret);
    expect(await addExit).toBe(0);
    expect(findLeaks(waiting, [...needles.values()])).toEqual([]);

    // exec hands secrets to the child's environment, never its arguments, and its own title stays clean.
    const probe =
      "const fs=require('fs');process.stdout.write(JSON.stringify({argv:process.argv,parent:fs.readFileSync('/proc/'+process.ppid+'/cmdline','utf8'),hasToken:!!process.env.AUTHDECK_BEARER_TOKEN}))";
    const r = await s.run(['exec', '--account', 'bearer/piped', '--', process.execPath, '-e', probe], {
      binary: true,
    });
    expect(r.status, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout);
    expect(seen.hasToken).toBe(true);
    expect(seen.parent).toContain('authdeck');
    expect(leaksOf(s)).toEqual([]);
  });
});
