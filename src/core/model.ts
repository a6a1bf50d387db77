/**
 * The stored model — Account, StoreData, decks — and the schema check and migrations of the config file.
 * Pure: the store reads and writes the file, this says what may be in it.
 */
import {
  CREDENTIAL_KINDS,
  type CredentialKind,
  HEALTHS,
  type Health,
  type Identity,
  PROVIDER_IDS,
  type ProviderId,
  type Resource,
} from './adapter.js';
import type { SecretRef } from './secret-ref.js';

/** One stored credential and what was learnt about it. */
export interface Account {
  /** Short and stable: survives relabelling and `--replace`. */
  id: string;
  provider: ProviderId;
  kind: CredentialKind;
  label: string;
  /**
   * The secret itself; empty when it is kept in the OS keyring (`storage: "keyring"`), comes from a
   * reference (`"reference"`: resolved each time, see `from`) or lives in a shared deck (`"deck"`).
   */
  secret: string;
  storage: 'file' | 'keyring' | 'reference' | 'deck';
  /** Where the secret comes from when authdeck does not keep it (`--from`, or a deck's pass entry). */
  from?: SecretRef | null;
  /** The shared deck the account belongs to; absent for local accounts. Never written to the file. */
  deck?: string | null;
  endpoints: Record<string, string>;
  identity: Identity | null;
  resource: Resource | null;
  scopes: string[] | null;
  expiresAt: string | null;
  /** The service's id for this token, when authdeck created it (so it can be revoked). */
  remoteTokenId: string | null;
  /** The description the token was created with, reused by `token rotate`. */
  description: string | null;
  createdAt: string;
  checkedAt: string | null;
  health: Health;
  /** Why the last check ended as it did (never contains a secret). */
  reason: string | null;
}

/** The key of an active selection: `provider/kind`. */
export type SlotKey = `${ProviderId}/${CredentialKind}`;

/** Everything in config.json. */
export interface StoreData {
  version: typeof SCHEMA_VERSION;
  accounts: Account[];
  /** At most one active account per provider and kind. */
  active: Partial<Record<SlotKey, string>>;
  /** Directory bindings: absolute path → account ids bound there (one per provider and kind). */
  bindings: Record<string, string[]>;
  /** Shared decks attached here: name → where (`authdeck deck add`). */
  decks?: Record<string, DeckConfig>;
  /**
   * What is personal about the accounts of shared decks, by account id: health, identity and check times
   * learnt here (never a secret). The accounts themselves are read from the decks.
   */
  deckState?: Record<string, DeckLocalState>;
}

/** One attached deck: a folder of a pass store. */
export interface DeckConfig {
  type: 'pass';
  /** The pass store's root (its PASSWORD_STORE_DIR). */
  store: string;
  /** The folder inside the store, e.g. `authdeck/team`. */
  prefix: string;
}

/** What a deck account learnt on this machine (and the deck it is in). */
export type DeckLocalState = Pick<
  Account,
  'identity' | 'resource' | 'scopes' | 'expiresAt' | 'checkedAt' | 'health' | 'reason' | 'createdAt'
> & { deck?: string | null };

/** The schema this build writes. Older files are migrated when read; newer ones are refused. */
export const SCHEMA_VERSION = 2;

/** An empty store. */
export function emptyStore(): StoreData {
  return { version: SCHEMA_VERSION, accounts: [], active: {}, bindings: {} };
}

/** The slot an account occupies. */
export function slotKey(provider: ProviderId, kind: CredentialKind): SlotKey {
  return `${provider}/${kind}`;
}

type Json = Record<string, unknown>;

/**
 * Migrations, keyed by the version they upgrade *from*. Each is pure: JSON in, JSON out.
 * v1 (0.0.x previews) kept `active: true` on each account and had no directory bindings.
 */
