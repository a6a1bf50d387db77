/**
 * `deck sync`: the git side of a shared deck. Pulls (rebase) and pushes the pass store's repository and says
 * which of the deck's entries teammates added, removed or replaced, from the entry list and the entry blobs
 * before and after. Never loses anything: a conflicting pull is undone (`git rebase --abort`) and the entries
 * in conflict are named. Git never prompts (GIT_TERMINAL_PROMPT=0) and every run has a deadline.
 */
import { ExitCode, UserError } from '../core/errors.js';
import type { DeckConfig } from '../core/model.js';
import { type CommandError, notInstalled, type RunResult, runBounded, stderrTail } from './secret-command.js';

/** What a sync changed, as pass entry names. */
export interface SyncResult {
  added: string[];
  removed: string[];
  replaced: string[];
  /** Whether local commits were pushed. */
  pushed: boolean;
}

/** How long one git command may take: AUTHDECK_GIT_TIMEOUT seconds, else 60 s. */
function gitTimeoutMs(): number {
  const s = Number(process.env.AUTHDECK_GIT_TIMEOUT);
  return s > 0 ? s * 1000 : 60_000;
}

async function git(store: string, args: string[]): Promise<RunResult> {
  try {
    return await runBounded(['git', ...args], {
      cwd: store,
      env: { GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', LC_ALL: 'C' },
      timeoutMs: gitTimeoutMs(),
      maxBytes: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as CommandError;
    if (e.cause_ === 'missing') throw new UserError(notInstalled('git'));
    throw new UserError(`git ${args[0]} in ${store}: ${e.message}`, {
      hint:
        e.cause_ === 'timeout'
          ? 'is the remote reachable? set AUTHDECK_GIT_TIMEOUT (seconds) for a slow one'
          : undefined,
    });
  }
}

async function gitOk(store: string, args: string[], what: string): Promise<string> {
  const r = await git(store, args);
  if (r.status !== 0) throw new UserError(`${what} failed in ${store}: ${stderrTail(r.stderr) || `exit ${r.status}`}`);
  return r.stdout;
}

/** The deck's entries at a commit: entry name → blob id. */
async function entriesAt(store: string, prefix: string, rev: string | null): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!rev) return out;
  const listing = await gitOk(store, ['ls-tree', '-r', '-z', rev, '--', `${prefix}/`], 'git ls-tree');
  for (const line of listing.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.+)\.gpg$/.exec(line);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}

async function head(store: string): Promise<string | null> {
  const r = await git(store, ['rev-parse', '--verify', '-q', 'HEAD']);
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Pulls (rebase) and pushes the store of a deck; see the module comment. */
export async function syncDeck(config: DeckConfig): Promise<SyncResult> {
  const { store, prefix } = config;
  const top = await git(store, ['rev-parse', '--show-toplevel']);
  if (top.status !== 0) {
    throw new UserError(`the pass store ${store} is not a git repository: there is nothing to sync`, {
      hint: 'make it one and give it a remote: pass git init && pass git remote add origin <url>',
    });
  }
  const remotes = (await gitOk(store, ['remote'], 'git remote')).split('\n').filter(Boolean);
  if (remotes.length === 0) {
    throw new UserError(`the pass store ${store} has no git remote to sync with`, {
      hint: 'add the team repository: pass git remote add origin <url>, then push once: pass git push -u origin HEAD',
    });
  }
  const remote = remotes.includes('origin') ? 'origin' : remotes[0]!;
  const branch = (await gitOk(store, ['symbolic-ref', '--short', 'HEAD'], 'git symbolic-ref')).trim();
  const before = await head(store);
  const remoteHas = (await git(store, ['ls-remote', '--exit-code', '--heads', remote, branch])).status === 0;
  if (remoteHas) {
    const pull = await git(store, ['pull', '--rebase', '--no-autostash', remote, branch]);
    if (pull.status !== 0) {
      const conflicted = (await git(store, ['diff', '--name-only', '--diff-filter=U'])).stdout
        .split('\n')
        .filter((f) => f.endsWith('.gpg'))
        .map((f) => f.slice(0, -4));
      const rebasing = (await git(store, ['rev-parse', '-q', '--verify', 'REBASE_HEAD'])).status === 0;
      if (rebasing) await git(store, ['rebase', '--abort']);
      if (conflicted.length > 0 || rebasing) {
        throw new UserError(
          `a teammate changed the same entries as you: ${conflicted.join(', ') || '(see git status)'}; the pull was undone and nothing was lost (your changes are still committed locally)`,
          {
            code: ExitCode.failed,
            hint: `resolve it by hand in ${store}: git pull --rebase, keep one version of each entry (pass edit), git rebase --continue, then authdeck deck sync`,
          },
        );
      }
      throw new UserError(
        `git pull from ${remote} failed in ${store}: ${stderrTail(pull.stderr) || `exit ${pull.status}`}`,
      );
    }
  }
  // What teammates changed: the deck at the fork point of the local history and the remote's, against the
  // remote's tip. The local commits are rebased on top and are not theirs.
  const result: SyncResult = { added: [], removed: [], replaced: [], pushed: false };
  const tip = remoteHas ? (await gitOk(store, ['rev-parse', `${remote}/${branch}`], 'git rev-parse')).trim() : null;
  if (tip) {
    const base = before ? (await git(store, ['merge-base', before, tip])).stdout.trim() || null : null;
    const [old, theirs] = await Promise.all([entriesAt(store, prefix, base), entriesAt(store, prefix, tip)]);
    for (const [entry, blob] of theirs) {
      if (!old.has(entry)) result.added.push(entry);
      else if (old.get(entry) !== blob) result.replaced.push(entry);
    }
    for (const entry of old.keys()) if (!theirs.has(entry)) result.removed.push(entry);
  }
  const after = await head(store);
  const ahead = remoteHas
    ? Number((await gitOk(store, ['rev-list', '--count', `${remote}/${branch}..HEAD`], 'git rev-list')).trim())
    : 1;
  if (ahead > 0 && after) {
    const push = await git(store, ['push', '--quiet', ...(remoteHas ? [] : ['-u']), remote, `HEAD:${branch}`]);
    if (push.status !== 0) {
      throw new UserError(
        `git push to ${remote} failed in ${store}: ${stderrTail(push.stderr) || `exit ${push.status}`}`,
        {
          hint: 'nothing was lost; run `authdeck deck sync` again (a teammate may have pushed meanwhile)',
        },
      );
    }
    result.pushed = true;
  }
  return result;
}
