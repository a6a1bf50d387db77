import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addMaskLines } from '../../src/cli/github-actions.js';
import { authdeckOnPath, type CliOptions, type CliResult, runProgram } from '../support/cli.js';
import { type EmulatorProcess, seedOf } from '../support/emulator-process.js';
import { tempDir } from '../support/fixtures.js';
import { runCli, startEmulatorInProcess } from '../support/run-cli.js';

let emulator: EmulatorProcess;
let dir: string;
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

const ON_RUNNER = { GITHUB_ACTIONS: 'true' };
const baseEnv = () => ({ AUTHDECK_CONFIG_DIR: dir, AUTHDECK_ENDPOINTS: emulator.endpointsEnv });
const run = (args: string[], options: CliOptions = {}) =>
  runCli(args, { ...options, env: { ...baseEnv(), ...options.env } });
/** A script in real bash with the built binary on PATH; not blocking, so the emulator in this process serves. */
const bash = (script: string, env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  runProgram('bash', ['--norc', '--noprofile', '-c', script], {
    env: { ...baseEnv(), PATH: `${binDir}:${process.env.PATH}`, ...env },
  });
const add = async (provider: string, label: string, secret: string, extra: string[] = []) => {
  const r = await run(['add', provider, '--label', label, '--no-check', ...extra], { input: secret });
  expect(r.status, r.stderr).toBe(0);
};
const maskLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('::add-mask::'));

/** A Curvenote token with a `%`, which the runner would decode unless it is sent as `%25`. */
const CN = 'cn-token-50%25off-0123456789abcdef';
const KB_URL = () => `${emulator.endpoints.nuclia!.regional}/api/v1/kb/00000000-0000-4000-8000-000000000000`;
const KB_KEY = 'kb-key-0123456789abcdefghij';

async function provision(): Promise<{ pat: string }> {
  await add('curvenote', 'cn', CN);
  await add('nuclia', 'kb', KB_KEY, ['--kind', 'kb', '--url', KB_URL()]);
  const pat = seedOf(emulator, { provider: 'appcircle', expect: 'valid' }).secret;
  await add('appcircle', 'ac', pat);
  return { pat };
}

describe('the ::add-mask:: lines', () => {
  it('encode %, CR and LF as the runner decodes them, and register each line of a multi-line value', () => {
    expect(addMaskLines(['a%b\rc\nd'])).toEqual([
      '::add-mask::a%25b%0Dc%0Ad',
      '::add-mask::a%25b',
      '::add-mask::c',
      '::add-mask::d',
    ]);
    expect(addMaskLines(['-----BEGIN KEY-----\r\n  abc  \r\n\r\n'])).toEqual([
      '::add-mask::-----BEGIN KEY-----%0D%0A  abc  %0D%0A%0D%0A',
      '::add-mask::-----BEGIN KEY-----',
      '::add-mask::abc',
    ]);
    expect(addMaskLines(['', '   ', 'same-value-123', 'same-value-123'])).toEqual(['::add-mask::same-value-123']);
  });
});