const MIGRATIONS: Record<number, (data: Json) => Json> = {
  1: (data) => {
    const accounts = Array.isArray(data.accounts) ? (data.accounts as Json[]) : [];
    const active: Json = {};
    const migrated = accounts.map((a) => {
      // Leave junk as it is: validation names it properly.
      if (!isObject(a)) return a;
      const { active: isActive, ...rest } = a;
      if (isActive === true) active[`${String(a.provider)}/${String(a.kind)}`] = a.id;
      return { storage: 'file', description: null, reason: null, ...rest };
    });
    return { ...data, version: 2, accounts: migrated, active, bindings: {} };
  },
};

/** Raised when the file's content is not a store this build understands. */
export class SchemaError extends Error {}

/** Upgrades parsed JSON to the current schema, then validates it. Throws SchemaError naming what is wrong. */
export function migrateAndValidate(raw: unknown): { data: StoreData; migrated: boolean } {
  if (!isObject(raw)) throw new SchemaError('the top level is not a JSON object');
  let data: Json = raw;
  const start = data.version ?? 1;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 1) {
    throw new SchemaError(`"version" is ${JSON.stringify(start)}, not a schema version`);
  }
  if (start > SCHEMA_VERSION) {
    throw new SchemaError(
      `it was written by a newer authdeck (schema ${start}; this one reads up to ${SCHEMA_VERSION})`,
    );
  }
  for (let v = start; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new SchemaError(`no migration from schema ${v}`);
    data = step(data);
  }
  return { data: validate(data), migrated: start !== SCHEMA_VERSION };
}

const providerSet = new Set<string>(PROVIDER_IDS);
const kindSet = new Set<string>(CREDENTIAL_KINDS);
const healthSet = new Set<string>(HEALTHS);

function validate(data: Json): StoreData {
  if (!Array.isArray(data.accounts)) throw new SchemaError('"accounts" is not a list');
  const ids = new Set<string>();
  const accounts = data.accounts.map((a: unknown, i: number) => validAccount(a, i, ids));
  const active = data.active ?? {};
  if (!isObject(active)) throw new SchemaError('"active" is not an object');
  for (const [k, v] of Object.entries(active)) {
    if (typeof v !== 'string') throw new SchemaError(`active.${k} is not an account id`);
  }
  const bindings = data.bindings ?? {};
  if (!isObject(bindings)) throw new SchemaError('"bindings" is not an object');
  for (const [k, v] of Object.entries(bindings)) {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      throw new SchemaError(`bindings[${JSON.stringify(k)}] is not a list of account ids`);
    }
  }
  const out: StoreData = {
    version: SCHEMA_VERSION,
    accounts,
    active: active as StoreData['active'],
    bindings: bindings as Record<string, string[]>,
  };
  if (data.decks != null) {
    if (!isObject(data.decks)) throw new SchemaError('"decks" is not an object');
    for (const [name, d] of Object.entries(data.decks)) {
      if (!isObject(d) || d.type !== 'pass' || typeof d.store !== 'string' || typeof d.prefix !== 'string') {
        throw new SchemaError(`decks.${name} is not a pass deck`);
      }
    }
    out.decks = data.decks as Record<string, DeckConfig>;
  }
  if (data.deckState != null) {
    if (!isObject(data.deckState)) throw new SchemaError('"deckState" is not an object');
    out.deckState = data.deckState as Record<string, DeckLocalState>;
  }
  return out;
}

/** Where a field is, for a message: built only when there is something to say (10,000 accounts are read at each start). */
const where = (i: number, k?: string) => (k === undefined ? `accounts[${i}]` : `accounts[${i}].${k}`);

function str(a: Json, k: string, i: number): string {
  const v = a[k];
  if (typeof v !== 'string' || v === '') throw new SchemaError(`${where(i, k)} is missing or not a string`);
  return v;
}

function optStr(a: Json, k: string, i: number): string | null {
  const v = a[k];
  if (v == null) return null;
  if (typeof v !== 'string') throw new SchemaError(`${where(i, k)} is not a string`);
  return v;
}

