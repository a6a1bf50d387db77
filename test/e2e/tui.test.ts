/**
 * The built binary in a real pseudo-terminal, against the emulator: what a person does with the
 * keyboard. Needs `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eHarness } from '../support/e2e.js';
import { ROOT, spawnAuthdeck, type TerminalSession } from '../support/pty.js';

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const e2e = e2eHarness();
const { seed, tempDir } = e2e;

function open(args: string[], env: Record<string, string> = {}): TerminalSession {
  const session = spawnAuthdeck(args, { env: { AUTHDECK_ENDPOINTS: e2e.endpoints, ...env } });
  e2e.track(session);
  return session;
}

/** Pastes `text` in `parts` writes inside bracketed-paste markers, as a terminal delivers a long paste. */
async function paste(session: TerminalSession, text: string, parts: number): Promise<void> {
  const size = Math.ceil(text.length / parts);
  session.write(PASTE_START);
  for (let i = 0; i < parts; i++) {
    session.write(text.slice(i * size, (i + 1) * size));
    await sleep(15);
  }
  session.write(PASTE_END);
}

function storedConfig(dir: string): {
  accounts: Array<{ id: string; label: string; provider: string }>;
  active: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
}

describe('authdeck add <provider> on a terminal', () => {
  it('opens the paste screen in the token field, checks a pasted token and exits 0 once stored', async () => {
    const session = open(['add', 'bearer', '--label', 'pty']);
    await session.waitForText('› Token:');
    expect(session.screenText()).toContain('Provider: Bearer');
    await paste(session, seed('bearer', 'valid').secret, 3);
    await session.waitFor((s) => /\d+ characters/.test(s), 'the pasted token');
    session.write('\r');
    await session.waitForText('Stored bearer/pty');
    expect(await session.exited).toBe(0);
    expect(storedConfig(session.configDir).accounts.map((a) => a.label)).toEqual(['pty']);
  });

  it('keeps every chunk of a 2,000-character paste, then refuses a token the service rejects', async () => {
    const session = open(['add', 'bearer']);
    await session.waitForText('› Token:');
    await paste(session, `${'A'.repeat(1996)}WXYZ`, 5);
    await session.waitForText('2,000 characters, AAAA…WXYZ');
    session.write('\r');
    await session.waitForText('rejected the token');
    expect(session.screenText()).toContain('nothing was stored');
    session.write('\x1b');
    // The first Esc leaves the refusal; the second, sent once the screen shows that, cancels.
    await session.waitFor((s) => !s.includes('rejected the token'), 'the refusal to close');
    session.write('\x1b');
    expect(await session.exited).toBe(1);
    expect(existsSync(join(session.configDir, 'config.json'))).toBe(false);
  });

  it('--replace swaps the secret of the existing label in place: same id, still active', async () => {
    const session = open(['add', 'bearer', '--label', 'swap', '--replace']);
    const first = spawn(
      process.execPath,
      [join(ROOT, 'bin/authdeck.js'), 'add', 'bearer', '--label', 'swap', '--no-check'],
      {
        env: { ...process.env, AUTHDECK_CONFIG_DIR: session.configDir, AUTHDECK_ENDPOINTS: e2e.endpoints },
      },
    );
    first.stdin.end('bt_placeholder_secret_0000000000');
    await new Promise((resolve) => first.on('close', resolve));
    const before = storedConfig(session.configDir).accounts;
    await session.waitForText('› Token:');
    await paste(session, seed('bearer', 'valid').secret, 2);
    session.write('\r');
    await session.waitForText('Replaced the secret of bearer/swap');
    expect(await session.exited).toBe(0);
    const after = storedConfig(session.configDir);
    expect(after.accounts.map((a) => a.id)).toEqual(before.map((a) => a.id));
    expect(after.active['bearer/user']).toBe(before[0]!.id);
  });

  it('Esc cancels with a non-zero exit and stores nothing', async () => {
    const session = open(['add', 'curvenote']);
    await session.waitForText('› Token:');
    session.write('half-typed');
    await session.waitForText('10 characters');
    session.write('\x1b');
    expect(await session.exited).not.toBe(0);
    expect(existsSync(join(session.configDir, 'config.json'))).toBe(false);
  });
});