describe('on GitHub Actions', () => {
  it('env: eval in bash sets exactly the expected variables; every secret is masked on stderr, the URL is not', async () => {
    await provision();
    const r = await bash(
      [
        // bash's own bookkeeping (PIPESTATUS after a first pipeline) is not ours, and is left out below.
        'compgen -v | sort > "$T/before"',
        'eval "$(authdeck env)" || exit 9',
        'compgen -v | sort > "$T/after"',
        'comm -13 "$T/before" "$T/after" | grep -v -x -e BASH_LINENO -e PIPESTATUS -e _ ',
        'printf "CN=%s\\nKB=%s\\nURL=%s\\nAC=%s\\n" "$CURVENOTE_TOKEN" "$NUCLIA_KB_API_KEY" "$NUCLIA_KB_URL" "$AC_ACCESS_TOKEN"',
      ].join('\n'),
      { ...ON_RUNNER, T: tempDir() },
    );
    expect(r.status, r.stderr).toBe(0);
    const [names, values] = [
      r.stdout.split('\n').filter((l) => !l.includes('=')),
      r.stdout.split('\n').filter((l) => l.includes('=')),
    ];
    expect(names.filter(Boolean).sort()).toEqual(
      ['AC_ACCESS_TOKEN', 'AUTHDECK_EXPORTED', 'CURVENOTE_TOKEN', 'NUCLIA_KB_API_KEY', 'NUCLIA_KB_URL'].sort(),
    );
    const got = Object.fromEntries(values.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(got.CN).toBe(CN);
    expect(got.KB).toBe(KB_KEY);
    expect(got.URL).toBe(KB_URL());
    expect(got.AC).toMatch(/^\S{16,}$/);
    const masks = maskLines(r.stderr);
    // The exchanged Appcircle session once (when minted), then the Curvenote token and the KB key; never the URL.
    expect(masks.sort()).toEqual(
      [`::add-mask::${got.AC}`, `::add-mask::${CN.replace('%', '%25')}`, `::add-mask::${KB_KEY}`].sort(),
    );
    // Nothing of that reached stdout, which eval consumed.
    const plain = await run(['env'], { env: ON_RUNNER });
    expect(plain.stdout).not.toContain('::');
  });

  it('secret: $(…) captures exactly the secret; its mask is on stderr, once, also for an exchanged session', async () => {
    const { pat } = await provision();
    const r = await bash(
      'v=$(authdeck secret curvenote/cn) || exit 9; s=$(authdeck secret appcircle/ac --session) || exit 8; printf "%s\\n%s\\n" "$v" "$s"',
      ON_RUNNER,
    );
    expect(r.status, r.stderr).toBe(0);
    const [v, s] = r.stdout.split('\n');
    expect(v).toBe(CN);
    expect(s).toMatch(/^\S{16,}$/);
    expect(s).not.toBe(pat);
    expect(maskLines(r.stderr)).toEqual([`::add-mask::${CN.replace('%', '%25')}`, `::add-mask::${s}`]);
  });

  it('exec: the child gets the variables, and every mask is out before the child runs', async () => {
    await provision();
    // The child's stderr joins the run's (in-process, piped into it in order), so the order of the lines is the
    // order of the writes.
    const r = await run(
      ['exec', '--', 'sh', '-c', 'echo "CHILD STARTS" >&2; printf "%s\\n%s\\n" "$CURVENOTE_TOKEN" "$AC_ACCESS_TOKEN"'],
      { env: ON_RUNNER },
    );
    expect(r.status, r.stderr).toBe(0);
    const [cn, ac] = r.stdout.split('\n');
    expect(cn).toBe(CN);
    const lines = r.stderr.split('\n');
    const child = lines.indexOf('CHILD STARTS');
    expect(child).toBeGreaterThan(0);
    for (const value of [CN.replace('%', '%25'), ac, KB_KEY]) {
      const at = lines.indexOf(`::add-mask::${value}`);
      expect(at, `mask for ${value}`).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(child);
    }
    expect(r.stderr).not.toContain(`::add-mask::${KB_URL()}`);
  });

  it('token create: the new token is masked before it is printed, as text and as JSON', async () => {
    const user = seedOf(emulator, { provider: 'nuclia', kind: 'user', expect: 'valid' }).secret;
    await add('nuclia', 'me', user);
    for (const json of [false, true]) {
      const r = await run(['token', 'create', 'nuclia/me', '--description', 'ci', ...(json ? ['--json'] : [])], {
        env: ON_RUNNER,
      });
      expect(r.status, r.stderr).toBe(0);
      const token = json ? JSON.parse(r.stdout).token : r.stdout.trim();
      expect(maskLines(r.stderr)).toContain(`::add-mask::${token}`);
      expect(r.stdout).not.toContain('::add-mask::');
    }
  });

  it('a session token exchanged by any command (here check) is masked the moment it is minted', async () => {
    const { pat } = await provision();
    const r = await run(['check', 'appcircle/ac'], { env: ON_RUNNER });
    expect(r.status, r.stderr).toBe(0);
    const masks = maskLines(r.stderr);
    expect(masks).toHaveLength(1);
    expect(masks[0]).toMatch(/^::add-mask::\S{16,}$/);
    expect(masks[0]).not.toContain(pat);
  });

  it('prints no mask line anywhere off GitHub Actions (or with GITHUB_ACTIONS other than "true")', async () => {
    await provision();
    for (const env of [{}, { GITHUB_ACTIONS: 'false' }]) {
      for (const args of [['env'], ['secret', 'curvenote/cn'], ['exec', '--', 'true']]) {
        const r = await run(args, { env });
        expect(r.status, `${args[0]} ${JSON.stringify(env)}: ${r.stderr}`).toBe(0);
        expect(r.stderr).not.toContain('::add-mask::');
      }
    }
  });
});
