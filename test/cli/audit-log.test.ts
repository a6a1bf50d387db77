/** The audit log through the built binary: one line per command run, 0600, no secret, `authdeck log`. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { authdeck, type CliOptions } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';

let dir: string;
beforeEach(() => {
  dir = join(tempDir(), 'config');
});

const NOT_CI = {
  CI: undefined,
  GITHUB_ACTIONS: undefined,
  GITLAB_CI: undefined,
  BUILDKITE: undefined,
  JENKINS_URL: undefined,
};
const run = (args: string[], options: CliOptions = {}) =>
  authdeck(args, { ...options, env: { AUTHDECK_CONFIG_DIR: dir, ...NOT_CI, ...options.env } });
const SECRET = 'tok-audit-0123456789abcdef';

describe('audit log', () => {
  it('one JSON line per run: command, account ids, providers, outcome, exit code, invoker; never a secret', () => {
    expect(run(['add', 'curvenote', '--label', 'work', '--no-check'], { input: SECRET }).status).toBe(0);
    const id = JSON.parse(run(['list', '--json']).stdout).accounts[0].id;
    expect(run(['secret', 'curvenote/work']).stdout).toBe(`${SECRET}\n`);
    expect(run(['env'], { env: { CI: 'true' } }).status).toBe(0);
    expect(run(['exec', '--', 'sh', '-c', `exit 3; echo ${SECRET}`]).status).toBe(3);
    expect(run(['secret', 'nosuch']).status).toBe(4);
    const file = join(dir, 'audit.log');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.command, l.accounts, l.providers, l.outcome, l.exit, l.invoker])).toEqual([
      ['add', [id], ['curvenote'], 'ok', 0, 'script'],
      ['list', [], [], 'ok', 0, 'script'],
      ['secret', [id], ['curvenote'], 'ok', 0, 'script'],
      ['env', [id], ['curvenote'], 'ok', 0, 'CI'],
      ['exec', [id], ['curvenote'], 'failed', 3, 'script'],
      ['secret', [], [], 'not_found', 4, 'script'],
    ]);
    expect(lines[4].program).toBe('sh');
    for (const line of lines) expect(Date.parse(line.time)).not.toBeNaN();
  });

  it('authdeck log [--json] [--limit N] reads it back, most recent last', () => {
    run(['list']);
    run(['explain', 'etm']);
    run(['secret', 'nosuch']);
    const json = run(['log', '--json', '--limit', '2']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).entries.map((e: { command: string }) => e.command)).toEqual(['explain', 'secret']);
    const human = run(['log']);
    expect(human.stdout).toMatch(/script {2}list/);
    expect(human.stdout).toMatch(/explain +ok \(0\) +etm/);
    expect(human.stdout).toMatch(/secret +not_found \(4\)/);
    expect(run(['log', '--limit', '0']).status).toBe(2);
    expect(run(['log'], { env: { AUTHDECK_CONFIG_DIR: join(tempDir(), 'empty') } }).stderr).toMatch(/empty/);
  });
});
