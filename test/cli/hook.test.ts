/**
 * Issue 14: `authdeck hook bash|zsh|fish` in the real shells. One shell process per shell runs a script of steps
 * (each step: change something, run the prompt's hooks the way the shell's prompt does, record the variables);
 * a wrapper `authdeck` on PATH logs every `env` run, so the log shows which prompts ran authdeck and which cost
 * nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeJwt } from '../providers/fake-jwt.js';
import { authdeck, authdeckOnPath, BIN, cleanEnv } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';

const CN_A = 'cn-token-a-0123456789abcdef';
const CN_B = 'cn-token-b-0123456789abcdef';
const CN_C = 'cn-token-c-0123456789abcdef';
const ETM = 'etm_opaque0123456789abcdefghijklmnopqrstuvwx';
const MINE = 'my-own-curvenote-token-0123';

type Shell = 'bash' | 'zsh' | 'fish';

/** Whether a shell is installed, and why not. */
function missing(shell: Shell): string | null {
  const r = spawnSync(shell, ['-c', 'exit 0']);
  return r.error || r.status !== 0 ? `${shell} is not installed` : null;
}

let realBin: string;
/** A config with curvenote a (active), b, c and etm e, made once and copied for each shell. */
let template: string;
beforeAll(() => {
  realBin = authdeckOnPath();
  template = join(tempDir('authdeck-hook-template-'), 'authdeck');
  const accounts = [
    { provider: 'curvenote', label: 'a', secret: CN_A },
    { provider: 'curvenote', label: 'b', secret: CN_B },
    { provider: 'curvenote', label: 'c', secret: CN_C },
    { provider: 'etm', label: 'e', secret: ETM },
  ];
  const r = authdeck(['import', '--file', '-'], {
    input: JSON.stringify(accounts),
    env: { AUTHDECK_CONFIG_DIR: template },
  });
  expect(r.status, r.stderr).toBe(0);
});

/** A throw-away HOME holding a copy of the template config, and a counting `authdeck` on PATH. */
function world() {
  const home = tempDir('authdeck-hook-home-');
  const config = join(home, '.config', 'authdeck');
  cpSync(template, config, { recursive: true });
  const work = join(home, 'work');
  const bound = join(home, 'bound');
  mkdirSync(work);
  mkdirSync(join(bound, 'sub'), { recursive: true });
  const log = join(home, 'log');
  const bin = join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'authdeck'),
    `#!/bin/sh\ncase " $* " in *" env "*) echo ENV >> "$HOOK_LOG";; esac\nexec "${join(realBin, 'authdeck')}" "$@"\n`,
  );
  chmodSync(join(bin, 'authdeck'), 0o755);
  const env = { HOME: home, AUTHDECK_CONFIG_DIR: config, XDG_CONFIG_HOME: undefined, HOOK_LOG: log };
  return { home, config, work, bound, log, bin, env };
}

/** What one step saw. */
interface Step {
  name: string;
  /** How many times the prompts of this step ran `authdeck env`. */
  envRuns: number;
  /** How many times the user's own prompt hook ran, and the exit statuses it saw. */
  userHook: string[];
  token: string;
  prompt: string;
  exported: string;
}

/** Reads the log: ENV lines (the wrapper), USER lines (the user's hook), STEP lines (the script). */
function steps(log: string): Step[] {
  const out: Step[] = [];
  let envRuns = 0;
  let userHook: string[] = [];
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (line === 'ENV') envRuns++;
    else if (line.startsWith('USER')) userHook.push(line.slice(5));
    else if (line.startsWith('STEP ')) {
      const [name, token, prompt, exported] = line.slice(5).split('|') as [string, string, string, string];
      out.push({ name, envRuns, userHook, token, prompt, exported });
      envRuns = 0;
      userHook = [];
    }
  }
  return out;
}

/**
 * The steps, in a tiny language each shell's prelude defines: `p` runs the prompt's hooks, `st NAME` records.
 * `false; p` checks the hook hands the previous exit status on (bash: PROMPT_COMMAND's later entries see it).
 */
