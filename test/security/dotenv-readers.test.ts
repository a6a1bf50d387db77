/**
 * `env --format dotenv` is read the same by every reader (issue 11 section 8): Debian's python-dotenv and the
 * Node `dotenv` package (its classic and its fast parser) read back exactly the value written — or authdeck
 * refuses the value (exit 2) — for hostile values: quotes, `$`, backticks, backslashes, `#`, spaces, newlines.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteDotenv } from '../../src/core/env-export.js';
import { UserError } from '../../src/core/errors.js';
import { authdeck } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';

/** What Debian's python-dotenv (`/usr/bin/python3`, package python3-dotenv) reads from a file. */
function pythonDotenv(file: string): Record<string, string | null> {
  const r = spawnSync(
    '/usr/bin/python3',
    ['-c', 'import json, sys, dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))', file],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

/** Every reader's view of one dotenv text. */
function readers(text: string): Array<[string, Record<string, string | null>]> {
  const file = join(tempDir(), '.env');
  writeFileSync(file, text);
  return [
    ['python-dotenv', pythonDotenv(file)],
    ['dotenv', parse(text)],
    ['dotenv (fast)', parse(text, { fast: true })],
  ];
}

/** Values people paste and servers send, at their worst. */
const HOSTILE = [
  `it's`,
  `say "hi"`,
  `a'b"c`,
  `a'b"c\\`,
  'back`tick`',
  '$HOME',
  '$(id)',
  '`id`',
  'a\\nb',
  'C:\\dir\\',
  `\\'`,
  'x\\\\y',
  'a #b',
  '#start',
  'end#',
  ' lead',
  'trail ',
  'in side',
  `'quoted'`,
  `"dq"`,
  '=eq',
  'x=y',
  'é€😀',
  '\u00a0nbsp',
  '',
  'tok$1\\2\'3"4`5#6',
];

const CHARS = fc.constantFrom(
  "'",
  '"',
  '`',
  '\\',
  '$',
  '{',
  '}',
  '#',
  ' ',
  '\t',
  '\n',
  '\r',
  '=',
  ':',
  'a',
  'Z',
  '0',
  '.',
  'é',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u0000',
  '\u001b',
);

describe('dotenv output', () => {
  it('hostile values: each reader reads back the original, or authdeck refuses the value with exit 2', () => {
    const generated = fc.sample(fc.string({ unit: CHARS, maxLength: 12 }), { numRuns: 3000, seed: 11 });
    const values = [...new Set([...HOSTILE, ...generated])];
    const written: string[] = [];
    const lines: string[] = [];
    const refused: string[] = [];
    for (const value of values) {
      let quoted: string;
      try {
        quoted = quoteDotenv(value);
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        expect((error as UserError).code).toBe(2);
        refused.push(value);
        continue;
      }
      lines.push(`V${written.length}=${quoted}`);
      written.push(value);
    }
    // Not vacuous: every hand-picked value is written but the one that mixes ', ", a backslash and #.
    expect(HOSTILE.filter((v) => refused.includes(v))).toEqual(['tok$1\\2\'3"4`5#6']);
    expect(written.length).toBeGreaterThan(400);
    for (const [name, got] of readers(`${lines.join('\n')}\n`)) {
      written.forEach((value, i) => {
        expect(got[`V${i}`], `${name} reading ${JSON.stringify(value)} written as ${lines[i]}`).toBe(value);
      });
    }
  });
});

describe('`authdeck env --format dotenv` end to end', () => {
  it.each([`tok'en$x"y\\z`, 'a\\b#c$HOME', 'bt_`id`_#1', `q"-'s'-tok\\`])(
    'a stored secret %j is read back exactly by every reader',
    (secret) => {
      const env = { AUTHDECK_CONFIG_DIR: join(tempDir(), 'config') };
      expect(authdeck(['add', 'bearer', '--no-check'], { input: secret, env }).status).toBe(0);
      const r = authdeck(['env', 'bearer', '--format', 'dotenv'], { env });
      expect(r.status, r.stderr).toBe(0);
      for (const [name, got] of readers(r.stdout)) expect(got.AUTHDECK_BEARER_TOKEN, name).toBe(secret);
    },
  );

  it('a secret no dotenv quoting can carry: exit 2, nothing on stdout', () => {
    const env = { AUTHDECK_CONFIG_DIR: join(tempDir(), 'config') };
    for (const [secret, why] of [
      [`tok'"#\\mix`, 'cannot agree'],
      ['tok\u0024{HOME}en', 'python-dotenv would expand it'],
    ] as const) {
      expect(
        authdeck(['add', 'bearer', '--no-check', '--replace', '--label', 'b'], { input: secret, env }).status,
      ).toBe(0);
      const r = authdeck(['env', 'bearer', '--format', 'dotenv'], { env });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(why);
      expect(r.stderr).not.toContain(secret);
    }
  });
});
