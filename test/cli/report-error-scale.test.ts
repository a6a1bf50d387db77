/**
 * The error path with thousands of long stored secrets (issues 11 and 14): `reportError` teaches the one
 * redactor every stored secret before anything is shown, and that must cost about the secrets' own size,
 * not an index 100 times larger. Through the built binary, under `/usr/bin/time` for the child's maxRSS.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/file-store.js';
import { BIN, cleanEnv } from '../support/cli.js';
import { makeAccount, tempDir } from '../support/fixtures.js';

const COUNT = 9000;
const LENGTH = 800;
const CEILING_KB = 150 * 1024;

/** A stored secret: 800 characters that repeat nothing, so that no window is shared between secrets. */
function secret(i: number): string {
  let out = '';
  for (let k = 0; out.length < LENGTH; k++) out += createHash('sha256').update(`${i}:${k}`).digest('base64url');
  return out.slice(0, LENGTH);
}

let home: string;
let dir: string;
beforeAll(async () => {
  home = tempDir('authdeck-report-scale-');
  dir = join(home, 'config');
  await openStore({ dir }).update((d) => {
    for (let i = 0; i < COUNT; i++)
      d.accounts.push(makeAccount({ provider: 'bearer', label: `b-${i}`, secret: secret(i) }));
  });
});

function measured(args: string[]): Promise<{ status: number | null; stderr: string; maxRssKb: number }> {
  const rss = join(home, `rss-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-o', rss, '-f', '%M', process.execPath, BIN, ...args], {
      env: cleanEnv({ AUTHDECK_CONFIG_DIR: dir }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stderr, maxRssKb: Number(readFileSync(rss, 'utf8').trim().split('\n').at(-1)) }),
    );
  });
}

describe('an error with 9,000 stored 800-character secrets', () => {
  it('is shown with any piece of any stored secret redacted, message and trace alike, under 150 MiB', async () => {
    // The error quotes a path that holds 40 characters of one stored secret, deep in the list.
    const leak = secret(4321).slice(300, 340);
    const file = join(home, `${leak}.json`);
    writeFileSync(file, '{"broken');
    const r = await measured(['import', '--file', file, '--verbose']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('[redacted].json is not valid JSON');
    expect(r.stderr).toContain('trace:');
    // Not in the message, not in the trace's first line (which repeats it): no 12 characters of it anywhere.
    for (let i = 0; i + 12 <= leak.length; i++) expect(r.stderr).not.toContain(leak.slice(i, i + 12));
    expect(r.maxRssKb, r.stderr).toBeGreaterThan(0);
    expect(r.maxRssKb, `peak memory ${r.maxRssKb} KiB`).toBeLessThan(CEILING_KB);
  }, 60_000);
});