function optObj<T>(a: Json, k: string, i: number): T | null {
  const v = a[k];
  if (v == null) return null;
  if (!isObject(v)) throw new SchemaError(`${where(i, k)} is not an object`);
  return v as T;
}

function validAccount(a: unknown, i: number, ids: Set<string>): Account {
  if (!isObject(a)) throw new SchemaError(`${where(i)} is not an object`);
  const id = str(a, 'id', i);
  if (ids.has(id)) throw new SchemaError(`${where(i, 'id')} ${JSON.stringify(id)} appears twice`);
  ids.add(id);
  const provider = str(a, 'provider', i);
  if (!providerSet.has(provider))
    throw new SchemaError(`${where(i, 'provider')} ${JSON.stringify(provider)} is unknown`);
  const kind = str(a, 'kind', i);
  if (!kindSet.has(kind)) throw new SchemaError(`${where(i, 'kind')} ${JSON.stringify(kind)} is unknown`);
  const health = a.health == null ? 'unchecked' : a.health;
  if (typeof health !== 'string' || !healthSet.has(health)) throw new SchemaError(`${where(i, 'health')} is unknown`);
  const storage = a.storage ?? 'file';
  // A deck account is never written to the file: one found there is junk.
  if (storage !== 'file' && storage !== 'keyring' && storage !== 'reference') {
    throw new SchemaError(`${where(i, 'storage')} is unknown`);
  }
  const secret = typeof a.secret === 'string' ? a.secret : '';
  if (storage === 'file' && secret === '') throw new SchemaError(`${where(i, 'secret')} is missing`);
  const from = a.from == null ? null : validRef(a.from, where(i, 'from'));
  if (storage === 'reference' && !from) throw new SchemaError(`${where(i, 'from')} is missing`);
  const endpoints = optObj<Record<string, string>>(a, 'endpoints', i) ?? {};
  for (const k in endpoints) {
    if (typeof endpoints[k] !== 'string') throw new SchemaError(`${where(i, 'endpoints')}.${k} is not a string`);
  }
  if (a.scopes != null && (!Array.isArray(a.scopes) || a.scopes.some((s) => typeof s !== 'string'))) {
    throw new SchemaError(`${where(i, 'scopes')} is not a list of strings`);
  }
  return {
    id,
    provider: provider as ProviderId,
    kind: kind as CredentialKind,
    label: str(a, 'label', i),
    secret,
    storage,
    endpoints,
    identity: optObj<Identity>(a, 'identity', i),
    resource: optObj<Resource>(a, 'resource', i),
    scopes: (a.scopes as string[] | null | undefined) ?? null,
    expiresAt: optStr(a, 'expiresAt', i),
    remoteTokenId: optStr(a, 'remoteTokenId', i),
    description: optStr(a, 'description', i),
    createdAt: optStr(a, 'createdAt', i) ?? new Date(0).toISOString(),
    checkedAt: optStr(a, 'checkedAt', i),
    health: health as Health,
    reason: optStr(a, 'reason', i),
    ...(from ? { from } : {}),
  };
}

function validRef(value: unknown, at: string): SecretRef | null {
  if (value == null) return null;
  if (!isObject(value)) throw new SchemaError(`${at} is not an object`);
  if (value.type === 'cmd') {
    const argv = value.argv;
    if (!Array.isArray(argv) || argv.length === 0 || argv.some((w) => typeof w !== 'string')) {
      throw new SchemaError(`${at}.argv is not a list of strings`);
    }
    return { type: 'cmd', argv: argv as string[] };
  }
  if (value.type === 'pass' && typeof value.entry === 'string' && value.entry !== '') {
    return typeof value.store === 'string'
      ? { type: 'pass', entry: value.entry, store: value.store }
      : { type: 'pass', entry: value.entry };
  }
  throw new SchemaError(`${at} is not a secret reference`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
