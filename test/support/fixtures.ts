import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account, StoreData } from '../../src/core/model.js';
import { emptyStore } from '../../src/core/model.js';

let counter = 0;

/** A stored account with sensible defaults, for pure tests. */
export function makeAccount(partial: Partial<Account> & Pick<Account, 'provider' | 'label'>): Account {
  counter++;
  return {
    id: partial.id ?? `id${String(counter).padStart(6, '0')}`,
    kind: 'user',
    secret: `secret-${counter}-abcdefghijklmnop`,
    storage: 'file',
    endpoints: {},
    identity: null,
    resource: null,
    scopes: null,
    expiresAt: null,
    remoteTokenId: null,
    description: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    checkedAt: null,
    health: 'unchecked',
    reason: null,
    ...partial,
  };
}

/** A store holding these accounts, the first of each provider and kind active. */
export function storeWith(accounts: Account[]): StoreData {
  const data = emptyStore();
  data.accounts = accounts;
  for (const a of accounts) data.active[`${a.provider}/${a.kind}`] ??= a.id;
  return data;
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'authdeck-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
