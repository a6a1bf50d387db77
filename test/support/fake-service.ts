/**
 * An in-memory {@link AccountService} for screen tests: no store, no network. Checks can finish on
 * their own or wait for the test to deliver each result, to see rows update one by one.
 */
import type { AccountView, EnvInEffect } from '../../src/app/accounts.js';
import type { TimedCheckResult } from '../../src/app/check.js';
import type { ReadingJobs } from '../../src/app/jobs-read.js';
import type {
  AccountService,
  AddRequest,
  AddResult,
  DeckSnapshot,
  ProviderInfo,
  RemoveResult,
  Revocation,
} from '../../src/app/service.js';
import type { RotationStep } from '../../src/app/tokens.js';
import type { CheckResult, CreatedToken, CredentialKind, ProviderId, RemoteToken } from '../../src/core/adapter.js';
import { UserError } from '../../src/core/errors.js';
import { maskSecret } from '../../src/core/mask.js';
import { revocationOf } from '../../src/core/revocation.js';

/** Providers shaped like the shipped ones (titles, kinds, token APIs). */
export const FAKE_PROVIDERS: ProviderInfo[] = [
  {
    id: 'curvenote',
    title: 'Curvenote',
    kinds: ['user'],
    tokenPageUrl: 'https://curvenote.com/profile?settings=true&tab=profile-api',
    env: [{ name: 'CURVENOTE_TOKEN', kind: 'user', role: 'secret' }],
    tokens: null,
    endpoints: { api: 'https://api.curvenote.com' },
  },
  {
    id: 'nuclia',
    title: 'Nuclia',
    kinds: ['user', 'kb', 'processing'],
    tokenPageUrl: 'https://nuclia.cloud/user/pa-tokens',
    env: [
      { name: 'NUCLIA_TOKEN', kind: 'user', role: 'secret' },
      { name: 'NUCLIA_KB_API_KEY', kind: 'kb', role: 'secret' },
      { name: 'NUCLIA_KB_URL', kind: 'kb', role: 'url' },
      { name: 'NUCLIA_NUA_KEY', kind: 'processing', role: 'secret' },
    ],
    tokens: { expires: true },
    endpoints: { global: 'https://nuclia.cloud' },
  },
  {
    id: 'platformsh',
    title: 'Platform.sh',
    kinds: ['user'],
    tokenPageUrl: 'https://console.platform.sh/-/users/~/api-tokens',
    env: [{ name: 'PLATFORMSH_CLI_TOKEN', kind: 'user', role: 'secret' }],
    tokens: { expires: false },
    endpoints: { auth: 'https://auth.api.platform.sh', api: 'https://api.platform.sh' },
  },
  {
    id: 'bearer',
    title: 'Bearer (generic)',
    kinds: ['user'],
    // No page of its own, and no who-am-I URL until an account sets one (as the shipped one).
    tokenPageUrl: '',
    env: [{ name: 'AUTHDECK_BEARER_TOKEN', kind: 'user', role: 'secret' }],
    tokens: null,
    endpoints: { whoami: '' },
  },
];

let nextId = 1;

/** An account view with sensible defaults. */
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
    secret: maskSecret(`secret-of-${id}-0000`),
    storage: 'file',
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

/** A check waiting for the test to deliver results. */
export interface PendingCheck {
  ids: string[];
  deliver(id: string, result: CheckResult): void;
  finish(): void;
}

/** The fake, with what it was asked recorded for assertions. */
export interface FakeService extends AccountService {
  accounts: AccountView[];
  env: EnvInEffect[];
  calls: Array<{ method: string; args: unknown[] }>;
  /** Checks in flight when `manualChecks` is on. */
  pendingChecks: PendingCheck[];
  manualChecks: boolean;
  /** Tells subscribers the store changed. */
  emitChange(): void;
  /** Results of `add` by secret; default: valid for `alice`. */
  addResults: Map<string, AddResult | Error>;
  /** Holds `add` until released. */
  holdAdd: { release: () => void } | null;
}

