/**
 * `authdeck completion` through the built binary: the scripts are valid for their shells, and a real bash
 * completes commands and account references by asking `authdeck __complete`.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authdeck, BIN, type CliOptions, cleanEnv } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';

let dir: string;
let binDir: string;

beforeAll(() => {
  binDir = tempDir('authdeck-bin-');
  writeFileSync(join(binDir, 'authdeck'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(binDir, 'authdeck'), 0o755);
});
beforeEach(() => {
  dir = join(tempDir(), 'config');
});

const run = (args: string[], options: CliOptions = {}) =>
  authdeck(args, { ...options, env: { AUTHDECK_CONFIG_DIR: dir, ...options.env } });
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** Sources the bash script and runs its completion function on the given words (the last under the cursor). */
function bashComplete(words: string[]): string[] {
  const script = run(['completion', 'bash']).stdout;
  const quoted = words.map((w) => `'${w.replaceAll("'", `'\\''`)}'`).join(' ');
  const r = spawnSync(
    'bash',
    [
      '--norc',
      '--noprofile',
      '-c',
      `${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _authdeck_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { env: cleanEnv({ AUTHDECK_CONFIG_DIR: dir, PATH: `${binDir}:${process.env.PATH}` }), encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('completion scripts', () => {
  it('bash: syntactically valid', () => {
    const script = run(['completion', 'bash']);
    expect(script.status).toBe(0);
    expect(spawnSync('bash', ['-n'], { input: script.stdout }).status).toBe(0);
  });

  it.runIf(has('zsh'))('zsh: syntactically valid', () => {
    expect(spawnSync('zsh', ['-n'], { input: run(['completion', 'zsh']).stdout }).status).toBe(0);
  });

  it.runIf(has('fish'))('fish: syntactically valid', () => {
    const file = join(tempDir(), 'authdeck.fish');
    writeFileSync(file, run(['completion', 'fish']).stdout);
    expect(spawnSync('fish', ['--no-execute', file], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });

  it('an unknown shell is a usage error', () => {
    expect(run(['completion', 'tcsh']).status).toBe(2);
  });

  it('bash completes commands, providers, option values and account references', () => {
    expect(run(['add', 'curvenote', '--label', 'work', '--no-check'], { input: 'tok-0123456789abcdef' }).status).toBe(
      0,
    );
    expect(
      run(
        ['add', 'nuclia', '--kind', 'kb', '--label', 'docs', '--no-check', '--url', 'https://e.example/api/v1/kb/k'],
        {
          input: 'key-0123456789abcdef',
        },
      ).status,
    ).toBe(0);
    expect(bashComplete(['authdeck', 'ex'])).toEqual(['exec', 'explain']);
    expect(bashComplete(['authdeck', 'use', ''])).toEqual(['work', 'docs']);
    expect(bashComplete(['authdeck', 'env', 'nu'])).toEqual(['nuclia']);
    expect(bashComplete(['authdeck', 'env', '--format', 'j'])).toEqual(['json']);
    expect(bashComplete(['authdeck', 'env', '--format', '=', 'p'])).toEqual(['powershell']);
    expect(bashComplete(['authdeck', 'import', ''])).toEqual(['curvenote', 'nuclia', 'platformsh', 'upsun']);
    expect(bashComplete(['authdeck', 'exec', '--account', 'w'])).toEqual(['work']);
    expect(bashComplete(['authdeck', '__comp'])).toEqual([]);
  });

  it('__complete speaks the protocol and never fails loudly', () => {
    const r = run(['__complete', '--', 'completion', '']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toBe(':words\nbash\nzsh\nfish\n');
    expect(run(['__complete', '--', 'unbind', '']).stdout).toBe(':dirs\n');
    expect(run(['__complete', '--', 'exec', '--', 'gi']).stdout).toBe(':exec 2\n');
    // A store that is not JSON: no candidates, no noise.
    run(['add', 'etm', '--label', 'x', '--no-check'], { input: 'etm_0123456789abcdef' });
    writeFileSync(join(dir, 'config.json'), '{broken');
    expect(run(['__complete', '--', 'use', ''])).toMatchObject({ status: 0, stdout: ':words\n', stderr: '' });
  });
});
