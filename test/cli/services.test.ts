import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccountService } from '../../src/app/service.js';
import { openStore } from '../../src/store/file-store.js';
import type { CliOptions } from '../support/cli.js';
import { type EmulatorProcess, type Seed, seedOf } from '../support/emulator-process.js';
import { tempDir } from '../support/fixtures.js';
import { runCli, startEmulatorInProcess } from '../support/run-cli.js';

let emulator: EmulatorProcess;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulatorInProcess();
});
afterAll(async () => {
  await emulator?.stop();
});
beforeEach(async () => {
  dir = join(tempDir(), 'config');
  await emulator.control('reset');
});

const run = (args: string[], options: CliOptions = {}) =>
  runCli(args, {
    ...options,
    env: { AUTHDECK_CONFIG_DIR: dir, AUTHDECK_ENDPOINTS: emulator.endpointsEnv, ...options.env },
  });

function addSeed(seed: Seed, extra: string[] = []) {
  const args = ['add', seed.provider, '--kind', seed.kind, '--label', seed.label, ...extra];
  if (seed.url) args.push('--url', seed.url);
  return run(args, { input: seed.secret });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('check against the emulator', () => {
  it('every seed gets its expected health from check --json', async () => {
    for (const seed of emulator.seed) expect((await addSeed(seed, ['--no-check'])).status).toBe(0);
    const r = await run(['check', '--json']);
    expect(r.status).toBe(1);
    const { results } = JSON.parse(r.stdout);
    expect(results).toHaveLength(emulator.seed.length);
    for (const seed of emulator.seed) {
      const result = results.find(
        (x: { provider: string; kind: string; label: string }) =>
          x.provider === seed.provider && x.kind === seed.kind && x.label === seed.label,
      );
      expect({ seed: `${seed.provider}/${seed.kind}/${seed.label}`, health: result.health }).toEqual({
        seed: `${seed.provider}/${seed.kind}/${seed.label}`,
        health: seed.expect,
      });
      expect(result).toHaveProperty('latencyMs');
      expect(result).toHaveProperty('reason');
      if (seed.expect !== 'valid' && seed.expect !== 'expiring') expect(result.reason).toBeTruthy();
    }
    for (const seed of emulator.seed) expect(r.stdout + r.stderr).not.toContain(seed.secret);
    // Results are saved.
    const listed = JSON.parse((await run(['list', '--json'])).stdout).accounts;
    expect(listed.every((a: { checkedAt: string | null }) => a.checkedAt !== null)).toBe(true);
    const valid = listed.find(
      (a: { health: string; provider: string }) => a.provider === 'curvenote' && a.health === 'valid',
    );
    expect(valid.identity.username ?? valid.identity.email).toBeTruthy();
  });

  it('exit codes: 0 all valid, 1 when any is invalid, 3 when only unreachable, 0 with a notice when empty', async () => {
    const empty = await run(['check']);
    expect(empty.status).toBe(0);
    expect(empty.stderr).toMatch(/Nothing to check/);
    const valid = seedOf(emulator, { provider: 'platformsh', expect: 'valid' });
    expect((await addSeed(valid)).status).toBe(0);
    expect((await run(['check'])).status).toBe(0);
    await emulator.control('faults', { provider: 'platformsh', drop: true });
    const down = await run(['check', '--json', '--timeout', '3']);
    expect(down.status).toBe(3);
    expect(JSON.parse(down.stdout).results[0]).toMatchObject({ health: 'unreachable' });
    await emulator.control('reset');
    const rejected = seedOf(emulator, { provider: 'upsun', expect: 'rejected' });
    expect((await addSeed(rejected, ['--no-check'])).status).toBe(0);
    await emulator.control('faults', { provider: 'platformsh', drop: true });
    expect((await run(['check', '--timeout', '3'])).status).toBe(1);
  });

  it('--expiring-within changes the exit code, not the health', async () => {
    const expiring = seedOf(emulator, { provider: 'etm', expect: 'expiring' });
    expect((await addSeed(expiring)).status).toBe(0);
    const plain = await run(['check', '--json']);
    expect(plain.status).toBe(0);
    expect((await run(['check', '--expiring-within', '30'])).status).toBe(1);
    expect(JSON.parse((await run(['check', '--json', '--expiring-within', '30'])).stdout).results[0].health).toBe(
      'expiring',
    );
  });

  it('checks a vendor variable in effect, reported by its source', async () => {
    const valid = seedOf(emulator, { provider: 'curvenote', expect: 'valid' });
    const r = await run(['check', '--json'], { env: { CURVENOTE_TOKEN: valid.secret } });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results).toEqual([
      expect.objectContaining({ source: 'env:CURVENOTE_TOKEN', label: null, id: null, health: 'valid' }),
    ]);
    expect(r.stdout).not.toContain(valid.secret);
  });

  it('a dead network is unreachable, never invalid', async () => {
    const valid = seedOf(emulator, { provider: 'bearer', expect: 'valid' });
    const port = await closedPort();
    expect((await addSeed(valid, ['--no-check', '--endpoint', `whoami=http://127.0.0.1:${port}/whoami`])).status).toBe(
      0,
    );
    const r = await run(['check', '--json']);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ health: 'unreachable', reason: 'connection refused' });
  });
});

