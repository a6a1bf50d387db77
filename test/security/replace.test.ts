/**
 * `--replace` against the emulator: the account keeps its endpoint overrides and KB URL (so the new secret goes
 * where the account lives, not to a vendor's public host), the old secret leaves config.backup.json, and a check
 * that started before the replace never saves the old secret's verdict onto the new one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../../src/app/accounts.js';
import { checkAccounts } from '../../src/app/check.js';
import { openStore } from '../../src/store/file-store.js';
import { authdeck } from '../support/cli.js';
import { type EmulatorProcess, type Seed, seedOf, startEmulatorProcess } from '../support/emulator-process.js';
import { tempDir } from '../support/fixtures.js';

let emulator: EmulatorProcess;
beforeAll(async () => {
  emulator = await startEmulatorProcess();
});
afterAll(() => emulator?.stop());

async function mint(provider: Seed['provider'], kind: Seed['kind'] = 'user'): Promise<Seed> {
  const { seed } = (await emulator.control('mint', { provider, kind })) as { seed: Seed[] };
  return seed[0]!;
}

/** The stored accounts, as config.json holds them. */
function stored(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).accounts as Array<{
    id: string;
    label: string;
    secret: string;
    health: string;
    endpoints: Record<string, string>;
    resource: { url?: string } | null;
  }>;
}

describe('--replace keeps where the account lives', () => {
  it('`add --replace` keeps the endpoint overrides, checks the new secret there, and scrubs the old secret from the backup', async () => {
    const dir = tempDir();
    const env = { AUTHDECK_CONFIG_DIR: dir };
    const whoami = emulator.endpoints.bearer!.whoami!;
    const old = seedOf(emulator, { provider: 'bearer', expect: 'valid' });
    const added = authdeck(['add', 'bearer', '--label', 'self', '--endpoint', `whoami=${whoami}`], {
      env,
      input: old.secret,
    });
    expect(added.status).toBe(0);
    // Another write, so the backup holds the old secret as the last good copy.
    expect(
      authdeck(['add', 'bearer', '--label', 'other', '--no-check', '--endpoint', `whoami=${whoami}`], {
        env,
        input: (await mint('bearer')).secret,
      }).status,
    ).toBe(0);
    expect(readFileSync(join(dir, 'config.backup.json'), 'utf8')).toContain(old.secret);
    const fresh = await mint('bearer');
    // No --endpoint: bearer has no default who-am-I URL, so a dropped override cannot be checked at all.
    const replaced = authdeck(['add', 'bearer', '--label', 'self', '--replace'], { env, input: fresh.secret });
    expect(replaced.stderr).toMatch(/Replaced the secret of bearer\/self .*valid/);
    expect(replaced.status).toBe(0);
    const self = stored(dir).find((a) => a.label === 'self')!;
    expect(self.endpoints).toEqual({ whoami });
    expect(self.health).toBe('valid');
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toContain(fresh.secret);
    for (const file of ['config.json', 'config.backup.json']) {
      expect(readFileSync(join(dir, file), 'utf8')).not.toContain(old.secret);
    }
  });

  it('`add --kind kb --replace` keeps the KB URL when none is given', async () => {
    const dir = tempDir();
    const env = { AUTHDECK_CONFIG_DIR: dir, AUTHDECK_ENDPOINTS: emulator.endpointsEnv };
    const kb = seedOf(emulator, { provider: 'nuclia', kind: 'kb', expect: 'valid' });
    expect(
      authdeck(['add', 'nuclia', '--kind', 'kb', '--label', 'papers', '--url', kb.url!], { env, input: kb.secret })
        .status,
    ).toBe(0);
    // The same key again (a fresh one belongs to a fresh KB): what matters is the URL it is checked and kept with.
    const r = authdeck(['add', 'nuclia', '--kind', 'kb', '--label', 'papers', '--replace'], { env, input: kb.secret });
    expect(r.stderr).toMatch(/Replaced the secret of nuclia\/kb\/papers .*valid/);
    expect(r.status).toBe(0);
    expect(stored(dir)[0]!.resource?.url).toBe(kb.url);
  });

  it('`import --file --replace` keeps the endpoint overrides too', async () => {
    const dir = tempDir();
    const env = { AUTHDECK_CONFIG_DIR: dir };
    const whoami = emulator.endpoints.bearer!.whoami!;
    const first = await mint('bearer');
    expect(
      authdeck(['add', 'bearer', '--label', 'ci', '--no-check', '--endpoint', `whoami=${whoami}`], {
        env,
        input: first.secret,
      }).status,
    ).toBe(0);
    const second = await mint('bearer');
    const file = join(tempDir(), 'accounts.json');
    writeFileSync(file, JSON.stringify([{ provider: 'bearer', label: 'ci', secret: second.secret }]));
    const r = authdeck(['import', '--file', file, '--replace', '--check'], { env });
    expect(r.stderr).toMatch(/replaced 1/);
    expect(r.status).toBe(0);
    expect(stored(dir)[0]).toMatchObject({ secret: second.secret, endpoints: { whoami }, health: 'valid' });
    expect(readFileSync(join(dir, 'config.backup.json'), 'utf8')).not.toContain(first.secret);
  });
});

describe('a check that started before a --replace', () => {
  it('does not save the old secret’s result onto the new one', async () => {
    const dir = tempDir();
    const store = openStore({ dir });
    const endpoints = { whoami: emulator.endpoints.bearer!.whoami! };
    const old = await mint('bearer');
    await addAccount(store, { provider: 'bearer', kind: 'user', label: 'svc', secret: old.secret, endpoints });
    // The old secret is revoked out of band, so its check comes back `rejected`, slowly.
    await emulator.control('revoke', { secret: old.secret });
    await emulator.control('faults', { provider: 'bearer', latencyMs: 1500, count: 1 });
    const accounts = store.read().accounts;
    const checking = checkAccounts(store, accounts);
    // The fault is consumed when the check's request arrives: from then on the check is in flight.
    for (;;) {
      const res = await fetch(`${emulator.url}/_emulator/faults`);
      if (((await res.json()) as { faults: unknown[] }).faults.length === 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const fresh = await mint('bearer');
    await addAccount(store, {
      provider: 'bearer',
      kind: 'user',
      label: 'svc',
      secret: fresh.secret,
      replace: true,
      check: { health: 'valid', reason: null, identity: null, resource: null, scopes: null, expiresAt: null },
    });
    const results = await checking;
    // The check itself reports what it found for the secret it checked…
    expect(results.get(accounts[0]!.id)?.health).toBe('rejected');
    // …but the stored account is the new secret's, with the new secret's verdict.
    const [stored] = store.read().accounts;
    expect(stored!.secret).toBe(fresh.secret);
    expect(stored!.health).toBe('valid');
    expect(stored!.endpoints).toEqual(endpoints);
  });
});
