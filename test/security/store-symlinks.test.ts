/**
 * The config directory as an attacker or a careless machine leaves it: planted and dangling symlinks, a symlinked
 * config, a directory of another user, a read-only directory, a lock path that is a file. authdeck never follows a
 * link for anything it creates, writes or chmods, refuses what is not its own (exit 1, naming it), and never ends
 * in a bug trace.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/store/audit.js';
import { openStore } from '../../src/store/file-store.js';
import { authdeck, BIN, cleanEnv } from '../support/cli.js';
import { makeAccount, tempDir } from '../support/fixtures.js';

const SECRET = 'planted-link-secret-0123456789abcdef';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const mode = (path: string) => statSync(path).mode & 0o777;

/** `authdeck add bearer` of SECRET (no check), into `dir`. */
function addInto(dir: string, label = 'work', secret = SECRET) {
  return authdeck(['add', 'bearer', '--label', label, '--no-check', '--endpoint', 'whoami=https://example.com/me'], {
    env: { AUTHDECK_CONFIG_DIR: dir },
    input: secret,
  });
}

function expectCleanRefusal(r: { status: number | null; stderr: string; stdout: string }, named: string) {
  expect(r.stderr).toContain(named);
  expect(r.stderr).not.toMatch(/This is a bug|trace:|at .*\.js:\d+/);
  expect(r.stdout).not.toMatch(/Stored/);
  expect(r.status).toBe(1);
}

describe('symlinks in the config directory', () => {
  it('a planted config.backup.json symlink receives nothing: the backup replaces the link', async () => {
    const dir = tempDir();
    const victim = join(tempDir(), 'victim.txt');
    writeFileSync(victim, 'not yours', { mode: 0o644 });
    expect(addInto(dir, 'first').status).toBe(0);
    symlinkSync(victim, join(dir, 'config.backup.json'));
    const r = addInto(dir, 'second', `${SECRET}-2`);
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('not yours');
    expect(mode(victim)).toBe(0o644);
    const backup = join(dir, 'config.backup.json');
    expect(lstatSync(backup).isSymbolicLink()).toBe(false);
    expect(mode(backup)).toBe(0o600);
    expect(readFileSync(backup, 'utf8')).toContain(SECRET);
  });

  it('a symlinked config.json is refused, naming it, and its target keeps its mode and content', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const target = join(tempDir(), 'elsewhere.json');
    const content = JSON.stringify({ version: 2, accounts: [], active: {}, bindings: {} });
    writeFileSync(target, content, { mode: 0o644 });
    chmodSync(target, 0o644);
    symlinkSync(target, join(dir, 'config.json'));
    for (const args of [['list'], ['add']]) {
      const r = args[0] === 'add' ? addInto(dir) : authdeck(args, { env: { AUTHDECK_CONFIG_DIR: dir } });
      expectCleanRefusal(r, `${join(dir, 'config.json')} is a symbolic link; refusing to follow it`);
    }
    expect(mode(target)).toBe(0o644);
    expect(readFileSync(target, 'utf8')).toBe(content);
  });

  it('a dangling audit.log symlink never gets its target created', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const target = join(tempDir(), 'created-by-authdeck.log');
    symlinkSync(target, join(dir, 'audit.log'));
    const r = authdeck(['list'], { env: { AUTHDECK_CONFIG_DIR: dir } });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`could not write the audit log ${join(dir, 'audit.log')}`);
    expect(r.stderr).toContain('symbolic link');
    expect(existsSync(target)).toBe(false);
    expect(() => appendAudit(join(dir, 'audit.log'), entry())).toThrow(/symbolic link/);
    expect(existsSync(target)).toBe(false);
  });

  it('a loosened audit.log is tightened through its descriptor, and a symlinked config directory is refused', () => {
    const real = tempDir();
    chmodSync(real, 0o700);
    const log = join(real, 'audit.log');
    writeFileSync(log, '', { mode: 0o644 });
    chmodSync(log, 0o644);
    appendAudit(log, entry());
    expect(mode(log)).toBe(0o600);
    const linked = join(tempDir(), 'authdeck');
    symlinkSync(real, linked);
    const r = addInto(linked);
    expectCleanRefusal(r, `the config directory ${linked} is a symbolic link`);
    expect(readdirSync(real)).toEqual(['audit.log']);
  });
});

describe('something other than a file in place of config.json', () => {
  it('a FIFO is refused at once instead of hanging the read', () => {
    const dir = tempDir();
    chmodSync(dir, 0o700);
    const fifo = join(dir, 'config.json');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return void console.warn('skipped: mkfifo failed');
    const started = performance.now();
    const r = authdeck(['list'], { env: { AUTHDECK_CONFIG_DIR: dir } });
    expect(performance.now() - started).toBeLessThan(10_000);
    expectCleanRefusal(r, `${fifo} is not a regular file; refusing to use it`);
  });
});

