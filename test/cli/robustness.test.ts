import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { authdeck, authdeckAsync, BIN, cleanEnv } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';

let dir: string;
const env = () => ({ AUTHDECK_CONFIG_DIR: dir });
const accounts = () =>
  JSON.parse(authdeck(['list', '--json'], { env: env() }).stdout).accounts as Array<{ label: string }>;

beforeEach(() => {
  dir = join(tempDir(), 'config');
});

describe('concurrency', () => {
  it('20 processes adding at once lose nothing', async () => {
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        authdeckAsync(['add', 'bearer', '--label', `bot-${i}`, '--no-check'], {
          input: `bt_concurrent_${i}_0123456789abcdef`,
          env: env(),
        }),
      ),
    );
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const labels = accounts().map((a) => a.label);
    expect(labels).toHaveLength(20);
    expect(new Set(labels).size).toBe(20);
    // Exactly one of them became active.
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(Object.keys(config.active)).toEqual(['bearer/user']);
  });
});

describe('crash safety', () => {
  it('kill -9 at any moment of a write leaves a config that loads, and the next write recovers the lock', async () => {
    authdeck(['add', 'bearer', '--label', 'first', '--no-check'], {
      input: 'bt_first_0123456789abcdefghij',
      env: env(),
    });
    const killed: Promise<void>[] = [];
    for (let i = 0; i < 16; i++) {
      const child = spawn(process.execPath, [BIN, 'add', 'bearer', '--label', `k-${i}`, '--no-check'], {
        env: cleanEnv(env()),
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      child.stdin.end(`bt_killed_${i}_0123456789abcdefghij`);
      killed.push(
        new Promise((resolve) => {
          // Spread the kills over start-up, the lock, and the write itself.
          setTimeout(() => child.kill('SIGKILL'), 20 + i * 9);
          child.once('exit', () => resolve());
        }),
      );
    }
    await Promise.all(killed);
    const listed = authdeck(['list', '--json'], { env: env() });
    expect(listed.status, listed.stderr).toBe(0);
    const labels = JSON.parse(listed.stdout).accounts.map((a: { label: string }) => a.label);
    expect(labels).toContain('first');
    // A lock left by a killed writer is taken over once stale.
    const after = await authdeckAsync(['add', 'bearer', '--label', 'after', '--no-check'], {
      input: 'bt_after_0123456789abcdefghij',
      env: env(),
    });
    expect(after.status, after.stderr).toBe(0);
    expect(accounts().map((a) => a.label)).toContain('after');
    expect(existsSync(join(dir, 'config.json.lock'))).toBe(false);
  }, 60_000);
});

describe('permissions', () => {
  beforeEach(() => {
    authdeck(['add', 'bearer', '--label', 'one', '--no-check'], { input: 'bt_one_0123456789abcdefghij', env: env() });
  });

  it('a secrets file readable by others is repaired to 0600 with a warning', () => {
    const file = join(dir, 'config.json');
    chmodSync(file, 0o644);
    const r = authdeck(['list'], { env: env() });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: .*config\.json was readable by other users \(mode 644\); repaired to 0600/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.getuid?.() !== 0)('a secrets file owned by another user is refused', () => {
    const file = join(dir, 'config.json');
    chownSync(file, 12345, 12345);
    const r = authdeck(['list'], { env: env() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/belongs to another user \(uid 12345\); refusing to use it/);
  });
});

describe('output to a reader that goes away', () => {
  it('`list --json | head -c 100` ends quietly with status 0, however much is left to write', () => {
    const list = Array.from({ length: 1500 }, (_, i) => ({
      provider: 'bearer',
      label: `bot-${i}`,
      secret: `bt_bot_${i}_0123456789abcdefghij`,
    }));
    expect(authdeck(['import', '--file', '-', '-q'], { input: JSON.stringify(list), env: env() }).status).toBe(0);
    // Far more than a pipe holds, so the write meets a closed pipe (EPIPE).
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" list --json | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`],
      {
        env: cleanEnv(env()),
        encoding: 'utf8',
      },
    );
    expect(r.stdout.trim()).toBe('0');
    expect(r.stderr).toBe('');

    // A parent that made the shared stdout non-blocking (as Node does to its own stdout pipe) and lets
    // authdeck inherit it: writes meet EAGAIN, and the output must still arrive whole and in order.
    const wrapper = `process.stdout; require('child_process').spawnSync(process.execPath, ${JSON.stringify([BIN, 'list', '--json'])}, { stdio: 'inherit' });`;
    const slow = spawnSync('bash', ['-c', `"${process.execPath}" -e "$WRAPPER" | (sleep 0.3; cat)`], {
      env: cleanEnv({ ...env(), WRAPPER: wrapper }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(slow.stderr).toBe('');
    expect(JSON.parse(slow.stdout).accounts).toHaveLength(1500);
  });
});

describe('short secrets', () => {
  it('add and import --file refuse a secret under 8 characters with exit 2, nothing stored', () => {
    const add = authdeck(['add', 'bearer', '--label', 'short', '--no-check'], { input: 'abc1234\n', env: env() });
    expect(add.status).toBe(2);
    expect(add.stderr).toContain('too short to be an API token');
    const file = join(tempDir(), 'short.json');
    writeFileSync(file, JSON.stringify([{ provider: 'bearer', kind: 'user', label: 'short2', secret: 'abc1234' }]));
    const imp = authdeck(['import', '--file', file], { env: env() });
    expect(imp.status).toBe(2);
    expect(imp.stderr).toContain('too short to be an API token');
    expect(existsSync(join(dir, 'config.json')) ? accounts() : []).toEqual([]);
  });
});
