/**
 * The service screen tests run against: the REAL {@link AccountService} over fakes of its ports — an in-memory
 * store, a vault that knows the seeded secrets, no network, and the shipped providers whose network calls
 * (check, token create/list/revoke) are answered by the test. Every rule (admission, labels, revocation, titles,
 * token pages, the add and remove outcomes) is the service's own: nothing here copies one.
 *
 * Checks finish on their own (valid, for the label or `alice`) or, with `manualChecks`, wait for the test to deliver
 * each account's result, to see rows update one by one.
 */
import type { AccountView } from '../../src/app/accounts.js';
import { wirePorts } from '../../src/app/ports.js';
import { type AccountService, type AddRequest, createAccountService } from '../../src/app/service.js';
import type {
  CheckResult,
  CreatedToken,
  Credential,
  CredentialKind,
  Provider,
  ProviderId,
  RemoteToken,
} from '../../src/core/adapter.js';
import { maskSecret } from '../../src/core/mask.js';
import { type Account, emptyStore, type StoreData, slotKey } from '../../src/core/model.js';
import type { AccountStore, Ports, ProviderCatalog } from '../../src/core/ports.js';
import { parseSecretRef, type SecretRef } from '../../src/core/secret-ref.js';
import { providerCatalog } from '../../src/providers/catalog.js';

let nextId = 1;

/** The secret a seeded account holds (its view shows this masked). */
export const seededSecret = (id: string) => `secret-of-${id}-0000`;

/**
 * An account as a screen would see it, with sensible defaults: the data a test seeds the store with. What the
 * service computes (`active`, `inEffect`, `source`, `shadowedBy`, `ref`, the masked secret) comes from the store and
 * the environment; `active: true` makes it the active account of its slot.
 */
export function makeView(partial: Partial<AccountView> & { provider: ProviderId; label: string }): AccountView {
  const kind: CredentialKind = partial.kind ?? 'user';
  const id = partial.id ?? `id${String(nextId++).padStart(6, '0')}`;
  return {
    id,
    kind,
    ref: kind === 'user' ? `${partial.provider}/${partial.label}` : `${partial.provider}/${kind}/${partial.label}`,
    active: false,
    inEffect: false,
    source: 'store',
    shadowedBy: null,
    secret: maskSecret(seededSecret(id)),
    storage: partial.deck ? 'deck' : 'file',
    from: null,
    deck: null,
    identity: null,
    resource: null,
    scopes: null,
    expiresAt: null,
    health: 'unchecked',
    reason: null,
    checkedAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    remoteTokenId: null,
    description: null,
    endpoints: {},
    ...partial,
  };
}

/** A valid check result for `username`. */
export function validResult(username: string, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    health: 'valid',
    reason: null,
    identity: { username },
    resource: null,
    scopes: null,
    expiresAt: null,
    ...extra,
  };
}

/** One `check` call waiting for the test to deliver its accounts' results. */
export interface PendingCheck {
  /** The account ids the call checks. */
  ids: string[];
  /** Answers the provider's check of that account with `result`. */
  deliver(id: string, result: CheckResult): void;
  /** Answers every account not yet delivered (unreachable, "not answered by the test"). */
  finish(): void;
}

/** The real service over fake ports, with what it was asked recorded for assertions. */
export interface FakeService extends AccountService {
  /** The accounts as the service shows them now. */
  readonly accounts: AccountView[];
  /** The environment the service resolves precedence against: set vendor variables here before rendering. */
  env: NodeJS.ProcessEnv;
  /** Every service method called, with its arguments, in order. */
  calls: Array<{ method: string; args: unknown[] }>;
  /** `check` calls waiting for results while `manualChecks` is on. */
  pendingChecks: PendingCheck[];
  manualChecks: boolean;
  /** What the provider's check finds for a secret (default: valid, user `alice`, for a secret nothing was seeded with). */
  checkResults: Map<string, CheckResult>;
  /** While set, the check of a secret being added waits until released. */
  holdAdd: { release: () => void } | null;
  /** The tokens the service lists for any account. */
  remoteTokens: RemoteToken[];
  /** What the service was asked to revoke (token ids), in order. */
  revokedTokens: string[];
  /** While set, every revoke fails with this (as the HTTP client's errors do: an Error with a `health`). */
  revokeFailure: (Error & { health: string }) | null;
  /** Seeds one more account into the store, as another process would, and tells the watchers. */
  seed(view: AccountView): void;
  /** Tells the watchers the store changed (another process wrote). */
  emitChange(): void;
}

/** The token the fake token API creates. */
export const CREATED: CreatedToken = {
  id: 'tok-new-1',
  token: 'NEWTOKEN-0123456789-abcdefghij',
  expiresAt: '2031-04-01T00:00:00.000Z',
};