/** A fake service over `accounts`. */
export function createFakeService(accounts: AccountView[] = [], env: EnvInEffect[] = []): FakeService {
  const listeners = new Set<() => void>();
  const fake: FakeService = {
    providers: FAKE_PROVIDERS,
    accounts,
    env,
    calls: [],
    pendingChecks: [],
    manualChecks: false,
    addResults: new Map(),
    holdAdd: null,
    emitChange() {
      for (const l of listeners) l();
    },
    snapshot(): DeckSnapshot {
      return { accounts: [...fake.accounts], env: fake.env, configPath: '/fake/config.json' };
    },
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    async add(request: AddRequest): Promise<AddResult> {
      fake.calls.push({ method: 'add', args: [request] });
      if (fake.holdAdd === null) {
        await new Promise((r) => setTimeout(r, 10));
      } else {
        await new Promise<void>((release) => {
          fake.holdAdd = { release };
        });
      }
      const preset = fake.addResults.get(request.secret);
      if (preset instanceof Error) throw preset;
      if (preset) return preset;
      if (request.signal?.aborted) throw new UserError('cancelled; nothing was stored');
      const view = makeView({
        provider: request.provider,
        kind: request.kind,
        label: request.label ?? 'alice',
        secret: maskSecret(request.secret),
        identity: { username: 'alice', email: 'alice@example.com' },
        health: 'valid',
        active: !fake.accounts.some((a) => a.provider === request.provider && a.kind === request.kind),
      });
      fake.accounts.push(view);
      return {
        stored: true,
        account: view,
        replaced: false,
        active: view.active,
        warning: null,
        check: validResult('alice'),
      };
    },
    async check(ids, onResult) {
      fake.calls.push({ method: 'check', args: [ids] });
      const list = ids === 'all' ? fake.accounts.map((a) => a.id) : [...ids];
      const results = new Map<string, TimedCheckResult>();
      const deliver = (id: string, result: CheckResult) => {
        results.set(id, { ...result, latencyMs: 0 });
        onResult?.(id, result);
      };
      if (!fake.manualChecks) {
        for (const id of list) {
          await new Promise((r) => setTimeout(r, 5));
          deliver(id, validResult(fake.accounts.find((a) => a.id === id)?.label ?? id));
        }
        apply(results);
        return results;
      }
      await new Promise<void>((done) => {
        fake.pendingChecks.push({ ids: list, deliver, finish: done });
      });
      apply(results);
      return results;
    },
    async use(id) {
      fake.calls.push({ method: 'use', args: [id] });
      const account = fake.accounts.find((a) => a.id === id);
      if (!account) throw new UserError(`account ${id} is gone`);
      fake.accounts = fake.accounts.map((a) =>
        a.provider === account.provider && a.kind === account.kind ? { ...a, active: a.id === id } : a,
      );
      const used = fake.accounts.find((a) => a.id === id)!;
      return { account: used, dir: null, source: used.source, warning: null };
    },
    revocation(id): Revocation {
      const account = fake.accounts.find((a) => a.id === id);
      if (!account) throw new UserError(`account ${id} is gone`);
      return revocationOf(account, FAKE_PROVIDERS.find((p) => p.id === account.provider)!);
    },
    async remove(id, options): Promise<RemoveResult> {
      fake.calls.push({ method: 'remove', args: [id, options] });
      const account = fake.accounts.find((a) => a.id === id)!;
      const can = fake.revocation(id);
      fake.accounts = fake.accounts.filter((a) => a.id !== id);
      return {
        ref: account.ref,
        revoked: options.revoke && can.possible,
        note: options.revoke && !can.possible ? can.reason : null,
      };
    },
    async createToken(id, options): Promise<CreatedToken> {
      fake.calls.push({ method: 'createToken', args: [id, options] });
      return { id: 'tok-new-1', token: 'NEWTOKEN-0123456789-abcdefghij', expiresAt: '2026-04-01T00:00:00.000Z' };
    },
    async storeCreated(id, created, options) {
      fake.calls.push({ method: 'storeCreated', args: [id, created.id, options] });
      const parent = fake.accounts.find((a) => a.id === id)!;
      const view = makeView({
        provider: parent.provider,
        kind: parent.kind,
        label: `${parent.label}-2`,
        remoteTokenId: created.id,
        active: options.activate,
        health: 'valid',
      });
      if (options.activate) {
        fake.accounts = fake.accounts.map((a) =>
          a.provider === view.provider && a.kind === view.kind ? { ...a, active: false } : a,
        );
      }
      fake.accounts.push(view);
      return view;
    },
    async revokeCreated(id, created) {
      fake.calls.push({ method: 'revokeCreated', args: [id, created.id] });
    },
    async revokeToken(id, tokenId) {
      fake.calls.push({ method: 'revokeToken', args: [id, tokenId] });
    },
    async rotate(id): Promise<{ ok: boolean; steps: RotationStep[] }> {
      fake.calls.push({ method: 'rotate', args: [id] });
      return {
        ok: true,
        steps: [
          { step: 'create', ok: true, detail: 'created token tok-2' },
          { step: 'check', ok: true, detail: 'the new token is valid' },
          { step: 'store', ok: true, detail: 'stored in place' },
          { step: 'revoke', ok: true, detail: 'revoked the old token tok-1' },
        ],
      };
    },
    async listTokens(): Promise<RemoteToken[]> {
      return [];
    },
    async readEndpoints(id) {
      fake.calls.push({ method: 'readEndpoints', args: [id] });
      return { ...fake.accounts.find((a) => a.id === id)!.endpoints };
    },
    async setEndpoints(id, endpoints) {
      fake.calls.push({ method: 'setEndpoints', args: [id, endpoints] });
      const overrides = Object.fromEntries(Object.entries(endpoints).filter(([, url]) => url !== ''));
      fake.accounts = fake.accounts.map((a) =>
        a.id === id ? { ...a, endpoints: overrides, health: 'unchecked', reason: null } : a,
      );
      return fake.accounts.find((a) => a.id === id)!;
    },
    close() {},

    // Reading and selecting jobs
    ...readingJobsNotFaked(),
  };

  function apply(results: Map<string, CheckResult>) {
    fake.accounts = fake.accounts.map((a) => {
      const r = results.get(a.id);
      return r
        ? { ...a, health: r.health, identity: r.identity ?? a.identity, checkedAt: '2025-06-01T00:00:00.000Z' }
        : a;
    });
  }
  return fake;
}

/** The add requests the screens made of a fake service, in order. */
export function addRequests(service: ReturnType<typeof createFakeService>): AddRequest[] {
  return service.calls.filter((c) => c.method === 'add').map((c) => c.args[0] as AddRequest);
}

/** The plain commands' reading jobs: no screen calls them, so the fake only says so if one ever does. */
function readingJobsNotFaked(): ReadingJobs {
  const notFaked = (method: string) => () => {
    throw new Error(`the fake service has no ${method} (a plain command's job)`);
  };
  return {
    resolveAccounts: notFaked('resolveAccounts'),
    unbind: notFaked('unbind'),
    explain: notFaked('explain'),
    selectSecret: notFaked('selectSecret'),
    revealSecret: notFaked('revealSecret'),
    selectEnv: notFaked('selectEnv'),
    exportEnv: notFaked('exportEnv'),
    vendorVariables: notFaked('vendorVariables'),
  };
}
