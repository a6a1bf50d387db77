/**
 * `kill -9` at any moment of a write never leaves config.json or config.backup.json cut or empty: a child process
 * loops real store updates (the backup rewritten on every one, large enough that a write takes a while) and is
 * killed at a random point of its loop, again and again; after each kill both files parse.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = tempDir('authdeck-kill-');
const writer = join(work, 'writer.mjs');

// The real store, bundled like the product (a createRequire banner for proper-lockfile).
buildSync({
  absWorkingDir: root,
  stdin: {
    contents: `
      import { openStore } from './src/store/file-store.ts';
      const store = openStore({ dir: process.env.DIR, lockWaitMs: 30000 });
      const pad = 'p'.repeat(600);
      for (let n = 0; ; n++) {
        await store.update((d) => {
          // Every other update removes an account, so the backup is rewritten from the new text too.
          if (n % 2 === 1 && d.accounts.length > 1) d.accounts.shift();
          for (let i = 0; i < 300; i++) {
            d.accounts.push({
              id: 'i' + n.toString(36) + '-' + i, provider: 'bearer', kind: 'user', label: 'l' + n + '-' + i,
              secret: 'secret-' + n + '-' + i + '-abcdefghijkl', storage: 'file', endpoints: {}, identity: null,
              resource: null, scopes: null, expiresAt: null, remoteTokenId: null, description: pad,
              createdAt: new Date().toISOString(), checkedAt: null, health: 'unchecked', reason: null,
            });
          }
          if (d.accounts.length > 1500) d.accounts.splice(0, 300);
        });
        process.stdout.write('w');
      }
    `,
    resolveDir: root,
    loader: 'ts',
    sourcefile: 'writer-entry.ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: writer,
  banner: { js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);" },
  external: ['@napi-rs/keyring'],
  logLevel: 'silent',
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Resolves once the child has reported `writes` completed updates. */
function afterWrites(child: ChildProcess, writes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen >= writes) resolve();
    });
    child.once('exit', (code, signal) => {
      if (seen < writes) reject(new Error(`writer exited early (${code ?? signal})`));
    });
  });
}

const parses = (file: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text.length).toBeGreaterThan(0);
  return JSON.parse(text) as { accounts: unknown[] };
};

describe('kill -9 during writes', () => {
  it('leaves config.json and config.backup.json whole, every time', async () => {
    for (let round = 0; round < 10; round++) {
      const dir = join(work, `round-${round}`);
      const child = spawn(process.execPath, [writer], {
        env: { ...process.env, DIR: dir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      // Killed while the next update is under way: at a random moment after 2–4 completed ones.
      await afterWrites(child, 2 + (round % 3));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      expect(parses(join(dir, 'config.json')).accounts.length).toBeGreaterThan(0);
      expect(parses(join(dir, 'config.backup.json')).accounts.length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('a killed write leaves at most a temp file, which the next write clears', async () => {
    const dir = join(work, 'leftover');
    const child = spawn(process.execPath, [writer], {
      env: { ...process.env, DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await afterWrites(child, 1);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // As a killed writer leaves it: a half-written temp file holding secrets, and its lock.
    writeFileSync(join(dir, '.config.json.tmp-99999-0123456789ab'), '{"accounts":[{"secret":"half');
    rmSync(join(dir, 'config.json.lock'), { recursive: true, force: true });
    const { openStore } = await import('../../src/store/file-store.js');
    await openStore({ dir }).update(() => {});
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
