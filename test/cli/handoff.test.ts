/**
 * Issue 5: env (every format), exec, secret, explain, and the precedence chain with `use --dir`, `unbind`,
 * AUTHDECK_ACCOUNT and the AUTHDECK_EXPORTED re-eval loop. The commands run in-process (`run(argv, io)`); what is
 * about the process goes through the built binary: eval in a real shell, stdin that arrives late, the
 * environment `exec` gives its child, and a signal forwarded to it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  authdeckAsync,
  authdeckOnPath,
  BIN,
  type CliOptions,
  type CliResult,
  cleanEnv,
  runProgram,
} from '../support/cli.js';
import { type EmulatorProcess, seedOf } from '../support/emulator-process.js';
import { tempDir } from '../support/fixtures.js';
import { runCli, startEmulatorInProcess } from '../support/run-cli.js';

let emulator: EmulatorProcess;
let dir: string;
/** A directory with an `authdeck` on it, for shell scripts. */
let binDir: string;

beforeAll(async () => {
  emulator = await startEmulatorInProcess();
  binDir = authdeckOnPath();
});
afterAll(async () => {
  await emulator?.stop();
});
beforeEach(() => {
  dir = join(tempDir(), 'config');
});

const baseEnv = () => ({ AUTHDECK_CONFIG_DIR: dir, AUTHDECK_ENDPOINTS: emulator.endpointsEnv });
const run = (args: string[], options: CliOptions = {}) =>
  runCli(args, { ...options, env: { ...baseEnv(), ...options.env } });
/** Runs the built binary in a child process, for what only a process shows. */
const binary = (args: string[], options: CliOptions = {}) =>
  authdeckAsync(args, { ...options, env: { ...baseEnv(), ...options.env } });