describe('add checks by default', () => {
  it('stores a valid token with who it belongs to', async () => {
    const valid = seedOf(emulator, { provider: 'nuclia', kind: 'user', expect: 'valid' });
    const r = await run(['add', 'nuclia']);
    expect(r.status).toBe(2); // empty stdin
    const ok = await run(['add', 'nuclia', '--label', 'me'], { input: valid.secret });
    expect(ok.status, ok.stderr).toBe(0);
    const [account] = JSON.parse((await run(['list', '--json'])).stdout).accounts;
    expect(account).toMatchObject({ label: 'me', health: 'valid', active: true });
    expect(account.identity.email).toBeTruthy();
  });

  it('refuses a rejected or expired token with exit 1 and the token page; stores nothing', async () => {
    for (const seed of [
      seedOf(emulator, { provider: 'curvenote', expect: 'rejected' }),
      seedOf(emulator, { provider: 'curvenote', expect: 'expired' }),
      seedOf(emulator, { provider: 'appcircle', expect: 'rejected' }),
    ]) {
      const r = await addSeed(seed);
      expect(r.status, `${seed.provider}/${seed.label}`).toBe(1);
      expect(r.stderr).toMatch(/nothing was stored/);
      expect(r.stderr).toMatch(/https:\/\//);
      expect(r.stderr).not.toContain(seed.secret);
    }
    expect(JSON.parse((await run(['list', '--json'])).stdout).accounts).toEqual([]);
  });

  it('an unreachable service stores nothing (exit 3) and suggests --no-check', async () => {
    await emulator.control('faults', { provider: 'upsun', status: 503 });
    const r = await addSeed(seedOf(emulator, { provider: 'upsun', expect: 'valid' }));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/server error 503/);
    expect(r.stderr).toMatch(/--no-check/);
    expect(JSON.parse((await run(['list', '--json'])).stdout).accounts).toEqual([]);
  });

  it('stores a token with insufficient scope, warning which scope is missing', async () => {
    const r = await addSeed(seedOf(emulator, { provider: 'etm', expect: 'insufficient_scope' }));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: the token lacks scope.*scenarios:read/);
    expect(JSON.parse((await run(['list', '--json'])).stdout).accounts[0].health).toBe('insufficient_scope');
  });
});

