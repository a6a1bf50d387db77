/**
 * The shell hook in a hostile shell: `set -e` / zsh's ERR_EXIT and NOUNSET, the user's own INT trap, a shell without
 * EPOCHSECONDS (macOS's bash 3.2), a PROMPT_COMMAND array, KSH_ARRAYS, an rc file read twice, a user's own `date`
 * function in fish, and AUTHDECK_PROMPT in a prompt that the shell expands a second time; and the steady prompt
 * traced for any process it starts. Real bash, zsh and fish; a counting `authdeck` on PATH says which prompt ran
 * `env`.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { authdeck, authdeckOnPath } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';

const CN = 'cn-token-a-0123456789abcdef';
const MINE = 'my-own-curvenote-token-0123';

type Shell = 'bash' | 'zsh' | 'fish';
const installed = (shell: Shell) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

let root: string;
let bin: string;
/** A working config with curvenote/a active. */
let good: string;
/** A config file that is not JSON: `env` fails on it (exit 1, the error on stderr). */
let broken: string;
const hookFile: Partial<Record<Shell, string>> = {};

beforeAll(() => {
  root = tempDir('authdeck-hook-hostile-');
  const real = authdeckOnPath();
  bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'authdeck'),
    `#!/bin/sh\ncase " $* " in *" env "*) echo ENV >> "$HOOK_LOG";; esac\nexec "${join(real, 'authdeck')}" "$@"\n`,
  );
  chmodSync(join(bin, 'authdeck'), 0o755);
  good = join(root, 'good');
  const r = authdeck(['import', '--file', '-'], {
    input: JSON.stringify([{ provider: 'curvenote', label: 'a', secret: CN }]),
    env: { AUTHDECK_CONFIG_DIR: good },
  });
  expect(r.status, r.stderr).toBe(0);
  broken = join(root, 'broken');
  mkdirSync(broken, { mode: 0o700 });
  writeFileSync(join(broken, 'config.json'), '{not json', { mode: 0o600 });
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    const hook = authdeck(['hook', shell]);
    expect(hook.status, hook.stderr).toBe(0);
    hookFile[shell] = join(root, `hook.${shell}`);
    writeFileSync(hookFile[shell]!, hook.stdout);
  }
});

/** Runs `script` in a real shell; its log has ENV for each `env` run and whatever the script adds. */
function run(shell: Shell, script: string, env: Record<string, string> = {}) {
  const log = join(tempDir(`authdeck-hook-log-${shell}-`), 'log');
  writeFileSync(log, '');
  const file = join(root, `script-${Math.random().toString(36).slice(2)}.${shell}`);
  writeFileSync(file, script);
  const clean: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: root, HOOK_LOG: log, NO_COLOR: '1' };
  const args = { bash: ['--norc', '--noprofile'], zsh: ['-f'], fish: ['--no-config'] }[shell];
  const r = spawnSync(shell, [...args, file], {
    env: { ...clean, ...env },
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ...r, log: readFileSync(log, 'utf8') };
}

