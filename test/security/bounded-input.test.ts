/**
 * Every input is bounded (issue 11, section 5): endless or irregular input through the built binary ends at
 * once with exit 2 and the limit named, and the child's peak memory (its maxRSS, as `/usr/bin/time` reports
 * it) stays under 150 MiB.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { authdeck, BIN, cleanEnv } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';
import { spawnAuthdeck } from '../support/pty.js';

const CEILING_KB = 150 * 1024;

/** node:fs cannot make a FIFO: mkfifo(1) from coreutils does. */
async function mkfifo(path: string): Promise<void> {
  const made = spawn('mkfifo', [path]);
  await new Promise((resolve) => made.on('close', resolve));
}

let dir: string;
let home: string;
beforeEach(() => {
  home = tempDir();
  dir = join(home, 'config');
});

interface Measured {
  status: number | null;
  stderr: string;
  maxRssKb: number;
  ms: number;
}

/**
 * Runs `<feed> | authdeck args…` (or with stdin from /dev/null when no feed) under `/usr/bin/time`, which
 * writes the child's maxRSS (KiB) to a file of its own, so the program's stderr stays its own.
 */
function measured(args: string[], feed?: string, env: Record<string, string> = {}): Promise<Measured> {
  const rss = join(home, `rss-${Math.random().toString(36).slice(2)}`);
  const quoted = args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  const run = `/usr/bin/time -o '${rss}' -f %M '${process.execPath}' '${BIN}' ${quoted}`;
  const script = feed ? `${feed} | ${run}` : `${run} < /dev/null`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], {
      env: cleanEnv({ AUTHDECK_CONFIG_DIR: dir, ...env }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({
        status,
        stderr,
        maxRssKb: Number(readFileSync(rss, 'utf8').trim().split('\n').at(-1)),
        ms: performance.now() - started,
      }),
    );
  });
}

function expectBounded(r: Measured): void {
  expect(r.maxRssKb, r.stderr).toBeGreaterThan(0);
  expect(r.maxRssKb, `peak memory ${r.maxRssKb} KiB`).toBeLessThan(CEILING_KB);
  expect(r.ms).toBeLessThan(15_000);
  expect(r.stderr).not.toMatch(/bug in authdeck|Maximum call stack|RangeError/);
}

describe('a secret on stdin', () => {
  it('`yes tok | authdeck add bearer` stops at 16 KiB + 1 byte: exit 2, the limit named, nothing stored', async () => {
    const r = await measured(['add', 'bearer', '--no-check'], 'yes tok');
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('the token is longer than 16 KiB');
    expectBounded(r);
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
  });

  it('`authdeck add` from /dev/zero is bounded the same way', async () => {
    const r = await measured(['add', 'bearer', '--no-check'], 'cat /dev/zero');
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('16 KiB');
    expectBounded(r);
  });

  it('a secret of exactly 16 KiB is still taken', () => {
    const r = authdeck(['add', 'bearer', '--no-check', '--label', 'big'], {
      input: 'b'.repeat(16 * 1024),
      env: { AUTHDECK_CONFIG_DIR: dir },
    });
    expect(r.status, r.stderr).toBe(0);
  });

  it('the masked prompt (stdin a terminal, stdout not) ends past 16 KiB with exit 2', async () => {
    // The shell keeps the terminal open after authdeck exits until the test has read the message (a PTY can drop
    // what a process wrote just before it exited), then exits with authdeck's status.
    const session = spawnAuthdeck(['add', 'bearer', '--no-check'], {
      program: [
        'sh',
        '-c',
        `'${process.execPath}' '${BIN}' "$@" > /dev/null; status=$?; echo "[exited $status]"; read -r _; exit $status`,
        'sh',
      ],
      env: { AUTHDECK_CONFIG_DIR: dir },
    });
    try {
      await session.waitForText('input is hidden');
      const chunk = 'p'.repeat(1024);
      for (let i = 0; i < 17; i++) session.write(chunk);
      await session.waitForText('[exited 2]');
      expect(session.rawOutput()).toContain('longer than 16 KiB');
      session.write('\r');
      expect(await session.exited).toBe(2);
      expect(existsSync(join(dir, 'config.json'))).toBe(false);
    } finally {
      await session.dispose();
    }
  });
});