const STEPS = (
  w: ReturnType<typeof world>,
  set: (name: string, value: string) => string,
  setLocal: (name: string, value: string) => string,
) => `
cd "${w.work}"
p; st first
p; p; p; st steady
authdeck -q use curvenote/b; p; st use
p; p; st steady-after-use
cd "${w.bound}"; authdeck -q use curvenote/c --dir; p; st use-dir
p; st steady-in-bound
cd "${w.work}"; p; st leave-bound
cd "${w.bound}/sub"; p; st cd-into-bound
${set('AUTHDECK_ACCOUNT', 'curvenote/a')}; p; st account
${set('CURVENOTE_TOKEN', MINE)}; p; st user-var
authdeck -q use curvenote/b; p; st user-var-after-use
p; p; st steady-user-var
${setLocal('__authdeck_until', '1000')}; p; st deadline-passed
p; st steady-after-deadline
false; p; st status
`;

const PRELUDE: Record<Shell, (w: ReturnType<typeof world>) => string> = {
  bash: () => `
PROMPT_COMMAND='echo "USER $?" >> "$HOOK_LOG"'
eval "$(authdeck hook bash)"
p() { for c in "\${PROMPT_COMMAND[@]}"; do eval "$c"; done; }
st() { echo "STEP $1|\${CURVENOTE_TOKEN-}|\${AUTHDECK_PROMPT-}|\${AUTHDECK_EXPORTED-}" >> "$HOOK_LOG"; }
`,
  zsh: () => `
user_hook() { echo "USER $?" >> "$HOOK_LOG"; }
precmd_functions=(user_hook)
eval "$(authdeck hook zsh)"
p() { for f in $precmd_functions; do $f; done; }
st() { echo "STEP $1|\${CURVENOTE_TOKEN-}|\${AUTHDECK_PROMPT-}|\${AUTHDECK_EXPORTED-}" >> "$HOOK_LOG"; }
`,
  fish: () => `
function user_hook --on-event fish_prompt; echo "USER $status" >> "$HOOK_LOG"; end
authdeck hook fish | source
function p; emit fish_prompt; end
function st; echo "STEP $argv[1]|$CURVENOTE_TOKEN|$AUTHDECK_PROMPT|$AUTHDECK_EXPORTED" >> "$HOOK_LOG"; end
`,
};

const ARGS: Record<Shell, string[]> = { bash: ['--norc', '--noprofile'], zsh: ['-f'], fish: ['--no-config'] };

/** Runs the steps in one real shell process and returns what each saw. */
async function runIn(shell: Shell): Promise<{ steps: Step[]; stderr: string; status: number | null }> {
  const w = world();
  const fish = shell === 'fish';
  const script =
    PRELUDE[shell](w) +
    STEPS(
      w,
      (n, v) => (fish ? `set -gx ${n} '${v}'` : `export ${n}='${v}'`),
      (n, v) => (fish ? `set -g ${n} '${v}'` : `${n}='${v}'`),
    );
  writeFileSync(join(w.home, `script.${shell}`), script);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: `${w.bin}:${process.env.PATH}` };
  for (const name of Object.keys(env)) {
    if (/^(CURVENOTE_|ETM_|NUCLIA_|AC_|PLATFORMSH_|UPSUN_|AUTHDECK_)/.test(name)) delete env[name];
  }
  delete env.XDG_CONFIG_HOME;
  Object.assign(env, { HOME: w.home, AUTHDECK_CONFIG_DIR: w.config, HOOK_LOG: w.log });
  const child = spawn(shell, [...ARGS[shell], join(w.home, `script.${shell}`)], { env, cwd: w.work });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdout.resume();
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { steps: steps(w.log), stderr, status };
}

const SHELLS = ['bash', 'zsh', 'fish'] as const;
const skipped = Object.fromEntries(SHELLS.map((shell) => [shell, missing(shell)]));
/** The three shells run at once: each is mostly waiting for its authdeck processes. */
let runs: Partial<Record<Shell, Awaited<ReturnType<typeof runIn>>>>;
beforeAll(async () => {
  const ran = await Promise.all(SHELLS.map(async (shell) => [shell, skipped[shell] ? null : await runIn(shell)]));
  runs = Object.fromEntries(ran.filter(([, r]) => r));
});

