/**
 * A team for the shared-deck tests: one throw-away GNUPGHOME with two passphrase-less keys (alice, bob), a bare
 * git repository, and two clones of it (teammates A and B's machines), each a pass store encrypted for both,
 * each with its own authdeck config. Git identity and branch come from a throw-away global git config.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './fixtures.js';
import { type GpgHome, makeGpgHome, pass } from './gpg.js';

/** One teammate's machine. */
export interface Teammate {
  name: string;
  /** Their clone of the team's pass store. */
  store: string;
  /** Their authdeck config directory. */
  config: string;
  /** The environment their commands run with. */
  env: Record<string, string>;
}

/** The team. */
export interface Team {
  gnupg: GpgHome;
  origin: string;
  a: Teammate;
  b: Teammate;
  /** Runs git in a directory with the team's git config. */
  git(cwd: string, args: string[]): string;
}

/** Builds the team: the store is initialised and pushed by A, then cloned by B. */
export function makeTeam(): Team {
  const root = tempDir();
  const gnupg = makeGpgHome(['alice', 'bob']);
  const gitConfig = join(root, 'gitconfig');
  writeFileSync(
    gitConfig,
    '[user]\n\tname = Team Test\n\temail = team@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n',
  );
  const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1', GNUPGHOME: gnupg.home };
  const git = (cwd: string, args: string[]) =>
    execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const origin = join(root, 'origin.git');
  git(root, ['init', '--quiet', '--bare', origin]);
  const teammate = (name: string): Teammate => {
    const store = join(root, `${name}-store`);
    const config = join(root, `${name}-config`);
    return {
      name,
      store,
      config,
      env: {
        AUTHDECK_CONFIG_DIR: config,
        GNUPGHOME: gnupg.home,
        PASSWORD_STORE_DIR: store,
        GIT_CONFIG_GLOBAL: gitConfig,
        GIT_CONFIG_NOSYSTEM: '1',
      },
    };
  };
  const a = teammate('a');
  const b = teammate('b');
  git(root, ['clone', '--quiet', origin, a.store]);
  pass(gnupg.home, a.store, ['init', gnupg.keys.alice!, gnupg.keys.bob!]);
  // pass init commits .gpg-id only once the store is a git repository it knows about.
  git(a.store, ['add', '-A']);
  execFileSync('git', ['commit', '--quiet', '--allow-empty', '-m', 'team store'], { cwd: a.store, env: gitEnv });
  git(a.store, ['push', '--quiet', '-u', 'origin', 'main']);
  git(root, ['clone', '--quiet', origin, b.store]);
  return { gnupg, origin, a, b, git };
}
