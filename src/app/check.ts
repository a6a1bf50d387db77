import type { CheckResult, Credential, ProviderContext } from '../core/adapter.js';
import type { Account } from '../core/model.js';
import type { HttpClientOptions, AccountStore as Store } from '../core/ports.js';
import { credentialOf, saveChecks, unreadableResult, withSecretsApart } from './accounts.js';
import { ports } from './ports.js';

/** One thing to check: a stored account or a vendor env var in effect. */
export interface CheckItem {
  key: string;
  credential: Credential;
}

/** What a check found, with how long it took. */
export interface TimedCheckResult extends CheckResult {
  latencyMs: number;
}

/** Options for {@link runChecks}. */
export interface RunChecksOptions {
  /** Bounds each account's whole check, retries included. @default 10_000 */
  timeoutMs?: number;
  /** How many checks run at once. @default 64 */
  concurrency?: number;
  /** Called as each result arrives (the TUI updates its row). */
  onResult?: (key: string, result: TimedCheckResult) => void;
  /** Test hook for DNS failure: undici's connect.lookup. */
  lookup?: HttpClientOptions['lookup'];
}

/**
 * Checks many credentials in parallel over one keep-alive agent, each bounded by its own deadline;
 * sessions are exchanged once per run and shared through one in-memory cache.
 */
export async function runChecks(
  items: readonly CheckItem[],
  options: RunChecksOptions = {},
): Promise<Map<string, TimedCheckResult>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const http = await ports().http.open({ timeoutMs, connections: options.concurrency ?? 64, lookup: options.lookup });
  const sessions = ports().http.sessionCache();
  const results = new Map<string, TimedCheckResult>();
  try {
    await pool(items, options.concurrency ?? 64, async (item) => {
      const started = performance.now();
      const ctx: ProviderContext = {
        http: http.forDeadline(timeoutMs, [item.credential.secret]),
        sessions,
        now: () => new Date(),
      };
      const result = await ports().providers.get(item.credential.provider).check(item.credential, ctx);
      const timed = { ...result, latencyMs: Math.round(performance.now() - started) };
      results.set(item.key, timed);
      options.onResult?.(item.key, timed);
    });
  } finally {
    await http.close();
  }
  return results;
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/** Options for {@link checkAccounts}. */
export interface CheckAccountsOptions extends Omit<RunChecksOptions, 'onResult'> {
  /** Credentials that are not stored accounts (vendor env vars in effect): checked alongside, never saved. */
  extra?: readonly CheckItem[];
  /**
   * Called once per account (and extra item) as its result arrives, an unreadable secret's included: cheap
   * enough to report progress per row.
   */
  onResult?: (key: string, result: TimedCheckResult) => void;
}

/**
 * The one batch check of stored accounts, for `check` and the TUI alike: every secret fetched (the keyring's
 * in one batch; one that cannot be read is that account's result, not the end of everyone's check), all
 * checked in parallel, and the results saved in ONE locked write at the end, so 10,000 results never take
 * 10,000 locks. Keys are account ids (and the extra items' own keys).
 */
export async function checkAccounts(
  store: Store,
  accounts: readonly Account[],
  options: CheckAccountsOptions = {},
): Promise<Map<string, TimedCheckResult>> {
  const { extra = [], onResult, ...run } = options;
  const { ready, unreadable } = await withSecretsApart(accounts);
  const items: CheckItem[] = ready.map((a) => ({ key: a.id, credential: credentialOf(a) }));
  const stored = new Set(items.map((item) => item.key));
  const toSave = new Map<string, CheckResult>();
  const results = await runChecks([...items, ...extra], {
    ...run,
    onResult: (key, result) => {
      if (stored.has(key)) toSave.set(key, result);
      onResult?.(key, result);
    },
  });
  // Each result is saved only onto the secret it was made with (a `--replace` may have landed meanwhile).
  await saveChecks(store, toSave, new Date(), new Map(ready.map((a) => [a.id, a.secret])));
  // Not saved: the account itself is unchanged, only this run could not read its secret.
  for (const [id, reason] of unreadable) {
    const result = { ...unreadableResult(reason), latencyMs: 0 };
    results.set(id, result);
    onResult?.(id, result);
  }
  return results;
}