describe.each(SHELLS)('authdeck hook %s', (shell) => {
  const skip = skipped[shell] ?? null;
  it.skipIf(skip !== null)(
    `follows use, use --dir, cd and AUTHDECK_ACCOUNT at the very next prompt, and runs nothing otherwise${skip ? ` (skipped: ${skip})` : ''}`,
    () => {
      const { steps: seen, stderr, status } = runs[shell]!;
      expect(status, stderr).toBe(0);
      const at = (name: string) => {
        const step = seen.find((s) => s.name === name);
        if (!step) throw new Error(`no step ${name}; log: ${JSON.stringify(seen)}; stderr: ${stderr}`);
        return step;
      };
      const expectStep = (name: string, envRuns: number, token: string, prompt: string) => {
        const s = at(name);
        expect({ name, envRuns: s.envRuns, token: s.token, prompt: s.prompt }).toEqual({
          name,
          envRuns,
          token,
          prompt,
        });
      };
      expectStep('first', 1, CN_A, 'curvenote:a etm:e');
      expect(at('first').exported).toBe('CURVENOTE_TOKEN,ETM_API_TOKEN');
      // Steady state: the prompts ran no authdeck at all.
      expectStep('steady', 0, CN_A, 'curvenote:a etm:e');
      expectStep('use', 1, CN_B, 'curvenote:b etm:e');
      expectStep('steady-after-use', 0, CN_B, 'curvenote:b etm:e');
      expectStep('use-dir', 1, CN_C, 'curvenote:c etm:e');
      expectStep('steady-in-bound', 0, CN_C, 'curvenote:c etm:e');
      expectStep('leave-bound', 1, CN_B, 'curvenote:b etm:e');
      expectStep('cd-into-bound', 1, CN_C, 'curvenote:c etm:e');
      expectStep('account', 1, CN_A, 'curvenote:a etm:e');
      // A variable the user set is theirs: never overwritten, not listed as authdeck's, named in the prompt.
      expectStep('user-var', 1, MINE, 'curvenote:env:CURVENOTE_TOKEN etm:e');
      expect(at('user-var').exported).toBe('ETM_API_TOKEN');
      expectStep('user-var-after-use', 1, MINE, 'curvenote:env:CURVENOTE_TOKEN etm:e');
      expectStep('steady-user-var', 0, MINE, 'curvenote:env:CURVENOTE_TOKEN etm:e');
      // A session token's deadline passed: the next prompt runs env, and (nothing expiring now) the next does not.
      expectStep('deadline-passed', 1, MINE, 'curvenote:env:CURVENOTE_TOKEN etm:e');
      expectStep('steady-after-deadline', 0, MINE, 'curvenote:env:CURVENOTE_TOKEN etm:e');
      // The user's own prompt hook still runs at every prompt, after ours.
      expect(at('steady').userHook).toHaveLength(3);
      if (shell === 'bash') expect(at('status').userHook).toEqual(['1']);
      expect(stderr).not.toContain(CN_A);
    },
  );
});