function entry() {
  return {
    time: new Date().toISOString(),
    command: 'list',
    accounts: [],
    providers: [],
    outcome: 'ok' as const,
    exit: 0,
    invoker: 'script' as const,
  };
}

describe.skipIf(!isRoot)('a config directory of another user (as root: chowned to nobody)', () => {
  it('is refused before anything is written, even a planted backup link', () => {
    const dir = tempDir();
    const stolen = join(tempDir(), 'stolen');
    writeFileSync(stolen, '');
    chownSync(dir, 65534, 65534);
    symlinkSync(stolen, join(dir, 'config.backup.json'));
    const r = addInto(dir);
    expectCleanRefusal(r, `the config directory ${dir} belongs to another user (uid 65534)`);
    expect(readFileSync(stolen, 'utf8')).toBe('');
    expect(readdirSync(dir)).toEqual(['config.backup.json']);
    // Reading is refused too: a foreign directory's config is not trusted.
    expectCleanRefusal(authdeck(['list'], { env: { AUTHDECK_CONFIG_DIR: dir } }), 'belongs to another user');
    expect(() => openStore({ dir }).read()).toThrow(/belongs to another user/);
  });
});

const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) spawnSync('umount', ['-l', dir]);
});

describe('a config directory authdeck cannot write (section 7: a message, exit 1, never a bug trace)', () => {
  it('read-only (a read-only tmpfs as root, a 0500 directory otherwise)', async () => {
    const dir = tempDir('authdeck-ro-');
    let how: string;
    if (isRoot) {
      const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
      if (m.status !== 0) return void console.warn(`skipped: mount -t tmpfs failed: ${m.stderr}`);
      mounted.push(dir);
      await openStore({ dir }).update((d) => void d.accounts.push(makeAccount({ provider: 'bearer', label: 'kept' })));
      expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
      how = 'read-only file system (EROFS)';
    } else {
      await openStore({ dir }).update((d) => void d.accounts.push(makeAccount({ provider: 'bearer', label: 'kept' })));
      chmodSync(dir, 0o500);
      how = 'permission denied (EACCES)';
    }
    const before = readFileSync(join(dir, 'config.json'), 'utf8');
    const r = addInto(dir);
    expectCleanRefusal(r, how);
    expect(r.stderr).toContain(join(dir, 'config.json'));
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(before);
    const list = authdeck(['list', '--json'], { env: { AUTHDECK_CONFIG_DIR: dir } });
    expect(list.status).toBe(0);
  });

  it.skipIf(!isRoot)('foreign-owned and not writable, as the user who cannot write it (EACCES)', () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    chownSync(dir, 65534, 65534);
    // Run as nobody: the directory is nobody's, but 0500, so the lock cannot be made.
    const r = spawnSync(
      process.execPath,
      [BIN, 'add', 'bearer', '--label', 'x', '--no-check', '--endpoint', 'whoami=https://example.com/me'],
      {
        uid: 65534,
        gid: 65534,
        input: SECRET,
        env: cleanEnv({ AUTHDECK_CONFIG_DIR: dir, HOME: dir }),
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expectCleanRefusal(r, `cannot lock ${join(dir, 'config.json')}: permission denied (EACCES)`);
  });

  it('a lock path that is a regular file is reported at once, and `doctor --repair` clears it', () => {
    const dir = tempDir();
    chmodSync(dir, 0o700);
    const lock = join(dir, 'config.json.lock');
    writeFileSync(lock, 'junk');
    const started = performance.now();
    const r = addInto(dir);
    // proper-lockfile alone waits out its retries (about 18 s) and then fails with a bug trace.
    expect(performance.now() - started).toBeLessThan(5_000);
    expectCleanRefusal(r, `the lock ${lock} is not a lock directory (a file is in its place)`);
    expect(r.stderr).toContain('authdeck doctor --repair');
    const doctor = authdeck(['doctor'], { env: { AUTHDECK_CONFIG_DIR: dir } });
    expect(doctor.stdout).toMatch(/problem\s+lock\s+.*not a lock directory/);
    expect(doctor.status).toBe(1);
    const repaired = authdeck(['doctor', '--repair'], { env: { AUTHDECK_CONFIG_DIR: dir } });
    expect(repaired.stdout).toContain(`removed ${lock}, which was not a lock`);
    expect(repaired.status).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(addInto(dir).status).toBe(0);
  });
});
