import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  childEnvironment,
  planExport,
  quoteDotenv,
  quoteFish,
  quotePowerShell,
  quoteSh,
  renderEnv,
} from '../../src/core/env-export.js';

/** Values a bearer token or URL could hold that shells would mangle if quoted wrongly. */
const NASTY = [
  `plain-token_123`,
  `it's`,
  `a"b`,
  `$HOME`,
  `$(touch /tmp/authdeck-pwned)`,
  '`id`',
  `back\\slash\\`,
  `with space`,
  `'`,
  `''`,
  `!bang`,
  `semi;colon&amp|pipe`,
  `glob*?[a]`,
  `€uro‘quote’`,
  `#hash`,
  `trailing\\`,
];

const SHELLS = ['sh', 'bash', 'dash'].filter((s) => existsSync(`/bin/${s}`) || existsSync(`/usr/bin/${s}`));

describe('quoting for each shell', () => {
  it.each(SHELLS)('%s reads every value back unchanged after eval', (shell) => {
    const set = NASTY.map((value, i) => [`AUTHDECK_TEST_${i}`, value] as [string, string]);
    const script = `eval "$(cat)"; ${set.map(([name]) => `printf '%s\\0' "$${name}"`).join('; ')}`;
    const args = shell === 'bash' ? ['--norc', '--noprofile', '-c', script] : ['-c', script];
    const out = execFileSync(shell, args, {
      input: renderEnv({ set, unset: [] }, 'sh'),
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(out.split('\0').slice(0, -1)).toEqual(NASTY);
  });

  it('sh: single quotes, a quote closed, escaped and reopened', () => {
    expect(quoteSh(`it's`)).toBe(`'it'\\''s'`);
    expect(quoteSh('$x')).toBe(`'$x'`);
  });

  it('fish: only backslash and quote are escaped inside single quotes', () => {
    expect(quoteFish(`it's`)).toBe(`'it\\'s'`);
    expect(quoteFish(`a\\b`)).toBe(`'a\\\\b'`);
    expect(quoteFish('$x (y)')).toBe(`'$x (y)'`);
  });

  it('powershell: quotes doubled, typographic single quotes included', () => {
    expect(quotePowerShell(`it's`)).toBe(`'it''s'`);
    expect(quotePowerShell('a‘b’c')).toBe(`'a‘‘b’’c'`);
    expect(quotePowerShell('$env:X `n')).toBe(`'$env:X \`n'`);
  });

  it('dotenv: bare when plain, else a quoting every reader takes literally (test/security/dotenv-readers)', () => {
    expect(quoteDotenv('eyJhbGciOi.J9.x-y_z')).toBe('eyJhbGciOi.J9.x-y_z');
    expect(quoteDotenv('https://x.example/api/v1/kb/abc')).toBe('https://x.example/api/v1/kb/abc');
    expect(quoteDotenv('a$b')).toBe(`'a$b'`);
    expect(quoteDotenv('#x')).toBe(`'#x'`);
    expect(quoteDotenv('a\\b #c')).toBe(`'a\\b #c'`);
    expect(quoteDotenv(`it's`)).toBe(`"it's"`);
    // python-dotenv keeps backticks as part of the value: never used as quotes.
    expect(quoteDotenv(`it's $x`)).toBe(`"it's $x"`);
    expect(quoteDotenv('a\'`$"\\')).toBe('a\'`$"\\');
    expect(() => quoteDotenv(`'"# x`)).toThrow(/cannot agree/);
    expect(() => quoteDotenv('a\u0024{HOME}b')).toThrow(/python-dotenv would expand it/);
    expect(() => quoteDotenv('a\nb')).toThrow(/line break/);
    expect(() => quoteDotenv('a\u0000b')).toThrow(/control character/);
  });

  it('no text format carries a control character or line break; json does', () => {
    const plan = { set: [['AC_ACCESS_TOKEN', 'tok\u0000en'] as [string, string]], unset: [] };
    for (const format of ['sh', 'fish', 'powershell', 'dotenv'] as const) {
      expect(() => renderEnv(plan, format), format).toThrow(/AC_ACCESS_TOKEN holds a line break or control character/);
    }
    expect(JSON.parse(renderEnv(plan, 'json'))).toEqual({ AC_ACCESS_TOKEN: 'tok\u0000en' });
  });

  it('json: one object of name → value', () => {
    const out = renderEnv(
      {
        set: [
          ['A', `x"y`],
          ['AUTHDECK_EXPORTED', 'A'],
        ],
        unset: ['B'],
      },
      'json',
    );
    expect(JSON.parse(out)).toEqual({ A: 'x"y', AUTHDECK_EXPORTED: 'A' });
  });

  it('every format sets, and the shells unset stale names', () => {
    const plan = { set: [['CURVENOTE_TOKEN', 'tok'] as [string, string]], unset: ['ETM_API_TOKEN'] };
    expect(renderEnv(plan, 'sh')).toBe("unset ETM_API_TOKEN\nexport CURVENOTE_TOKEN='tok'\n");
    expect(renderEnv(plan, 'fish')).toBe("set -e ETM_API_TOKEN\nset -gx CURVENOTE_TOKEN 'tok'\n");
    expect(renderEnv(plan, 'powershell')).toBe(
      "Remove-Item Env:ETM_API_TOKEN -ErrorAction SilentlyContinue\n$env:CURVENOTE_TOKEN = 'tok'\n",
    );
    expect(renderEnv(plan, 'dotenv')).toBe('CURVENOTE_TOKEN=tok\n');
    expect(renderEnv({ set: [], unset: [] }, 'sh')).toBe('');
  });

  it('refuses a variable name that is not an identifier (a provider bug must not become shell code)', () => {
    expect(() => renderEnv({ set: [['A;rm', 'x']], unset: [] }, 'sh')).toThrow(/invalid environment variable name/);
  });
});

describe('AUTHDECK_EXPORTED bookkeeping', () => {
  const scope = new Set(['CURVENOTE_TOKEN', 'ETM_API_TOKEN', 'NUCLIA_TOKEN']);

  it('lists the names it sets', () => {
    const plan = planExport({ vars: { CURVENOTE_TOKEN: 'a', ETM_API_TOKEN: 'b' }, scope, env: {} });
    expect(plan.set).toEqual([
      ['CURVENOTE_TOKEN', 'a'],
      ['ETM_API_TOKEN', 'b'],
      ['AUTHDECK_EXPORTED', 'CURVENOTE_TOKEN,ETM_API_TOKEN'],
    ]);
    expect(plan.unset).toEqual([]);
  });

  it('takes back what it exported before and no longer sets (leaving a bound directory)', () => {
    const env = { CURVENOTE_TOKEN: 'old', ETM_API_TOKEN: 'old', AUTHDECK_EXPORTED: 'CURVENOTE_TOKEN,ETM_API_TOKEN' };
    const plan = planExport({ vars: { CURVENOTE_TOKEN: 'new' }, scope, env });
    expect(plan.unset).toEqual(['ETM_API_TOKEN']);
    expect(plan.set.at(-1)).toEqual(['AUTHDECK_EXPORTED', 'CURVENOTE_TOKEN']);
  });

  it('unsets AUTHDECK_EXPORTED itself when nothing is left', () => {
    const env = { ETM_API_TOKEN: 'old', AUTHDECK_EXPORTED: 'ETM_API_TOKEN' };
    expect(planExport({ vars: {}, scope, env })).toEqual({ set: [], unset: ['ETM_API_TOKEN', 'AUTHDECK_EXPORTED'] });
    expect(planExport({ vars: {}, scope, env: {} })).toEqual({ set: [], unset: [] });
  });

  it('keeps earlier exports of providers out of scope (`env etm` after `env`)', () => {
    const env = { CURVENOTE_TOKEN: 'c', ETM_API_TOKEN: 'e', AUTHDECK_EXPORTED: 'CURVENOTE_TOKEN,ETM_API_TOKEN' };
    const plan = planExport({ vars: { ETM_API_TOKEN: 'e2' }, scope: new Set(['ETM_API_TOKEN']), env });
    expect(plan.unset).toEqual([]);
    expect(plan.set.at(-1)).toEqual(['AUTHDECK_EXPORTED', 'CURVENOTE_TOKEN,ETM_API_TOKEN']);
  });

  it("never touches a user's own variable (not listed)", () => {
    const env = { CURVENOTE_TOKEN: 'mine' };
    const plan = planExport({ vars: { ETM_API_TOKEN: 'e' }, scope, env });
    expect(plan.unset).toEqual([]);
    expect(plan.set.map(([n]) => n)).not.toContain('CURVENOTE_TOKEN');
  });

  it("exec's child: stale exports removed, the new ones pinned as the child's own", () => {
    const env = {
      PATH: '/bin',
      ETM_API_TOKEN: 'stale',
      NUCLIA_TOKEN: 'n',
      AUTHDECK_EXPORTED: 'ETM_API_TOKEN,OTHER_VAR',
    };
    const child = childEnvironment({ vars: { CURVENOTE_TOKEN: 'c' }, scope, env: { ...env, OTHER_VAR: 'o' } });
    expect(child.ETM_API_TOKEN).toBeUndefined();
    expect(child.CURVENOTE_TOKEN).toBe('c');
    expect(child.NUCLIA_TOKEN).toBe('n');
    expect(child.AUTHDECK_EXPORTED).toBe('OTHER_VAR');
    expect(child.PATH).toBe('/bin');
    expect(
      childEnvironment({ vars: { CURVENOTE_TOKEN: 'c' }, scope, env: { AUTHDECK_EXPORTED: 'CURVENOTE_TOKEN' } }),
    ).toEqual({
      CURVENOTE_TOKEN: 'c',
    });
  });
});