describe('authdeck hook: start-up', () => {
  it('neither `hook` nor `env --hook` loads Ink or React', () => {
    // A module-load hook records every file the process loads; Ink's and React's code is in the chunk that has
    // React's element symbol and Ink's useInput.
    const dir = tempDir('authdeck-hook-loads-');
    const probe = join(dir, 'probe.mjs');
    const hook = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(process.env.LOAD_LOG, url + '\\n'); return next(url, context); }`;
    writeFileSync(
      probe,
      `import { register } from 'node:module';\nregister('data:text/javascript,' + ${JSON.stringify(encodeURIComponent(hook))});\n`,
    );
    const dist = fileURLToPath(new URL('../../dist/chunks/', import.meta.url));
    const isUi = (file: string) => /react\.transitional\.element/.test(readFileSync(file, 'utf8'));
    expect(readdirSync(dist).some((f) => isUi(join(dist, f)))).toBe(true);
    for (const args of [
      ['hook', 'bash'],
      ['env', '--hook', 'new'],
    ]) {
      const log = join(dir, `${args[0]}.log`);
      const r = spawnSync(process.execPath, ['--import', probe, BIN, ...args], {
        env: { ...cleanEnv({ AUTHDECK_CONFIG_DIR: join(dir, 'config') }), LOAD_LOG: log },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const loaded = readFileSync(log, 'utf8')
        .split('\n')
        .filter((u) => u.startsWith('file:'))
        .map((u) => fileURLToPath(u));
      expect(loaded.some((f) => f.includes(`${sep}chunks${sep}`))).toBe(true);
      expect(loaded.filter(isUi), args.join(' ')).toEqual([]);
    }
  });
});

describe('authdeck hook: input', () => {
  it('a bad shell, provider or prompt format is exit 2; the hook names the providers and format it was given', () => {
    expect(authdeck(['hook', 'tcsh']).status).toBe(2);
    const provider = authdeck(['hook', 'bash', 'nosuch']);
    expect(provider.status).toBe(2);
    expect(provider.stderr).toContain('unknown provider "nosuch"');
    const format = authdeck(['hook', 'zsh', '--prompt-format', '{provider}:{nope}']);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('unknown placeholder {nope}');
    const ok = authdeck(['hook', 'fish', 'curvenote', 'etm', '--prompt-format', "[{provider}'s {label}]"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(
      "command authdeck -q env --format fish --hook $__authdeck_id --prompt-format '[{provider}\\'s {label}]' curvenote etm",
    );
    expect(authdeck(['env', '--hook', 'x', '--format', 'json']).status).toBe(2);
  });

  it('env --prompt-format exports AUTHDECK_PROMPT in that format, and unsets it when nothing is in effect', () => {
    const w = world();
    const r = authdeck(['env', '--prompt-format', '{provider}/{kind}={label}({source})'], { env: w.env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`export AUTHDECK_PROMPT='curvenote/user=a(store) etm/user=e(store)'`);
    const none = authdeck(['env', 'nuclia', '--prompt-format', '{label}'], {
      env: { ...w.env, AUTHDECK_PROMPT: 'stale' },
    });
    expect(none.stdout).toContain('unset AUTHDECK_PROMPT');
  });

  it('env --hook says when to run again: a minute before a JWT it exported expires; nothing when none does', () => {
    const w = world();
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const jwt = fakeJwt({ sub: 'bot', exp });
    const added = authdeck(
      ['add', 'bearer', '--label', 'jwt', '--no-check', '--endpoint', 'whoami=https://api.example.com/me'],
      {
        input: jwt,
        env: w.env,
      },
    );
    expect(added.status, added.stderr).toBe(0);
    const withJwt = authdeck(['env', '--hook', 'new'], { env: w.env });
    expect(withJwt.stdout).toContain(`__authdeck_until='${exp - 60}'`);
    const without = authdeck(['env', 'curvenote', '--hook', 'new', '--format', 'fish'], { env: w.env });
    expect(without.stdout).toContain(`set -g __authdeck_until ''`);
  });

  it('the stamp carries the config mtime as read (a later write is newer); a write within a tick of the read is looked at again', () => {
    const w = world();
    const configFile = join(w.config, 'config.json');
    const mtimeNs = (file: string) => statSync(file, { bigint: true }).mtimeNs;
    const stampOf = (stdout: string) => /__authdeck_stamp='([^']+)'/.exec(stdout)?.[1] ?? '';
    const newer = (a: string, b: string) => spawnSync('bash', ['-c', '[[ $0 -nt $1 ]]', a, b]).status === 0;
    // Old enough that the read is not within a clock tick of the write.
    utimesSync(configFile, new Date('2026-01-01T00:00:00.123Z'), new Date('2026-01-01T00:00:00.123Z'));
    const r = authdeck(['env', '--hook', 'new'], { env: w.env });
    expect(r.status, r.stderr).toBe(0);
    const stamp = stampOf(r.stdout);
    expect(stamp).toMatch(/[/\\]hook[/\\][0-9a-f]{16}$/);
    const drift = mtimeNs(stamp) - mtimeNs(configFile);
    expect(drift >= 0n && drift < 10_000n, `stamp - config = ${drift} ns`).toBe(true);
    expect(newer(configFile, stamp)).toBe(false);
    expect(authdeck(['use', 'curvenote/b'], { env: w.env }).status).toBe(0);
    expect(newer(configFile, stamp)).toBe(true);
    // The same shell id keeps its stamp; a config written "just now" (here: in the future) leaves it at epoch 0.
    const id = /__authdeck_id='([0-9a-f]+)'/.exec(r.stdout)?.[1] ?? '';
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(configFile, future, future);
    const again = authdeck(['env', '--hook', id], { env: w.env });
    expect(stampOf(again.stdout)).toBe(stamp);
    expect(mtimeNs(stamp)).toBe(0n);
    expect(newer(configFile, stamp)).toBe(true);
  });
});