describe('import --file', () => {
  it('/dev/zero is refused as not a regular file, without reading it', async () => {
    const r = await measured(['import', '--file', '/dev/zero']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('/dev/zero is not a regular file (a character device)');
    expectBounded(r);
  });

  it('endless stdin to `--file -` stops at 8 MiB + 1 byte', async () => {
    const r = await measured(['import', '--file', '-'], 'cat /dev/zero');
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('stdin is longer than 8 MiB');
    expectBounded(r);
  });

  it('a FIFO is refused at once, even with no writer (a blocking open would hang forever)', async () => {
    const fifo = join(home, 'accounts.json');
    await mkfifo(fifo);
    const r = await measured(['import', '--file', fifo]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('is not a regular file (a named pipe)');
    expectBounded(r);
  });

  it('a directory, and a symlink to /dev/zero, are refused', () => {
    const link = join(home, 'zero.json');
    symlinkSync('/dev/zero', link);
    for (const [path, kind] of [
      [home, 'a directory'],
      [link, 'a character device'],
    ]) {
      const r = authdeck(['import', '--file', path!], { env: { AUTHDECK_CONFIG_DIR: dir } });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`is not a regular file (${kind})`);
    }
  });

  it('a file over 8 MiB is refused before it is read', async () => {
    const file = join(home, 'big.json');
    writeFileSync(file, `[${'0,'.repeat(5 * 1024 * 1024)}0]`);
    const r = await measured(['import', '--file', file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('is longer than 8 MiB');
    expectBounded(r);
  });

  it('deeply nested JSON: exit 2 with a message, never a stack overflow', async () => {
    const file = join(home, 'deep.json');
    const depth = 200_000;
    writeFileSync(file, `[{"provider":${'['.repeat(depth)}${']'.repeat(depth)}}]`);
    const r = await measured(['import', '--file', file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('nests deeper than 64 levels');
    expectBounded(r);
  });

  it('a few MiB of tiny values (each costs far more parsed than read) are refused before parsing', async () => {
    const file = join(home, 'many.json');
    writeFileSync(file, `[${'{},'.repeat(1_300_000)}{}]`);
    const r = await measured(['import', '--file', file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('holds more than 150,000 values');
    expectBounded(r);
  });

  it('more than 10,000 entries are refused; a huge field is quoted short', () => {
    const file = join(home, 'entries.json');
    writeFileSync(file, JSON.stringify(Array.from({ length: 10_001 }, () => 0)));
    let r = authdeck(['import', '--file', file], { env: { AUTHDECK_CONFIG_DIR: dir } });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('more than the 10,000 one import takes');
    writeFileSync(file, JSON.stringify([{ provider: 'x'.repeat(1_000_000) }]));
    r = authdeck(['import', '--file', file], { env: { AUTHDECK_CONFIG_DIR: dir } });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`provider "${'x'.repeat(40)}…" is not one of`);
    expect(r.stderr.length).toBeLessThan(1000);
  });
});

describe('vendor config files', () => {
  it('a Platform.sh token file linked to /dev/zero: exit 2, not read', async () => {
    const session = join(home, '.platformsh', '.session', 'sess-cli-default');
    mkdirSync(session, { recursive: true });
    symlinkSync('/dev/zero', join(session, 'api-token'));
    const r = await measured(['import', 'platformsh'], undefined, { HOME: home });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('api-token is not a regular file (a character device)');
    expectBounded(r);
  });

  it('a Curvenote settings file that is a FIFO, or nested too deep, is refused with exit 2', async () => {
    const settings = join(home, '.curvenote', 'settings.json');
    mkdirSync(join(home, '.curvenote'));
    await mkfifo(settings);
    const env = { AUTHDECK_CONFIG_DIR: dir, HOME: home };
    let r = authdeck(['import', 'curvenote'], { env });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('settings.json is not a regular file (a named pipe)');
    const nuclia = join(home, '.nuclia', 'config');
    mkdirSync(join(home, '.nuclia'));
    writeFileSync(nuclia, `{"token":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    r = authdeck(['import', 'nuclia'], { env });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('nests deeper than 64 levels');
  });
});