/** Runs a POSIX shell script with the built `authdeck` on PATH and the test's config. */
const sh = (script: string, env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliResult> =>
  runProgram('sh', ['-c', script], { env: { ...baseEnv(), PATH: `${binDir}:${process.env.PATH}`, ...env }, cwd });
const add = async (provider: string, label: string, secret: string, extra: string[] = []) => {
  const r = await run(['add', provider, '--label', label, '--no-check', ...extra], { input: secret });
  expect(r.status, r.stderr).toBe(0);
};
const idOf = async (ref: string) => {
  const { accounts } = JSON.parse((await run(['list', '--json'])).stdout);
  return accounts.find((a: { ref: string; label: string }) => a.ref === ref || a.label === ref).id as string;
};

// Opaque tokens: curvenote and etm export their secret as is, so nothing is sent anywhere.
const CN_A = 'cn-token-a-0123456789abcdef';
const CN_B = 'cn-token-b-0123456789abcdef';
const CN_C = 'cn-token-c-0123456789abcdef';
const CN_D = 'cn-token-d-0123456789abcdef';
const ETM = 'etm_opaque0123456789abcdefghijklmnopqrstuvwx';
/** A bearer token with every character a shell could trip on (no whitespace: secrets never have any). */
const NASTY = `q'u"o$HOME\`id\`\\x;&|*!#€`;

describe('env', () => {
  it('sh: exports the vendor variables and AUTHDECK_EXPORTED; eval in a real sh gives the values back', async () => {
    await add('curvenote', 'a', CN_A);
    await add('etm', 'e', ETM);
    await add('bearer', 'q', NASTY, ['--endpoint', 'whoami=https://api.example.com/me']);
    const r = await run(['env']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`export CURVENOTE_TOKEN='${CN_A}'`);
    expect(r.stdout).toContain(`export AUTHDECK_EXPORTED='CURVENOTE_TOKEN,ETM_API_TOKEN,AUTHDECK_BEARER_TOKEN'`);
    const shell = await sh(
      'eval "$(authdeck env)" && printf "%s|%s|%s|%s" "$CURVENOTE_TOKEN" "$ETM_API_TOKEN" "$AUTHDECK_BEARER_TOKEN" "$AUTHDECK_EXPORTED"',
    );
    expect(shell.stdout).toBe(`${CN_A}|${ETM}|${NASTY}|CURVENOTE_TOKEN,ETM_API_TOKEN,AUTHDECK_BEARER_TOKEN`);
  });

  it('fish, powershell, dotenv and json quote the same value correctly for each', async () => {
    await add('bearer', 'q', NASTY, ['--endpoint', 'whoami=https://api.example.com/me']);
    const fish = (await run(['env', 'bearer', '--format', 'fish'])).stdout;
    expect(fish).toBe(
      `set -gx AUTHDECK_BEARER_TOKEN 'q\\'u"o$HOME\`id\`\\\\x;&|*!#€'\nset -gx AUTHDECK_EXPORTED 'AUTHDECK_BEARER_TOKEN'\n`,
    );
    const ps = (await run(['env', 'bearer', '--format', 'powershell'])).stdout;
    expect(ps).toBe(
      `$env:AUTHDECK_BEARER_TOKEN = 'q''u"o$HOME\`id\`\\x;&|*!#€'\n$env:AUTHDECK_EXPORTED = 'AUTHDECK_BEARER_TOKEN'\n`,
    );
    const json = await run(['env', 'bearer', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({
      AUTHDECK_BEARER_TOKEN: NASTY,
      AUTHDECK_EXPORTED: 'AUTHDECK_BEARER_TOKEN',
    });
    // This value has every dotenv quote in it: refused (exit 2) rather than written ambiguously.
    const dotenv = await run(['env', 'bearer', '--format', 'dotenv']);
    expect(dotenv.status).toBe(2);
    expect(dotenv.stdout).toBe('');
    await add('etm', 'e', ETM);
    expect((await run(['env', 'etm', '--format', 'dotenv'])).stdout).toBe(
      `ETM_API_TOKEN=${ETM}\nAUTHDECK_EXPORTED=ETM_API_TOKEN\n`,
    );
  });

  it("leaves a user's own vendor variable alone and says so on stderr", async () => {
    await add('curvenote', 'a', CN_A);
    const r = await run(['env'], { env: { CURVENOTE_TOKEN: 'mine-0123456789abc' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Using the CURVENOTE_TOKEN env variable (it shadows curvenote/a)');
    expect(r.stderr).not.toContain('mine-0123456789abc');
    expect((await run(['-q', 'env'], { env: { CURVENOTE_TOKEN: 'mine-0123456789abc' } })).stderr).toBe('');
  });

  it('a provider named with nothing in effect: a notice, and its earlier exports unset; an unknown one is exit 2', async () => {
    const r = await run(['env', 'upsun'], {
      env: { UPSUN_CLI_TOKEN: 'exported-before-123', AUTHDECK_EXPORTED: 'UPSUN_CLI_TOKEN' },
    });
    expect(r).toMatchObject({ status: 0, stdout: 'unset UPSUN_CLI_TOKEN\nunset AUTHDECK_EXPORTED\n' });
    expect(r.stderr).toContain('Nothing is in effect for upsun here.');
    expect((await run(['-q', 'env', 'upsun'])).stderr).toBe('');
    expect((await run(['env', 'github'])).status).toBe(2);
    expect((await run(['env'])).stdout).toBe('');
  });

  it('Appcircle: AC_ACCESS_TOKEN is a fresh access token, never the PAT; unreachable is exit 3 with nothing on stdout', async () => {
    const pat = seedOf(emulator, { provider: 'appcircle', expect: 'valid' }).secret;
    await add('appcircle', 'ac', pat);
    const r = await run(['env', 'appcircle', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const vars = JSON.parse(r.stdout);
    expect(vars.AC_ACCESS_TOKEN).toMatch(/\S{20,}/);
    expect(vars.AC_ACCESS_TOKEN).not.toBe(pat);
    expect(r.stdout + r.stderr).not.toContain(pat);
    const down = await run(['env'], {
      env: {
        AUTHDECK_ENDPOINTS: JSON.stringify({ appcircle: { auth: 'http://127.0.0.1:9', api: 'http://127.0.0.1:9' } }),
      },
    });
    expect(down.status).toBe(3);
    expect(down.stdout).toBe('');
    expect(down.stderr).toMatch(/could not reach Appcircle to exchange appcircle\/ac/);
    expect(down.stderr).not.toContain(pat);
  });
});

describe('precedence: --account > user env var > AUTHDECK_ACCOUNT > nearest directory binding > store', () => {
  it('each source in turn, as explain --json and list --json see it', async () => {
    await add('curvenote', 'a', CN_A);
    await add('curvenote', 'b', CN_B);
    await add('curvenote', 'c', CN_C);
    await add('curvenote', 'd', CN_D);
    const project = realpathSync(tempDir('authdeck-project-'));
    const sub = join(project, 'sub');
    mkdirSync(join(sub, 'deeper'), { recursive: true });
    expect((await run(['use', 'curvenote/b', `--dir=${project}`])).status).toBe(0);
    expect((await run(['use', 'curvenote/c', '--dir'], { cwd: sub })).status).toBe(0);
    const explain = async (options: CliOptions) =>
      JSON.parse((await run(['explain', 'curvenote', '--json'], options)).stdout).entries[0];
    const deeper = join(sub, 'deeper');

    let e = await explain({ cwd: tempDir() });
    expect(e.winner).toEqual({ source: 'store', account: { id: await idOf('a'), label: 'a' } });
    e = await explain({ cwd: project });
    expect(e.winner.source).toBe(`dir:${project}`);
    e = await explain({ cwd: deeper });
    expect(e.winner).toEqual({ source: `dir:${sub}`, account: { id: await idOf('c'), label: 'c' } });
    e = await explain({ cwd: deeper, env: { AUTHDECK_ACCOUNT: 'curvenote/d' } });
    expect(e.winner.source).toBe('AUTHDECK_ACCOUNT');
    e = await explain({
      cwd: deeper,
      env: { AUTHDECK_ACCOUNT: 'curvenote/d', CURVENOTE_TOKEN: 'users-own-value-123' },
    });
    expect(e).toEqual({
      provider: 'curvenote',
      kind: 'user',
      winner: { source: 'env:CURVENOTE_TOKEN', account: null },
      chain: [
        { source: 'env:CURVENOTE_TOKEN', account: null, shadowed: false },
        { source: 'AUTHDECK_ACCOUNT', account: { id: await idOf('d'), label: 'd' }, shadowed: true },
        { source: `dir:${sub}`, account: { id: await idOf('c'), label: 'c' }, shadowed: true },
        { source: 'store', account: { id: await idOf('a'), label: 'a' }, shadowed: true },
      ],
    });
    const human = await run(['explain', 'curvenote'], { cwd: deeper, env: { CURVENOTE_TOKEN: 'users-own-value-123' } });
    expect(human.stdout).toContain('env:CURVENOTE_TOKEN wins');
    expect(human.stdout + human.stderr).not.toContain('users-own-value-123');
    // --account beats everything, in env and exec.
    const flagged = await run(['env', 'curvenote', '--account', 'curvenote/b', '--format', 'json'], {
      cwd: deeper,
      env: { AUTHDECK_ACCOUNT: 'curvenote/d', CURVENOTE_TOKEN: 'users-own-value-123' },
    });
    expect(JSON.parse(flagged.stdout).CURVENOTE_TOKEN).toBe(CN_B);
    // list --json marks the account each resolves to here.
    const { accounts } = JSON.parse((await run(['list', '--json'], { cwd: deeper })).stdout);
    expect(accounts.filter((a: { inEffect: boolean }) => a.inEffect).map((a: { label: string }) => a.label)).toEqual([
      'c',
    ]);
    // unbind the nearest: the outer binding takes over; unbind that: the store again.
    expect((await run(['unbind', sub])).status).toBe(0);
    expect((await explain({ cwd: deeper })).winner.source).toBe(`dir:${project}`);
    expect((await run(['unbind'], { cwd: project })).status).toBe(0);
    expect((await explain({ cwd: deeper })).winner.source).toBe('store');
    expect((await run(['unbind', project])).status).toBe(4);
  });

  it('use --dir keeps everything in authdeck’s config, and refuses a path that is not a directory', async () => {
    await add('curvenote', 'a', CN_A);
    const project = realpathSync(tempDir('authdeck-project-'));
    const r = await run(['use', 'curvenote/a', `--dir=${project}`, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dir: project, inEffect: true, source: `dir:${project}` });
    expect(readdirSync(project)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).bindings).toEqual({
      [project]: [await idOf('a')],
    });
    expect((await run(['use', 'curvenote/a', `--dir=${join(project, 'missing')}`])).status).toBe(2);
  });

  it('a binding made through a symlink applies in the real directory (what the working directory is)', async () => {
    await add('curvenote', 'a', CN_A);
    await add('curvenote', 'b', CN_B);
    const project = realpathSync(tempDir('authdeck-project-'));
    const link = join(tempDir('authdeck-link-'), 'project');
    symlinkSync(project, link);
    expect((await run(['use', 'curvenote/b', `--dir=${link}`])).status).toBe(0);
    const { entries } = JSON.parse((await run(['explain', 'curvenote', '--json'], { cwd: project })).stdout);
    expect(entries[0].winner.source).toBe(`dir:${project}`);
    expect((await run(['unbind', link])).status).toBe(0);
  });

  it('the shell hook loop: re-running eval "$(authdeck env)" follows use, bindings and leaving them', async () => {
    await add('curvenote', 'a', CN_A);
    await add('curvenote', 'b', CN_B);
    await add('etm', 'e', ETM);
    const project = realpathSync(tempDir('authdeck-project-'));
    const out = await sh(
      [
        'hook() { eval "$(authdeck -q env)"; }',
        'hook; echo "1 $CURVENOTE_TOKEN $ETM_API_TOKEN"',
        'authdeck use curvenote/b 2>/dev/null; hook; echo "2 $CURVENOTE_TOKEN"',
        `authdeck use curvenote/a --dir="${project}" 2>/dev/null; cd "${project}"; hook; echo "3 $CURVENOTE_TOKEN"`,
        'cd /; hook; echo "4 $CURVENOTE_TOKEN"',
        'authdeck rm -y etm/e 2>/dev/null; hook; echo "5 $(printenv ETM_API_TOKEN || echo unset) $AUTHDECK_EXPORTED"',
        'export AUTHDECK_ACCOUNT=curvenote/a; hook; echo "6 $CURVENOTE_TOKEN"',
      ].join('\n'),
    );
    expect(out.stderr).toBe('');
    expect(out.stdout.trim().split('\n')).toEqual([
      `1 ${CN_A} ${ETM}`,
      `2 ${CN_B}`,
      `3 ${CN_A}`,
      `4 ${CN_B}`,
      '5 unset CURVENOTE_TOKEN',
      `6 ${CN_A}`,
    ]);
  });
});

describe('exec', () => {
  it('adds the variables for the child only, passes stdin through, and changes nothing global', async () => {
    await add('curvenote', 'a', CN_A);
    const before = readFileSync(join(dir, 'config.json'), 'utf8');
    // Through the binary: the child's environment and stdin are the real process's.
    const r = await binary(
      [
        'exec',
        '--',
        'sh',
        '-c',
        'cat; printf "|%s|%s" "$CURVENOTE_TOKEN" "$(printenv AUTHDECK_EXPORTED || echo none)"',
      ],
      {
        input: 'from stdin\n',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`from stdin\n|${CN_A}|none`);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(before);
  });

  it('stdin that arrives late still reaches the child (the shared stdin is left as it is)', async () => {
    const r = await sh('(sleep 0.3; echo late; sleep 0.2; echo later) | authdeck exec -- cat');
    expect(r).toMatchObject({ status: 0, stdout: 'late\nlater\n' });
  });

  it('exec --account picks the account; a stale exported variable is not passed on', async () => {
    await add('curvenote', 'a', CN_A);
    await add('curvenote', 'b', CN_B);
    const r = await run(
      [
        'exec',
        '--account',
        'curvenote/b',
        '--',
        'sh',
        '-c',
        'printf "%s %s" "$CURVENOTE_TOKEN" "$(printenv ETM_API_TOKEN || echo gone)"',
      ],
      {
        env: { ETM_API_TOKEN: 'stale-exported-value', AUTHDECK_EXPORTED: 'ETM_API_TOKEN' },
      },
    );
    expect(r.stdout).toBe(`${CN_B} gone`);
  });

  it("exits with the child's status, 127 when not found, 128+N when the child dies of signal N", async () => {
    expect((await run(['exec', '--', 'sh', '-c', 'exit 7'])).status).toBe(7);
    const missing = await run(['exec', '--', 'authdeck-no-such-program-xyz']);
    expect(missing.status).toBe(127);
    expect(missing.stderr).toContain('authdeck-no-such-program-xyz: command not found');
    const notExecutable = join(tempDir(), 'script.sh');
    writeFileSync(notExecutable, 'echo hi\n', { mode: 0o644 });
    expect(await run(['exec', '--', notExecutable])).toMatchObject({
      status: 126,
      stderr: expect.stringContaining('permission denied'),
    });
    expect((await run(['exec', '--', 'sh', '-c', 'kill -TERM $$'])).status).toBe(128 + 15);
    expect((await run(['exec', '--', 'sh', '-c', 'kill -KILL $$'])).status).toBe(128 + 9);
  });

  it('forwards a signal sent to authdeck to the child, and exits as the child does', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'exec', '--', 'sh', '-c', 'trap "echo got-term; exit 42" TERM; echo ready; while :; do sleep 0.05; done'],
      {
        env: cleanEnv(baseEnv()),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('ready')) resolve();
      });
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stdout).toContain('got-term');
    expect(code).toBe(42);
  });
});

describe('secret', () => {
  it('prints exactly the secret and a newline on stdout', async () => {
    await add('curvenote', 'a', CN_A);
    const r = await run(['secret', 'curvenote/a']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${CN_A}\n`);
    expect((await sh('printf "%s" "$(authdeck secret a 2>/dev/null)"')).stdout).toBe(CN_A);
  });

  it('a provider name means the credential in effect here, a user variable included', async () => {
    await add('curvenote', 'a', CN_A);
    expect((await run(['secret', 'curvenote'])).stdout).toBe(`${CN_A}\n`);
    expect((await run(['secret', 'curvenote'], { env: { CURVENOTE_TOKEN: 'users-own-value-123' } })).stdout).toBe(
      'users-own-value-123\n',
    );
    expect((await run(['secret', 'upsun'])).status).toBe(4);
    expect((await run(['secret', 'nosuch'])).status).toBe(4);
  });

  it('--session prints an exchanged session token (Curvenote), and is an input error where there is none', async () => {
    const token = seedOf(emulator, { provider: 'curvenote', expect: 'valid' }).secret;
    await add('curvenote', 'real', token);
    const r = await run(['secret', 'curvenote/real', '--session']);
    expect(r.status, r.stderr).toBe(0);
    const session = r.stdout.trim();
    expect(r.stdout).toBe(`${session}\n`);
    expect(session).not.toBe(token);
    const claims = JSON.parse(Buffer.from(session.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims.iss).toMatch(/\/tokens\/session$/);
    await add('etm', 'e', ETM);
    expect((await run(['secret', 'etm/e', '--session'])).status).toBe(2);
  });
});

describe('explain', () => {
  it('every provider and kind, in the JSON shape of the issue', async () => {
    await add('curvenote', 'a', CN_A);
    const { entries } = JSON.parse((await run(['explain', '--json'])).stdout);
    expect(entries.map((e: { provider: string; kind: string }) => `${e.provider}/${e.kind}`)).toEqual([
      'curvenote/user',
      'nuclia/user',
      'nuclia/kb',
      'nuclia/processing',
      'appcircle/user',
      'platformsh/user',
      'upsun/user',
      'etm/user',
      'bearer/user',
    ]);
    expect(entries[1]).toEqual({ provider: 'nuclia', kind: 'user', winner: null, chain: [] });
    const warned = await run(['explain'], { env: { AUTHDECK_ACCOUNT: 'nosuch' } });
    expect(warned.stderr).toContain('AUTHDECK_ACCOUNT names "nosuch", which matches no account');
  });
});