describe.each(['bash', 'zsh'] as const)('authdeck hook in a hostile %s', (shell) => {
  it.skipIf(!installed(shell))('a failing env under set -e / ERR_EXIT and NOUNSET leaves the shell running', () => {
    const strict = shell === 'bash' ? 'set -euo pipefail' : 'setopt err_exit nounset';
    const r = run(
      shell,
      `${strict}
. "${hookFile[shell]}"
export AUTHDECK_CONFIG_DIR="${broken}"
_authdeck_hook
echo "survived $?" >> "$HOOK_LOG"
export AUTHDECK_CONFIG_DIR="${good}"
_authdeck_hook
echo "token: $CURVENOTE_TOKEN" >> "$HOOK_LOG"
`,
    );
    expect(r.stderr).toContain('is not valid JSON');
    expect(r.log.split('\n').filter(Boolean)).toEqual(['ENV', 'survived 0', 'ENV', `token: ${CN}`]);
    expect(r.status, r.stderr).toBe(0);
  });

  it.skipIf(!installed(shell))("the user's INT trap is still set after the hook ran env", () => {
    // Listed straight into the log: a subshell would not see the shell's traps.
    const traps = shell === 'bash' ? 'trap -p INT' : 'trap';
    const r = run(
      shell,
      `trap 'echo user-trap' INT
. "${hookFile[shell]}"
export AUTHDECK_CONFIG_DIR="${good}"
_authdeck_hook
printf 'trap: ' >> "$HOOK_LOG"; ${traps} >> "$HOOK_LOG"
echo "token: $CURVENOTE_TOKEN" >> "$HOOK_LOG"
`,
    );
    expect(r.log.split('\n').filter(Boolean)).toEqual([
      'ENV',
      expect.stringMatching(/^trap: trap -- 'echo user-trap' (SIG)?INT$/),
      `token: ${CN}`,
    ]);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe.each(['bash', 'zsh'] as const)('authdeck hook in a %s without EPOCHSECONDS', (shell) => {
  it.skipIf(!installed(shell))('still runs env once a deadline has passed (asking date), and not before', () => {
    const noClock = shell === 'bash' ? 'unset EPOCHSECONDS' : 'zmodload -u zsh/datetime';
    const r = run(
      shell,
      `. "${hookFile[shell]}"
export AUTHDECK_CONFIG_DIR="${good}"
_authdeck_hook; echo first >> "$HOOK_LOG"
${noClock}
_authdeck_hook; echo steady >> "$HOOK_LOG"
__authdeck_until=$(( $(date +%s) + 3600 ))
_authdeck_hook; echo before-deadline >> "$HOOK_LOG"
__authdeck_until=1000
_authdeck_hook; echo deadline-passed >> "$HOOK_LOG"
`,
    );
    expect(r.log.split('\n').filter(Boolean)).toEqual([
      'ENV',
      'first',
      'steady',
      'before-deadline',
      'ENV',
      'deadline-passed',
    ]);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe.each(['bash', 'zsh'] as const)('AUTHDECK_PROMPT in a %s prompt expanded a second time', (shell) => {
  it.skipIf(!installed(shell))('neither prints the token of a variable the user set nor runs a label', () => {
    // A hand-edited config: labels are not checked on load.
    const odd = join(tempDir('authdeck-hook-odd-'), 'config');
    cpSync(good, odd, { recursive: true });
    const file = join(odd, 'config.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.accounts[0].label = 'a$(touch pwned)`touch pwned`';
    writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
    // The prompt as a user builds it at each prompt: "…$AUTHDECK_PROMPT…" is expanded again when shown
    // (bash's PS1 by promptvars, here through \${p@P}; zsh's by PROMPT_SUBST, here through print -P).
    const show =
      shell === 'bash'
        ? `p="[$AUTHDECK_PROMPT]"; printf '%s\\n' "\${p@P}" >> "$HOOK_LOG"`
        : `setopt prompt_subst; PROMPT="[$AUTHDECK_PROMPT]"; print -rP -- "$PROMPT" >> "$HOOK_LOG"`;
    const r = run(
      shell,
      `. "${hookFile[shell]}"
export AUTHDECK_CONFIG_DIR="${odd}"
_authdeck_hook; ${show}
export CURVENOTE_TOKEN=${MINE}
_authdeck_hook; ${show}
`,
    );
    expect(r.log.split('\n').filter(Boolean)).toEqual([
      'ENV',
      '[curvenote:a??touch?pwned??touch?pwned?]',
      'ENV',
      '[curvenote:env:CURVENOTE_TOKEN]',
    ]);
    expect(existsSync(join(root, 'pwned'))).toBe(false);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe.each(['bash', 'zsh', 'fish'] as const)('authdeck hook in %s with a hostile HOME and config dir', (shell) => {
  it.skipIf(!installed(shell))(
    'quotes every path it hands back: nothing in them runs, and the next prompt is steady',
    () => {
      const home = join(tempDir('authdeck-hook-paths-'), 'h $(touch pwned) `touch pwned` \'q\' "d" *?[ \\\nnl');
      const config = join(home, "cfg $(touch pwned)'*");
      mkdirSync(home, { recursive: true });
      cpSync(good, config, { recursive: true });
      const strict = {
        bash: 'set -euo pipefail; shopt -s failglob nullglob',
        zsh: 'setopt err_exit nounset',
        fish: '',
      }[shell];
      const source = shell === 'fish' ? 'source' : '.';
      const p = shell === 'fish' ? 'emit fish_prompt' : '_authdeck_hook';
      const r = run(
        shell,
        `${strict}
${source} "${hookFile[shell]}"
cd "$HOME"
${p}; echo "token: $CURVENOTE_TOKEN" >> "$HOOK_LOG"
${p}; ${p}; echo steady >> "$HOOK_LOG"
`,
        { HOME: home, AUTHDECK_CONFIG_DIR: config },
      );
      expect(r.log.split('\n').filter(Boolean)).toEqual(['ENV', `token: ${CN}`, 'steady']);
      expect(
        existsSync(join(home, 'pwned')) || existsSync(join(root, 'pwned')) || existsSync(join(config, 'pwned')),
      ).toBe(false);
      expect(r.status, r.stderr).toBe(0);
    },
  );
});

const traced = spawnSync('strace', ['-V']).status === 0;

describe.each(['bash', 'zsh'] as const)('authdeck hook in %s: the steady prompt', (shell) => {
  it.skipIf(!installed(shell) || !traced)('starts no process at all, with or without a deadline set (strace)', () => {
    const dir = tempDir('authdeck-hook-strace-');
    const trace = join(dir, 'trace');
    const script = join(dir, `steady.${shell}`);
    // Markers written by builtins bracket the steady prompts in the trace.
    writeFileSync(
      script,
      `. "${hookFile[shell]}"
export AUTHDECK_CONFIG_DIR="${good}"
_authdeck_hook
echo MARK-START >&2
_authdeck_hook; _authdeck_hook
__authdeck_until=$(( \${EPOCHSECONDS:-0} + 3600 ))
_authdeck_hook; _authdeck_hook
echo MARK-END >&2
`,
    );
    const r = spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '-e',
        'trace=clone,clone3,fork,vfork,execve,write',
        '-o',
        trace,
        shell,
        ...(shell === 'bash' ? ['--norc', '--noprofile'] : ['-f']),
        script,
      ],
      {
        env: { PATH: `${bin}:${process.env.PATH}`, HOME: root, HOOK_LOG: join(dir, 'log') },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(trace, 'utf8').split('\n');
    const start = lines.findIndex((l) => l.includes('MARK-START'));
    const end = lines.findIndex((l) => l.includes('MARK-END'));
    expect(start, 'no start marker').toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    // Before the markers the first prompt did start processes (authdeck env): the trace sees them.
    expect(lines.slice(0, start).some((l) => /\b(clone3?|v?fork)\(/.test(l))).toBe(true);
    expect(lines.slice(start, end).filter((l) => /\b(clone3?|v?fork|execve)\(/.test(l))).toEqual([]);
  });
});

describe('authdeck hook in bash: registration', () => {
  it.skipIf(!installed('bash'))(
    'is added once to PROMPT_COMMAND, an array or a string, however often the rc file runs',
    () => {
      const r = run(
        'bash',
        `set -u
PROMPT_COMMAND=('echo one' 'echo two')
. "${hookFile.bash}"; . "${hookFile.bash}"
declare -p PROMPT_COMMAND >> "$HOOK_LOG"
unset PROMPT_COMMAND; PROMPT_COMMAND='echo one'
. "${hookFile.bash}"; . "${hookFile.bash}"
declare -p PROMPT_COMMAND >> "$HOOK_LOG"
`,
      );
      expect(r.log.split('\n').filter(Boolean)).toEqual([
        'declare -a PROMPT_COMMAND=([0]="_authdeck_hook" [1]="echo one" [2]="echo two")',
        'declare -- PROMPT_COMMAND="_authdeck_hook;echo one"',
      ]);
      expect(r.status, r.stderr).toBe(0);
    },
  );
});

describe('authdeck hook in zsh: registration', () => {
  it.skipIf(!installed('zsh'))(
    "is added once, first, and keeps every hook of the user's, whatever their options",
    () => {
      const r = run(
        'zsh',
        `setopt ksh_arrays nounset sh_word_split
one() { :; }; two() { :; }
precmd_functions=(one two)
. "${hookFile.zsh}"; . "${hookFile.zsh}"
print -r -- "\${precmd_functions[*]}" >> "$HOOK_LOG"
`,
      );
      expect(r.log).toBe('_authdeck_hook one two\n');
      expect(r.status, r.stderr).toBe(0);
    },
  );
});

describe('authdeck hook in fish', () => {
  it.skipIf(!installed('fish'))('asks the real date for the deadline, whatever function the user calls date', () => {
    const r = run(
      'fish',
      `function date; echo 0; end
source "${hookFile.fish}"
set -gx AUTHDECK_CONFIG_DIR "${good}"
emit fish_prompt; echo first >> "$HOOK_LOG"
set -g __authdeck_until 1000
emit fish_prompt; echo deadline-passed >> "$HOOK_LOG"
`,
    );
    expect(r.log.split('\n').filter(Boolean)).toEqual(['ENV', 'first', 'ENV', 'deadline-passed']);
    expect(r.status, r.stderr).toBe(0);
  });
});
