import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { checkPromptFormat, formatPrompt, promptItems } from '../../src/core/prompt-segment.js';
import { resolveSources } from '../../src/core/sources.js';
import { providers } from '../../src/providers/registry.js';
import { makeAccount, storeWith } from '../support/fixtures.js';

const work = makeAccount({ id: 'wrk00001', provider: 'curvenote', label: 'work' });
const bot = makeAccount({ id: 'bot00001', provider: 'curvenote', label: 'bot' });
const kb = makeAccount({ id: 'kb000001', provider: 'nuclia', kind: 'kb', label: 'docs' });
const etm = makeAccount({ id: 'etm00001', provider: 'etm', label: 'main' });
const data = storeWith([work, bot, kb, etm]);
data.bindings['/repo'] = ['bot00001'];

const items = (env: NodeJS.ProcessEnv, cwd = '/elsewhere') =>
  promptItems(resolveSources(data, providers, { env, cwd }));

describe('AUTHDECK_PROMPT', () => {
  it('one segment per winner, in registry order; the kind shows when it is not user', () => {
    expect(formatPrompt(items({}))).toBe('curvenote:work nuclia/kb:docs etm:main');
  });
  it('follows bindings and AUTHDECK_ACCOUNT, and names a variable the user set instead of a label', () => {
    expect(formatPrompt(items({}, '/repo/sub'), '{provider}:{label}@{source}')).toBe(
      'curvenote:bot@dir nuclia:docs@store etm:main@store',
    );
    expect(formatPrompt(items({ AUTHDECK_ACCOUNT: 'curvenote/work' }, '/repo'), '{label}({source})')).toBe(
      'work(shell) docs(store) main(store)',
    );
    const env = { CURVENOTE_TOKEN: 'x'.repeat(20), AUTHDECK_EXPORTED: 'ETM_API_TOKEN' };
    expect(formatPrompt(items(env), '{slot}={label}/{kind}')).toBe(
      'curvenote=env:CURVENOTE_TOKEN/user nuclia/kb=docs/kb etm=main/user',
    );
    // A variable authdeck exported is not the user's: the account it came from is shown.
    expect(formatPrompt(items({ ETM_API_TOKEN: 'etm_x', AUTHDECK_EXPORTED: 'ETM_API_TOKEN' }))).toContain('etm:main');
  });
  it('fills in only label characters, : and /, so a prompt expanded again runs and prints nothing from it', () => {
    // A label in a hand-edited config is not checked on load: here one with expansions, an escape and a prompt %.
    const odd = makeAccount({
      id: 'odd00001',
      provider: 'curvenote',
      label: 'a$(id)`id`$HOME\\%F{red}\u001b]0;x\u0007\n!' + 'z'.repeat(80),
    });
    const hostile = promptItems(resolveSources(storeWith([odd]), providers, { env: {}, cwd: '/' }));
    const segment = formatPrompt(hostile, '[{label}]');
    // Cut at 64, the longest a label may be.
    expect(segment).toBe(`[a??id??id??HOME??F?red???0?x???${'z'.repeat(33)}]`);
    // The format is the user's own: its characters stay.
    expect(formatPrompt(hostile, '$ {provider} %')).toBe('$ curvenote %');
  });
  it('is empty when nothing is in effect', () => {
    expect(formatPrompt(promptItems(resolveSources(storeWith([]), providers, { env: {}, cwd: '/' })))).toBe('');
  });
  it('a format with an unknown placeholder, a control character, nothing, or too much is an input error', () => {
    // A lone brace is literal text.
    expect(checkPromptFormat('{label')).toBe('{label');
    for (const bad of ['{who}', 'a\nb', '\u001b[31m{label}', '', 'x'.repeat(201)]) {
      let thrown: unknown;
      try {
        checkPromptFormat(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(bad)).toBeInstanceOf(UserError);
      expect((thrown as UserError).code).toBe(2);
    }
  });
});