/** The providers as the service presents them (the shipped ones). */
export function shippedProviders(): AccountService['providers'] {
  return createFakeService().providers;
}

/** The real service over fake ports, seeded with `views`; `env` is the environment it resolves against. */
export function createFakeService(views: AccountView[] = [], env: NodeJS.ProcessEnv = {}): FakeService {
  const seeded = new Map<string, string>(); // secret → account id
  const refSecrets = new Map<string, string>(); // JSON of a SecretRef → secret
  const keyring = new Map<string, string>(); // account id → secret
  let data: StoreData = emptyStore();
  const watchers = new Set<(file: string | null) => void>();
  const changed = () => {
    // As fs.watch: later, not inside the write.
    setImmediate(() => {
      for (const w of [...watchers]) w('config.json');
    });
  };

  function seed(view: AccountView): void {
    const { account, secret } = accountOf(view);
    seeded.set(secret, view.id);
    if (account.storage === 'keyring') keyring.set(view.id, secret);
    if (account.from) refSecrets.set(JSON.stringify(account.from), secret);
    data.accounts.push(account);
    if (view.active) data.active[slotKey(view.provider, view.kind)] = view.id;
    if (view.deck && !data.decks?.[view.deck]) {
      data.decks = {
        ...data.decks,
        [view.deck]: { type: 'pass', store: '/fake/pass', prefix: `authdeck/${view.deck}` },
      };
    }
  }
  for (const view of views) seed(view);

  const store: AccountStore = {
    paths: {
      dir: '/fake',
      config: '/fake/config.json',
      backup: '/fake/config.json.bak',
      lock: '/fake/config.json.lock',
      log: '/fake/log.jsonl',
    },
    read: () => structuredClone(data),
    async update(change) {
      const next = structuredClone(data);
      const result = await change(next);
      data = next;
      changed();
      return result;
    },
  };

  const pending = new Map<string, (result: CheckResult) => void>(); // account id → its check's answer
  const waiting = new Map<string, CheckResult>(); // delivered before the provider asked

  async function check(credential: Credential): Promise<CheckResult> {
    const owner = seeded.get(credential.secret);
    const preset = fake.checkResults.get(credential.secret);
    if (owner === undefined) {
      // A secret being added (or a token just created).
      if (fake.holdAdd !== null) await new Promise<void>((release) => (fake.holdAdd = { release }));
      return preset ?? validResult('alice', { identity: { username: 'alice', email: 'alice@example.com' } });
    }
    if (preset) return preset;
    const early = waiting.get(owner);
    if (early) {
      waiting.delete(owner);
      return early;
    }
    if (!fake.manualChecks) {
      const label = data.accounts.find((a) => a.id === owner)?.label ?? owner;
      return validResult(label);
    }
    return new Promise((answer) => pending.set(owner, answer));
  }

  const answer = (id: string, result: CheckResult) => {
    const to = pending.get(id);
    if (to) {
      pending.delete(id);
      to(result);
    } else waiting.set(id, result);
  };

  const tokens: NonNullable<Provider['tokens']>['create'] = async (credential) => {
    // The created token checks valid, as the account that made it.
    const owner = seeded.get(credential.secret);
    const label = data.accounts.find((a) => a.id === owner)?.label ?? 'alice';
    fake.checkResults.set(CREATED.token, validResult(label));
    return { ...CREATED };
  };

  const faked = new Map<ProviderId, Provider>(
    providerCatalog.all.map((p) => [
      p.id,
      {
        ...p,
        check: (credential) => check(credential),
        tokens: p.tokens && {
          expires: p.tokens.expires,
          create: async (credential, options, ctx) => {
            const created = await tokens(credential, options, ctx);
            return p.tokens!.expires ? created : { ...created, expiresAt: null };
          },
          list: async () => fake.remoteTokens.map((t) => ({ ...t })),
          revoke: async (_credential, tokenId) => {
            if (fake.revokeFailure) throw fake.revokeFailure;
            fake.revokedTokens.push(tokenId);
          },
        },
      } satisfies Provider,
    ]),
  );
  const providers: ProviderCatalog = {
    all: providerCatalog.all.map((p) => faked.get(p.id)!),
    get: (id) => {
      const provider = faked.get(id);
      if (!provider) throw new Error(`unknown provider ${id}`);
      return provider;
    },
    endpointDefaults: (id) => providerCatalog.endpointDefaults(id, {}),
    tokenExpiry: providerCatalog.tokenExpiry,
  };

  const noNetwork = async (): Promise<never> => {
    throw new Error('the fake ports have no network or host programs: a call was not faked');
  };
  const ports: Ports = {
    vault: {
      keyringGetAll: async (ids) => ids.map((id) => keyring.get(id) ?? null),
      async resolveSecretRef(ref: SecretRef) {
        const secret = refSecrets.get(JSON.stringify(ref));
        if (secret === undefined) throw new Error('no such entry');
        return { secret, fields: { endpoints: {} } };
      },
    },
    http: {
      open: async () => ({ forDeadline: () => ({ request: noNetwork }), close: async () => {} }),
      sessionCache: () => {
        const cache = new Map<string, { token: string; expiresAt: number }>();
        return {
          get: (key) => cache.get(key),
          set: (key, value) => void cache.set(key, value),
          tokens: () => [...cache.values()].map((v) => v.token),
        };
      },
    },
    providers,
    files: {
      realpath: (path) => path,
      isDirectory: () => true,
      exists: () => true,
      watch(_dir, onChange) {
        watchers.add(onChange);
        return () => watchers.delete(onChange);
      },
    },
    clock: { now: () => new Date() },
    // The plain commands' outside world: no screen reaches it.
    hookStamps: noNetwork,
    vendors: noNetwork,
    decks: noNetwork,
    upkeep: noNetwork,
  };
  wirePorts(ports);

  const real = createAccountService({ store, env, cwd: '/fake/work', debounceMs: 5 });
  const calls: FakeService['calls'] = [];
  const recorded = Object.fromEntries(
    Object.entries(real).map(([name, value]) => [
      name,
      typeof value === 'function'
        ? (...args: unknown[]) => {
            calls.push({ method: name, args });
            return (value as (...a: unknown[]) => unknown).apply(real, args);
          }
        : value,
    ]),
  );

  const fake: FakeService = Object.assign(Object.create(null) as object, recorded, {
    providers: real.providers,
    env,
    calls,
    pendingChecks: [] as PendingCheck[],
    manualChecks: false,
    checkResults: new Map<string, CheckResult>(),
    holdAdd: null,
    remoteTokens: [] as RemoteToken[],
    revokedTokens: [] as string[],
    revokeFailure: null as FakeService['revokeFailure'],
    seed(view: AccountView) {
      seed(view);
      changed();
    },
    emitChange: changed,
    // Not recorded: the screens read these all the time.
    snapshot: real.snapshot,
    subscribe: real.subscribe,
    revocation: real.revocation,
    check(ids: readonly string[] | 'all', onResult?: Parameters<AccountService['check']>[1], options?: object) {
      calls.push({ method: 'check', args: [ids] });
      if (fake.manualChecks) {
        const list = ids === 'all' ? data.accounts.map((a) => a.id) : [...ids];
        const delivered = new Set<string>();
        fake.pendingChecks.push({
          ids: list,
          deliver(id, result) {
            delivered.add(id);
            answer(id, result);
          },
          finish() {
            for (const id of list)
              if (!delivered.has(id))
                answer(id, { ...validResult(''), health: 'unreachable', identity: null, reason: 'not answered' });
          },
        });
      }
      return real.check(ids, onResult, options);
    },
  }) as FakeService;
  Object.defineProperty(fake, 'accounts', { get: () => real.snapshot().accounts, enumerable: true });
  return fake;
}