describe('authdeck on a terminal', () => {
  it('selects, checks all, filters and quits with status 0', async () => {
    const dir = tempDir();
    const env = { ...process.env, AUTHDECK_CONFIG_DIR: dir, AUTHDECK_ENDPOINTS: e2e.endpoints, CI: 'true' };
    // Asynchronously: the emulator answers from this very process.
    const add = (provider: string, label: string, secret: string, ...flags: string[]) =>
      new Promise<void>((done, fail) => {
        const child = spawn(
          process.execPath,
          [join(ROOT, 'bin/authdeck.js'), 'add', provider, '--label', label, ...flags],
          {
            env,
          },
        );
        let stderr = '';
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        child.on('close', (code) =>
          code === 0 ? done() : fail(new Error(`add ${provider} exited ${code}: ${stderr}`)),
        );
        child.stdin.end(secret);
      });
    await add('bearer', 'first', seed('bearer', 'valid').secret);
    await add('curvenote', 'writer', seed('curvenote', 'valid').secret);
    await add('bearer', 'second', seed('bearer', 'rejected').secret, '--no-check');

    const session = open([], { AUTHDECK_CONFIG_DIR: dir });
    await session.waitForText('User accounts (3)');
    const row = (label: string) => session.screenLines().find((l) => l.includes(` ${label} `)) ?? '';
    expect(row('first')).toContain('●');
    expect(row('second')).not.toContain('●');

    // Select: move to `second` and make it active.
    session.write('j');
    await session.waitFor(
      (s) => s.split('\n').some((l) => l.startsWith('›') && l.includes('second')),
      'the cursor on second',
    );
    session.write('u');
    await session.waitForText('bearer/second is now the active bearer user account');
    expect(row('second')).toContain('●');
    const config = storedConfig(dir);
    expect(config.active['bearer/user']).toBe(config.accounts.find((a) => a.label === 'second')!.id);

    // Check all: every row gets its result.
    session.write('R');
    await session.waitForText('Checked 3: 2 valid, 1 rejected');
    expect(row('second')).toContain('rejected');
    expect(row('writer')).toContain('valid');

    // Filter: typing narrows; Enter keeps the highlighted row.
    session.write('/writ');
    await session.waitForText('1 of 3');
    expect(session.screenText()).not.toContain(' first ');
    session.write('\r');
    await session.waitForText('Esc clear the filter');
    session.write('\x1b');
    await session.waitForText('3 accounts');

    session.write('q');
    expect(await session.exited).toBe(0);
  });

  it('writes from the CLI while the TUI writes too: nothing is lost, and the screen follows the file', async () => {
    const dir = tempDir();
    const env = { ...process.env, AUTHDECK_CONFIG_DIR: dir, AUTHDECK_ENDPOINTS: e2e.endpoints, CI: 'true' };
    const cli = (args: string[], input = '') =>
      new Promise<void>((done, fail) => {
        const child = spawn(process.execPath, [join(ROOT, 'bin/authdeck.js'), ...args], { env });
        let stderr = '';
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        child.on('close', (code) =>
          code === 0 ? done() : fail(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)),
        );
        child.stdin.end(input);
      });
    await cli(['add', 'bearer', '--label', 'first'], seed('bearer', 'valid').secret);
    const session = open([], { AUTHDECK_CONFIG_DIR: dir });
    await session.waitForText('1 account');

    // Ten CLI writers and the TUI's own write (a check of all, saved in one locked write) at once.
    const bots = Array.from({ length: 10 }, (_, i) => `bot-${i}`);
    const adding = Promise.all(
      bots.map((label) => cli(['add', 'bearer', '--label', label, '--no-check'], `bt_bot_secret_${label}_0123456789`)),
    );
    session.write('R');
    await adding;
    // The TUI reloads when the file changes underneath it.
    await session.waitForText('11 accounts');
    session.write('R');
    await session.waitForText('Checked 11: 1 valid, 10 rejected');
    // And a CLI write after the TUI's keeps what the TUI saved.
    await cli(['use', 'bearer/bot-3']);
    await session.waitFor(
      (screen) => screen.split('\n').some((l) => l.includes(' bot-3 ') && l.includes('●')),
      'bot-3 shown active',
    );
    session.write('q');
    expect(await session.exited).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
      accounts: Array<{ id: string; label: string; health: string }>;
      active: Record<string, string>;
    };
    expect(config.accounts.map((a) => a.label).sort()).toEqual(['first', ...bots].sort());
    expect(config.accounts.filter((a) => a.health === 'unchecked')).toEqual([]);
    expect(config.active['bearer/user']).toBe(config.accounts.find((a) => a.label === 'bot-3')!.id);
  });

  it('follows a resize: columns drop when narrow and come back', async () => {
    const session = open(['demo'], {});
    await session.waitForText('demo: a throw-away config');
    expect(session.screenText()).toContain('SECRET');
    session.resize(60, 30);
    await session.waitFor((s) => !s.includes('SECRET') && s.includes('HEALTH'), 'the narrow layout');
    session.resize(120, 35);
    await session.waitForText('SECRET');
    session.write('q');
    expect(await session.exited).toBe(0);
  });
});

describe('authdeck demo', () => {
  it('runs against the emulator and never touches the real config', async () => {
    const home = tempDir();
    const xdg = tempDir();
    const config = tempDir();
    const session = spawnAuthdeck(['demo'], { env: { HOME: home, XDG_CONFIG_HOME: xdg, AUTHDECK_CONFIG_DIR: config } });
    e2e.track(session);
    await session.waitForText('demo: a throw-away config against the built-in emulator');
    expect(session.screenText()).toContain('User accounts');
    // The tour checks everything as it opens: every health shows without a key.
    await session.waitForText('Checked 25:', 15_000);
    expect(session.screenText()).toMatch(/valid[\s\S]*rejected/);
    session.write('q');
    expect(await session.exited).toBe(0);
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(xdg)).toEqual([]);
    expect(readdirSync(config)).toEqual([]);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('killed with %s, it still removes its throw-away config and exits %i', async (signal, code) => {
    const tmp = tempDir();
    const session = spawnAuthdeck(['demo'], { env: { TMPDIR: tmp } });
    e2e.track(session);
    await session.waitForText('demo: a throw-away config against the built-in emulator');
    expect(readdirSync(tmp).filter((n) => n.startsWith('authdeck-demo-'))).toHaveLength(1);
    session.signal(signal);
    expect(await session.exited).toBe(code);
    expect(readdirSync(tmp).filter((n) => n.startsWith('authdeck-demo-'))).toEqual([]);
  });
});
