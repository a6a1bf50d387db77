/**
 * The package as a new user meets it: `npm pack` on a tree without dist/ (prepack must build the bundle), then
 * `npm install -g` of that tarball into an empty prefix, offline, and the installed `authdeck` run for real:
 * --version, list, completion, emulator, demo (in a PTY), and `npx --yes <tarball> demo`.
 * The tree is copied to a temp dir so that packing never rebuilds the dist/ other tests are running.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, spawnAuthdeck, type TerminalSession } from '../support/pty.js';

const run = promisify(execFile);
const MAX_INSTALLED_BYTES = 10 * 1024 * 1024;
const version: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

let work: string;
let tarball: string;
let prefix: string;
let bin: string;
let configDir: string;
const sessions: TerminalSession[] = [];
const children: ChildProcess[] = [];

/** An environment without the npm_* variables of the `npm test` that may be running us. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, AUTHDECK_CONFIG_DIR: configDir, ...extra };
}

function bytesUnder(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'authdeck-pack-'));
  const tree = join(work, 'tree');
  mkdirSync(tree);
  for (const name of ['package.json', 'package-lock.json', 'README.md', 'bin', 'scripts', 'src'])
    cpSync(join(ROOT, name), join(tree, name), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: tree,
    env: cleanEnv(),
    maxBuffer: 16 * 1024 * 1024,
  });
  tarball = join(work, JSON.parse(stdout)[0].filename);
  prefix = join(work, 'prefix');
  mkdirSync(prefix);
  configDir = join(work, 'config');
  mkdirSync(configDir);
  await run('npm', ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
    cwd: work,
    env: cleanEnv(),
  });
  bin = join(prefix, 'bin', 'authdeck');
}, 180_000);

afterAll(async () => {
  for (const s of sessions) await s.dispose();
  for (const c of children) if (c.exitCode === null) c.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the built bundle and asks for nothing the bundle already contains', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    expect(stdout.split('\n')).toEqual(expect.arrayContaining(['package/bin/authdeck.js', 'package/dist/main.js']));
    const installed = join(prefix, 'lib', 'node_modules', 'authdeck');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(Object.keys(manifest.optionalDependencies ?? {})).toEqual(['@napi-rs/keyring']);
    // Only the optional keyring (and its platform binary) may come along; offline without its packument, nothing.
    let nested: string[] = [];
    try {
      nested = readdirSync(join(installed, 'node_modules'));
    } catch {}
    expect(nested.filter((name) => name !== '@napi-rs' && name !== '.package-lock.json')).toEqual([]);
    const size = bytesUnder(prefix);
    console.info(`authdeck installed size: ${(size / 1024 / 1024).toFixed(2)} MiB`);
    expect(size).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
  });

  it('installs a working authdeck: --version, list, completion', async () => {
    expect((await run(bin, ['--version'], { env: cleanEnv() })).stdout.trim()).toBe(version);
    const list = await run(bin, ['list', '--json'], { env: cleanEnv() });
    expect(JSON.parse(list.stdout)).toEqual({ accounts: [], env: [] });
    const completion = await run(bin, ['completion', 'bash'], { env: cleanEnv() });
    expect(completion.stdout).toContain('complete ');
    expect(completion.stdout).toContain('authdeck');
  });

  it('serves the emulator from the installed package', async () => {
    const child = spawn(bin, ['emulator', '--port', '0'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const line = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout! });
      rl.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    const announced = JSON.parse(line) as {
      url: string;
      endpoints: { bearer: { whoami: string } };
      seed: Array<{ provider: string; expect: string; secret: string }>;
    };
    expect(announced.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const valid = announced.seed.find((s) => s.provider === 'bearer' && s.expect === 'valid');
    const answer = await fetch(announced.endpoints.bearer.whoami, {
      headers: { authorization: `Bearer ${valid!.secret}` },
    });
    expect(answer.status).toBe(200);
    child.kill('SIGTERM');
  });

  it('opens the demo from the installed package, in a terminal', async () => {
    const session = spawnAuthdeck(['demo'], { program: [bin], cwd: work });
    sessions.push(session);
    await session.waitForText('demo: a throw-away config', 20_000);
    await session.waitForText('Processing keys', 20_000);
    session.write('q');
    expect(await session.exited).toBe(0);
  });

  it('opens the demo with `npx --yes <tarball> demo`, offline', async () => {
    const cache = join(work, 'npx-cache');
    // `./name.tgz` as the README writes it: npx takes an absolute path for a command, not a package.
    const session = spawnAuthdeck(['--yes', `./${basename(tarball)}`, 'demo'], {
      program: ['npx'],
      cwd: work,
      env: { npm_config_cache: cache, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    });
    sessions.push(session);
    await session.waitForText('demo: a throw-away config', 40_000);
    session.write('q');
    expect(await session.exited).toBe(0);
  }, 60_000);
});