/** A seeded view as the account the store keeps, and its secret. */
function accountOf(view: AccountView): { account: Account; secret: string } {
  const secret = seededSecret(view.id);
  const storage = view.deck ? 'deck' : view.storage;
  const from: SecretRef | null =
    storage === 'deck'
      ? {
          type: 'pass',
          entry: `authdeck/${view.deck}/${view.provider}/${view.kind}/${view.label}`,
          store: '/fake/pass',
        }
      : storage === 'reference'
        ? view.from
          ? parseSecretRef(view.from)
          : { type: 'cmd', argv: ['fake-secret', view.id] }
        : null;
  return {
    secret,
    account: {
      id: view.id,
      provider: view.provider,
      kind: view.kind,
      label: view.label,
      secret: storage === 'file' ? secret : '',
      storage,
      ...(from ? { from } : {}),
      ...(view.deck ? { deck: view.deck } : {}),
      endpoints: { ...view.endpoints },
      identity: view.identity,
      resource: view.resource,
      scopes: view.scopes,
      expiresAt: view.expiresAt,
      remoteTokenId: view.remoteTokenId,
      description: view.description,
      createdAt: view.createdAt,
      checkedAt: view.checkedAt,
      health: view.health,
      reason: view.reason,
    },
  };
}

/** The add requests the screens made of the service, in order. */
export function addRequests(service: FakeService): AddRequest[] {
  return service.calls.filter((c) => c.method === 'add').map((c) => c.args[0] as AddRequest);
}