describe('personal tokens', () => {
  for (const provider of ['nuclia', 'platformsh', 'upsun'] as const) {
    it(`${provider}: create (shown once), list (never the value), revoke`, async () => {
      const owner = seedOf(emulator, { provider, kind: 'user', expect: 'valid' });
      expect((await addSeed(owner)).status).toBe(0);
      const created = await run(['token', 'create', `${provider}/${owner.label}`, '--description', 'ci bot', '--json']);
      expect(created.status, created.stderr).toBe(0);
      const token = JSON.parse(created.stdout);
      expect(token).toEqual({
        id: expect.any(String),
        token: expect.any(String),
        expiresAt: expect.toBeOneOf([null, expect.any(String)]),
      });
      // Nuclia PATs expire; Platform.sh and Upsun API tokens do not.
      expect(token.expiresAt === null).toBe(provider !== 'nuclia');
      expect(created.stderr).toMatch(/will not be shown again/);
      const listed = await run(['token', 'list', `${provider}/${owner.label}`, '--json']);
      expect(listed.status).toBe(0);
      const { tokens } = JSON.parse(listed.stdout);
      expect(tokens.find((t: { id: string }) => t.id === token.id)).toMatchObject({ description: 'ci bot' });
      expect(listed.stdout).not.toContain(token.token);
      for (const t of tokens)
        expect(Object.keys(t).sort()).toEqual(['createdAt', 'description', 'expiresAt', 'id', 'lastUsedAt']);
      // The new token works, then stops working once revoked.
      const other = join(tempDir(), 'c2');
      const env = { AUTHDECK_CONFIG_DIR: other };
      expect((await run(['add', provider, '--label', 'new'], { input: token.token, env })).status).toBe(0);
      const revoked = await run(['token', 'revoke', `${provider}/${owner.label}`, token.id]);
      expect(revoked.status, revoked.stderr).toBe(0);
      const after = await run(['check', '--json'], { env });
      expect(JSON.parse(after.stdout).results[0].health).toBe('rejected');
    });
  }

  it('--days is ignored with a warning where tokens do not expire', async () => {
    const owner = seedOf(emulator, { provider: 'upsun', expect: 'valid' });
    await addSeed(owner);
    const r = await run(['token', 'create', `upsun/${owner.label}`, '--days', '30']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/do not expire; --days is ignored/);
  });

  it('--store saves the created token as an account, remembering its remote id', async () => {
    const owner = seedOf(emulator, { provider: 'nuclia', kind: 'user', expect: 'valid' });
    await addSeed(owner);
    const r = await run(['token', 'create', `nuclia/${owner.label}`, '--store', 'laptop', '--days', '30', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { id } = JSON.parse(r.stdout);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.accounts.find((a: { label: string }) => a.label === 'laptop')).toMatchObject({ remoteTokenId: id });
  });

  it('rotate replaces in place (same id and label, still active) and revokes the old token', async () => {
    const owner = seedOf(emulator, { provider: 'platformsh', expect: 'valid' });
    await addSeed(owner);
    expect((await run(['token', 'create', `platformsh/${owner.label}`, '--store', 'bot'])).status).toBe(0);
    await run(['use', 'platformsh/bot']);
    const before = JSON.parse((await run(['list', '--json'])).stdout).accounts.find(
      (a: { label: string }) => a.label === 'bot',
    );
    const oldSecret = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).accounts.find(
      (a: { label: string }) => a.label === 'bot',
    ).secret;
    const r = await run(['token', 'rotate', 'platformsh/bot']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/create[\s\S]*check[\s\S]*store[\s\S]*revoke/);
    const after = JSON.parse((await run(['list', '--json'])).stdout).accounts.find(
      (a: { label: string }) => a.label === 'bot',
    );
    expect(after).toMatchObject({ id: before.id, label: 'bot', active: true, health: 'valid' });
    expect(after.secret).not.toBe(before.secret);
    const other = join(tempDir(), 'c3');
    const old = await run(['add', 'platformsh', '--label', 'old'], {
      input: oldSecret,
      env: { AUTHDECK_CONFIG_DIR: other },
    });
    expect(old.status).toBe(1);
  });

  it('remove --revoke revokes a token authdeck made, and is honest about one it did not', async () => {
    const owner = seedOf(emulator, { provider: 'nuclia', kind: 'user', expect: 'valid' });
    await addSeed(owner);
    await run(['token', 'create', `nuclia/${owner.label}`, '--store', 'temp']);
    const secret = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).accounts.find(
      (a: { label: string }) => a.label === 'temp',
    ).secret;
    const r = await run(['remove', 'nuclia/temp', '--revoke', '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Revoked and forgot/);
    const other = join(tempDir(), 'c4');
    expect(
      (await run(['add', 'nuclia', '--label', 'x'], { input: secret, env: { AUTHDECK_CONFIG_DIR: other } })).status,
    ).toBe(1);
    const pasted = await run(['remove', `nuclia/${owner.label}`, '--revoke', '--yes']);
    expect(pasted.status).toBe(0);
    expect(pasted.stderr).toMatch(/can revoke only tokens authdeck created/);
  });

  it('services without a token API say so and name the page', async () => {
    const owner = seedOf(emulator, { provider: 'curvenote', expect: 'valid' });
    await addSeed(owner);
    for (const args of [
      ['token', 'create', `curvenote/${owner.label}`],
      ['token', 'list', `curvenote/${owner.label}`],
      ['token', 'revoke', `curvenote/${owner.label}`, 'tok-1'],
      ['token', 'rotate', `curvenote/${owner.label}`],
    ]) {
      const r = await run(args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/error: Curvenote has no API for personal tokens[\s\S]*https:\/\/curvenote.com/);
    }
    // Said as it is, not as a failed call of "the API".
    const bearer = seedOf(emulator, { provider: 'bearer', expect: 'valid' });
    await addSeed(bearer);
    const r = await run(['token', 'create', `bearer/${bearer.label}`, '--days', '5']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: Bearer token has no API for personal tokens/m);
    expect(r.stderr).not.toMatch(/--days is ignored/);
  });

  it("token list marks the account's own token; revoking it warns that the account no longer works", async () => {
    const owner = seedOf(emulator, { provider: 'nuclia', kind: 'user', expect: 'valid' });
    await addSeed(owner);
    const made = await run(['token', 'create', `nuclia/${owner.label}`, '--store', 'mine', '--json']);
    expect(made.status, made.stderr).toBe(0);
    const { id } = JSON.parse(made.stdout);
    const listed = await run(['token', 'list', 'nuclia/mine']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n').find((line) => line.startsWith(id))).toMatch(/\(this account\)$/);
    const fromOwner = await run(['token', 'list', `nuclia/${owner.label}`]);
    expect(fromOwner.stdout).not.toContain('(this account)');
    const revoked = await run(['token', 'revoke', 'nuclia/mine', id]);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stderr).toMatch(/Revoked token[\s\S]*that was the token of mine itself; it no longer works/);
  });
});

describe('a plain command and the TUI do each job one way (the same service method)', () => {
  it('token create --store checks the new token before storing it, so it is stored knowing who it is', async () => {
    const owner = seedOf(emulator, { provider: 'nuclia', kind: 'user', expect: 'valid' });
    await addSeed(owner);
    expect((await run(['token', 'create', `nuclia/${owner.label}`, '--store', 'laptop', '--days', '30'])).status).toBe(
      0,
    );
    const laptop = JSON.parse((await run(['list', '--json'])).stdout).accounts.find(
      (a: { label: string }) => a.label === 'laptop',
    );
    expect(laptop).toMatchObject({ health: 'valid', identity: { email: expect.stringContaining('@') } });
    expect(laptop.checkedAt).toBeTruthy();
  });

  it('a revoke that cannot reach the service exits 3 and keeps the account, from remove and from the service', async () => {
    const owner = seedOf(emulator, { provider: 'platformsh', expect: 'valid' });
    await addSeed(owner);
    expect((await run(['token', 'create', `platformsh/${owner.label}`, '--store', 'temp'])).status).toBe(0);
    await emulator.control('faults', { provider: 'platformsh', drop: true });
    const r = await run(['remove', 'platformsh/temp', '--revoke', '--yes', '--json']);
    expect(r.status, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 3, message: expect.stringContaining('still stored') });
    const direct = await run(['token', 'revoke', 'platformsh/temp', 'some-token', '--json']);
    expect(direct.status, direct.stderr).toBe(3);
    expect(JSON.parse(direct.stdout).error.message).toMatch(/^could not revoke token some-token on Platform\.sh: /);
    const saved = process.env.AUTHDECK_ENDPOINTS;
    process.env.AUTHDECK_ENDPOINTS = emulator.endpointsEnv;
    try {
      const service = createAccountService({ store: openStore({ dir }), env: {}, cwd: dir });
      const temp = service.snapshot().accounts.find((a) => a.label === 'temp')!;
      await expect(service.remove(temp.id, { revoke: true })).rejects.toMatchObject({ code: 3 });
      await expect(service.revokeToken(temp.id, temp.remoteTokenId!)).rejects.toMatchObject({
        code: 3,
        message: expect.stringMatching(/^could not revoke token \S+ on Platform\.sh: /),
      });
      expect(service.snapshot().accounts.some((a) => a.label === 'temp')).toBe(true);
      service.close();
    } finally {
      if (saved === undefined) delete process.env.AUTHDECK_ENDPOINTS;
      else process.env.AUTHDECK_ENDPOINTS = saved;
    }
  });
});
