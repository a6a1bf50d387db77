/** Issue 15: the pure parts of secret references and deck entries (argv split once, paths, names). */
import { describe, expect, it } from 'vitest';
import { entryPath, normalisePrefix, slotOfEntry, splitDeckRef } from '../../src/core/deck-entry.js';
import { matchReference } from '../../src/core/references.js';
import { describeSecretRef, parseSecretRef, secretFromOutput, splitArgv } from '../../src/core/secret-ref.js';
import { makeAccount } from '../support/fixtures.js';

describe('splitArgv', () => {
  it('splits on blanks; quotes group; a backslash escapes; nothing is expanded', () => {
    expect(splitArgv(`op read  'op://Work/My Item/token'`)).toEqual(['op', 'read', 'op://Work/My Item/token']);
    expect(splitArgv(`a "b \\"c\\" $HOME" d\\ e ''`)).toEqual(['a', 'b "c" $HOME', 'd e', '']);
    expect(splitArgv(`x'y'"z"`)).toEqual(['xyz']);
    expect(() => splitArgv(`a 'b`)).toThrow(/unclosed single quote/);
    expect(() => splitArgv(`a "b`)).toThrow(/unclosed double quote/);
    expect(() => splitArgv('a \\')).toThrow(/lone backslash/);
  });

  it('what is shown splits back to the same argv', () => {
    for (const argv of [
      ['op', 'read', 'op://a b/c'],
      ['sh', '-c', "echo 'x'; exit 3"],
      ['vault', 'kv', 'get', '-field=token', 'secret/x'],
    ]) {
      const shown = describeSecretRef({ type: 'cmd', argv });
      expect(parseSecretRef(shown)).toEqual({ type: 'cmd', argv });
    }
  });
});

describe('parseSecretRef', () => {
  it('cmd: and pass:, and refuses anything else with exit 2', () => {
    expect(parseSecretRef('cmd:bw get password x')).toEqual({ type: 'cmd', argv: ['bw', 'get', 'password', 'x'] });
    expect(parseSecretRef('pass:/work/x/')).toEqual({ type: 'pass', entry: 'work/x' });
    for (const bad of ['op read x', 'cmd:', 'cmd:   ', 'pass:', 'pass:a/../b', 'pass:-x', 'file:x', 'cmd:a\nb']) {
      expect(() => parseSecretRef(bad), bad).toThrow(expect.objectContaining({ code: 2 }));
    }
  });
});

describe('secretFromOutput', () => {
  it('one line (a final newline allowed) is the secret; anything else is a reason that quotes nothing', () => {
    expect(secretFromOutput('tok-0123456789\n')).toEqual({ ok: true, secret: 'tok-0123456789' });
    expect(secretFromOutput('tok-0123456789')).toEqual({ ok: true, secret: 'tok-0123456789' });
    for (const [out, reason] of [
      ['', 'printed nothing'],
      ['\n', 'printed nothing'],
      ['tok-0123456789\nother-0123456789\n', '2 lines'],
      ['short\n', 'too short'],
      ['tok 0123456789\n', 'whitespace'],
    ] as const) {
      const verdict = secretFromOutput(out);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) {
        expect(verdict.reason).toContain(reason);
        expect(verdict.reason).not.toContain('0123456789');
      }
    }
  });
});

describe('deck paths and references', () => {
  it('<prefix>/<provider>/<kind>/<label>, and only those', () => {
    expect(entryPath('authdeck/team', { provider: 'nuclia', kind: 'kb', label: 'papers' })).toBe(
      'authdeck/team/nuclia/kb/papers',
    );
    expect(slotOfEntry('nuclia/kb/papers')).toEqual({ provider: 'nuclia', kind: 'kb', label: 'papers' });
    for (const bad of ['nuclia/kb', 'nope/user/x', 'nuclia/admin/x', 'nuclia/kb/a b', 'a/b/c/d'])
      expect(slotOfEntry(bad)).toBeNull();
    expect(normalisePrefix('/authdeck//team/')).toBe('authdeck/team');
    expect(() => normalisePrefix('../x')).toThrow();
    expect(splitDeckRef('team:curvenote/bot')).toEqual({ deck: 'team', rest: 'curvenote/bot' });
    expect(splitDeckRef('curvenote/bot')).toBeNull();
  });

  it('<deck>: narrows a reference to that deck; a bare one matches across the local config and every deck', () => {
    const local = makeAccount({ provider: 'curvenote', label: 'bot' });
    const team = makeAccount({ provider: 'curvenote', label: 'bot', deck: 'team', storage: 'deck', secret: '' });
    const ops = makeAccount({ provider: 'curvenote', label: 'only', deck: 'ops', storage: 'deck', secret: '' });
    const all = [local, team, ops];
    expect(matchReference('team:curvenote/bot', all)).toEqual([team]);
    expect(matchReference('team:bot', all)).toEqual([team]);
    expect(matchReference('curvenote/bot', all)).toEqual([local, team]);
    expect(matchReference('only', all)).toEqual([ops]);
    expect(matchReference('ops:curvenote/bot', all)).toEqual([]);
  });
});
