import { Argument, Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { accountCandidates } from '../../src/app/jobs-teams.js';
import { type Completion, completeWords, renderCompletion } from '../../src/cli/commands/complete.js';
import { makeAccount } from '../support/fixtures.js';

/** A small program shaped like authdeck's (the real one is exercised through the binary). */
function program(): Command {
  const root = new Command('authdeck').option('-q, --quiet').enablePositionalOptions();
  root.command('use').argument('<account>').option('--dir [path]').option('--json');
  root
    .command('env')
    .argument('[providers...]')
    .option('--account <ref>')
    .addOption(new Option('--format <f>').choices(['sh', 'json']));
  root.command('exec').option('--account <ref>').argument('<command...>').passThroughOptions();
  root.command('import').argument('[vendor]').option('--file <path>');
  root.command('completion').addArgument(new Argument('<shell>').choices(['bash', 'zsh', 'fish']));
  root.command('unbind').argument('[path]');
  const token = root.command('token');
  token.command('create').argument('<account>').option('--days <n>');
  root.command('__complete', { hidden: true });
  return root;
}

const accounts = [
  makeAccount({ id: 'a1', provider: 'curvenote', label: 'work', identity: { username: 'alice' } }),
  makeAccount({ id: 'a2', provider: 'etm', label: 'work' }),
  makeAccount({ id: 'a3', provider: 'nuclia', kind: 'kb', label: 'docs' }),
];
const sources = {
  accounts: () => accountCandidates(accounts),
  providers: () => [{ value: 'curvenote' }, { value: 'etm' }, { value: 'nuclia' }],
};
const values = (c: Completion) => (c.directive === 'words' ? c.candidates.map((x) => x.value) : c.directive);
const complete = (...words: string[]) => completeWords(program(), words, sources);

describe('completion', () => {
  it('commands at the top, hidden ones left out, filtered by what is typed', () => {
    expect(values(complete(''))).toEqual(['use', 'env', 'exec', 'import', 'completion', 'unbind', 'token']);
    expect(values(complete('e'))).toEqual(['env', 'exec']);
    expect(values(complete('-q', 'u'))).toEqual(['use', 'unbind']);
    expect(values(complete('token', ''))).toEqual(['create']);
  });

  it('account references: the shortest unambiguous one, described', () => {
    expect(values(complete('use', ''))).toEqual(['curvenote/work', 'etm/work', 'docs']);
    expect(accountCandidates(accounts)[0]).toEqual({ value: 'curvenote/work', description: 'curvenote alice' });
    expect(values(complete('token', 'create', 'c'))).toEqual(['curvenote/work']);
    expect(values(complete('env', '--account', ''))).toEqual(['curvenote/work', 'etm/work', 'docs']);
  });

  it('providers, vendors, shells, option choices, --opt=value', () => {
    expect(values(complete('env', 'curvenote', 'e'))).toEqual(['etm']);
    expect(values(complete('import', ''))).toEqual(['curvenote', 'nuclia', 'platformsh', 'upsun']);
    expect(values(complete('completion', ''))).toEqual(['bash', 'zsh', 'fish']);
    expect(values(complete('env', '--format', ''))).toEqual(['sh', 'json']);
    expect(values(complete('env', '--format=j'))).toEqual(['--format=json']);
    expect(values(complete('env', '--'))).toEqual(['--account', '--format', '--help']);
  });

  it('directories and files where paths go', () => {
    expect(complete('unbind', '')).toEqual({ directive: 'dirs' });
    expect(complete('use', 'work', '--dir=')).toEqual({ directive: 'dirs' });
    expect(complete('import', '--file', '')).toEqual({ directive: 'files' });
  });

  it('exec: after -- (or the first word) the rest is a command line of its own', () => {
    expect(complete('exec', '--account', 'work', '--', '')).toEqual({ directive: 'exec', offset: 4 });
    expect(complete('exec', '--', 'git', 'st')).toEqual({ directive: 'exec', offset: 2 });
    expect(complete('exec', 'git', '')).toEqual({ directive: 'exec', offset: 1 });
  });

  it('renders the protocol: a directive line, then value<TAB>description', () => {
    expect(
      renderCompletion({ directive: 'words', candidates: [{ value: 'a', description: 'x  y' }, { value: 'b' }] }),
    ).toBe(':words\na\tx y\nb\n');
    expect(renderCompletion({ directive: 'exec', offset: 3 })).toBe(':exec 3\n');
    expect(renderCompletion({ directive: 'dirs' })).toBe(':dirs\n');
  });
});
