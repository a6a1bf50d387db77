/**
 * The TUI of daily use in a real pseudo-terminal (built binary, emulator over real HTTP): keys typed
 * before the first frame, small windows, the safe defaults of remove and of a created token, a filter
 * by health, progress on a big check, and TERM=dumb. Needs `npm run build` first.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/core/model.js';
import { e2eHarness } from '../support/e2e.js';
import { makeAccount, storeWith } from '../support/fixtures.js';
import { spawnAuthdeck, type TerminalSession } from '../support/pty.js';

const PAGE_DOWN = '\x1b[6~';
const ESC = '\x1b';

// Some latency on every request, so a check of 2,000 accounts takes long enough to be watched.
const e2e = e2eHarness({ latencyMs: 40 });
const { seed, tempDir } = e2e;

/** A config dir holding exactly these accounts, written as the store writes it (0700 / 0600). */
function deckOf(accounts: Account[]): string {
  const dir = tempDir('authdeck-daily-');
  const config = join(dir, 'config');
  mkdirSync(config, { mode: 0o700 });
  chmodSync(config, 0o700);
  writeFileSync(join(config, 'config.json'), JSON.stringify(storeWith(accounts)), { mode: 0o600 });
  return config;
}

function open(dir: string, size: { columns?: number; rows?: number } = {}, env: Record<string, string> = {}) {
  const session = spawnAuthdeck([], {
    env: { AUTHDECK_ENDPOINTS: e2e.endpoints, AUTHDECK_CONFIG_DIR: dir, ...env },
    ...size,
  });
  e2e.track(session);
  return session;
}

function stored(dir: string): Account[] {
  return (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { accounts: Account[] }).accounts;
}

const upsunAuth = () => `${e2e.emulator.endpoints.upsun.auth}/oauth2/token`;

/** Whether Upsun still takes `token` (the API-token exchange every Upsun client starts with). */
async function upsunTakes(token: string): Promise<boolean> {
  const response = await fetch(upsunAuth(), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('upsun-cli:').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'api_token', api_token: token, scope: '' }).toString(),
  });
  return response.status === 200;
}

/** Makes an Upsun API token through the emulator's API, as authdeck's create does: its value and id. */
async function upsunToken(): Promise<{ token: string; id: string }> {
  const exchange = await fetch(upsunAuth(), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('upsun-cli:').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'api_token', api_token: seed('upsun', 'valid').secret, scope: '' }),
  });
  const { access_token } = (await exchange.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${access_token}` };
  const me = (await (await fetch(`${e2e.emulator.endpoints.upsun.api}/users/me`, { headers: auth })).json()) as {
    id: string;
  };
  const made = await fetch(`${e2e.emulator.endpoints.upsun.api}/users/${me.id}/api-tokens`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'pty-test' }),
  });
  const body = (await made.json()) as { token: string; id: string };
  return { token: body.token, id: body.id };
}

/** How many rows the footer says are below (`↓ 3 more`, `PgDn 3 more`); 0 when it says nothing. */
function below(screen: string, keys: string): number {
  const lines = screen.split('\n').filter((l) => l.trim() !== '');
  const match = new RegExp(`${keys} (\\d+) more`).exec(lines.at(-1) ?? '');
  return match ? Number(match[1]) : 0;
}

/** The row the cursor is on. */
const cursorRow = (screen: string) => screen.split('\n').find((l) => l.startsWith('›')) ?? '';

/** Checks that the first row is the title and the last non-empty row the footer, on every frame asked. */
function expectPinned(session: TerminalSession, title: string, footer: string) {
  const lines = session.screenLines();
  expect(lines[0], session.screenText()).toContain(title);
  const last = lines.filter((l) => l.trim() !== '').at(-1) ?? '';
  expect(last, session.screenText()).toContain(footer);
}

describe('keys typed before the first frame', () => {
  it('j j j j j Enter written right after spawn opens the details of the 6th row', async () => {
    const labels = ['row-1', 'row-2', 'row-3', 'row-4', 'row-5', 'row-6', 'row-7', 'row-8'];
    const dir = deckOf(labels.map((label) => makeAccount({ provider: 'bearer', label })));
    const session = open(dir);
    session.write('jjjjj\r');
    await session.waitForText('Details · bearer/row-6');
  });
});

describe('small windows', () => {
  const upsunAccount = () =>
    makeAccount({
      provider: 'upsun',
      label: 'valid',
      secret: seed('upsun', 'valid').secret,
      identity: { username: 'radia', email: 'radia@example.com', name: 'Radia Perlman' },
      endpoints: { api: e2e.emulator.endpoints.upsun.api, auth: e2e.emulator.endpoints.upsun.auth },
      description: 'a long description that takes room on a narrow screen',
      checkedAt: '2026-11-02T10:00:00.000Z',
      health: 'valid',
    });

  it.each([
    [40, 15],
    [60, 20],
  ])('%i×%i: every fact of the details is reached by scrolling, title and footer pinned', async (columns, rows) => {
    const session = open(deckOf([upsunAccount()]), { columns, rows });
    await session.waitForText('valid');
    session.write('\r');
    // Taller than the window: the footer says how much is below.
    await session.waitFor((s) => s.includes('Details · upsun/valid') && below(s, '↓') > 0, 'the details, scrollable');
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      expectPinned(session, 'Details · upsun', 'Esc back');
      for (const line of session.screenLines()) seen.add(line.trim().split(/\s/)[0] ?? '');
      const more = below(session.screenText(), '↓');
      if (more === 0) break;
      session.write('j');
      await session.waitFor((s) => below(s, '↓') === more - 1, `${more - 1} rows below`);
    }
    for (const fact of ['Provider', 'Kind', 'Label', 'Secret', 'Health', 'Identity', 'Expires', 'Created', 'Remote'])
      expect(seen, `${fact} never shown`).toContain(fact);
  });

  it.each([
    [40, 15],
    [60, 20],
  ])(
    '%i×%i: a just-created token is reached whole by scrolling, and Esc asks before losing it',
    async (columns, rows) => {
      const dir = deckOf([upsunAccount()]);
      const session = open(dir, { columns, rows });
      await session.waitForText('valid');
      session.write('c');
      await session.waitForText('Create a personal token');
      session.write('\r\r\r');
      await session.waitForText('token id', 10_000);
      await session.waitFor((s) => below(s, 'PgDn') > 0 || s.includes('Do not store it'), 'the token and its choices');
      // Scroll from the top to the end with PgDn: every row of the token is seen on one logical line.
      const seen: string[] = [];
      for (let i = 0; i < 20; i++) {
        expectPinned(session, 'Create a personal token', 'Esc');
        seen.push(...session.logicalLines());
        const more = below(session.screenText(), 'PgDn');
        if (more === 0) break;
        session.write(PAGE_DOWN);
        await session.waitFor((s) => below(s, 'PgDn') < more, 'the token to scroll');
      }
      const tokenLine = seen.find((l) => /^[A-Za-z0-9_-]{20,}$/.test(l.trim()));
      expect(tokenLine, seen.join('\n')).toBeDefined();
      const token = tokenLine!.trim();
      expect(await upsunTakes(token)).toBe(true);
      expect(seen.some((l) => l.includes('Copy it now'))).toBe(true);
      expect(seen.some((l) => l.includes('Do not store it'))).toBe(true);

      // Esc asks; a second Esc goes back to the token; nothing is lost.
      session.write(ESC);
      await session.waitForText('Not stored yet');
      session.write(ESC);
      await session.waitFor((s) => !s.includes('Not stored yet'), 'back to the token');
      session.write(ESC);
      await session.waitForText('Go back to the token');
      // The question's second choice stores it.
      session.write('j\r');
      await session.waitForText('Stored it as', 10_000);
      const made = stored(dir).find((a) => a.secret === token);
      expect(made?.remoteTokenId).toBeTruthy();
      expect(await upsunTakes(token)).toBe(true);
    },
  );
});

describe('safe defaults', () => {
  it('d Enter forgets the account here and never revokes: the token still works on Upsun', async () => {
    const { token, id } = await upsunToken();
    const dir = deckOf([
      makeAccount({
        provider: 'upsun',
        label: 'made',
        secret: token,
        remoteTokenId: id,
        endpoints: { api: e2e.emulator.endpoints.upsun.api, auth: e2e.emulator.endpoints.upsun.auth },
      }),
    ]);
    const session = open(dir);
    await session.waitForText('upsun');
    session.write('d');
    await session.waitForText('Revoke upsun/made on Upsun');
    session.write('\r');
    await session.waitForText('Forgot upsun/made');
    expect(stored(dir)).toEqual([]);
    expect(await upsunTakes(token)).toBe(true);
  });
});

describe('a Bearer account', () => {
  it('authdeck add bearer asks for its who-am-I URL, then checks the token there', async () => {
    const { bearer: _none, ...others } = e2e.emulator.endpoints;
    const session = spawnAuthdeck(['add', 'bearer', '--label', 'api'], {
      env: { AUTHDECK_ENDPOINTS: JSON.stringify(others) },
    });
    e2e.track(session);
    await session.waitForText('› Who-am-I URL:');
    session.write(`${e2e.emulator.endpoints.bearer.whoami}\r`);
    await session.waitForText('› Token:');
    session.write(`\x1b[200~${seed('bearer', 'valid').secret}\x1b[201~`);
    await session.waitFor((s) => /\d+ characters/.test(s), 'the pasted token');
    session.write('\r');
    await session.waitForText('Stored bearer/api');
    expect(await session.exited).toBe(0);
    const [account] = stored(session.configDir);
    expect(account).toMatchObject({
      label: 'api',
      health: 'valid',
      endpoints: { whoami: e2e.emulator.endpoints.bearer.whoami },
    });
  });
});

describe('jobs the TUI does itself', () => {
  it('an unreachable service: the token is stored unchecked from the screen, no flag named', async () => {
    const session = spawnAuthdeck(['add', 'bearer', '--label', 'down'], {
      env: { AUTHDECK_ENDPOINTS: JSON.stringify({ bearer: { whoami: 'http://127.0.0.1:9/whoami' } }) },
    });
    e2e.track(session);
    await session.waitForText('› Token:');
    session.write(`\x1b[200~${seed('bearer', 'valid').secret}\x1b[201~`);
    await session.waitFor((s) => /\d+ characters/.test(s), 'the pasted token');
    session.write('\r');
    await session.waitForText('Store it without a check', 15_000);
    expect(session.screenText()).toContain('could not reach the API');
    expect(session.screenText()).not.toMatch(/(^|\s)--[a-z]/m);
    session.write('\r');
    await session.waitForText('Stored bearer/down');
    expect(await session.exited).toBe(0);
    expect(stored(session.configDir)[0]).toMatchObject({ label: 'down', health: 'unchecked' });
  });

  it('E on the details sets the who-am-I URL, and the account is checked there', async () => {
    const { bearer: _none, ...others } = e2e.emulator.endpoints;
    const dir = deckOf([makeAccount({ provider: 'bearer', label: 'api', secret: seed('bearer', 'valid').secret })]);
    const session = open(dir, {}, { AUTHDECK_ENDPOINTS: JSON.stringify(others) });
    await session.waitForText('bearer');
    session.write('\r');
    await session.waitForText('Details · bearer/api');
    session.write('E');
    await session.waitForText('› who-am-I URL:');
    session.write(`${e2e.emulator.endpoints.bearer.whoami}\r`);
    await session.waitForText(`whoami=${e2e.emulator.endpoints.bearer.whoami}`);
    await session.waitFor((s) => /Health\s+valid/.test(s), 'the account checked valid');
    // The row shows each result as it arrives; the batch is saved in one write once it ends.
    await session.waitFor(() => stored(dir)[0]?.health === 'valid', 'the result saved');
    expect(stored(dir)[0]).toMatchObject({
      health: 'valid',
      endpoints: { whoami: e2e.emulator.endpoints.bearer.whoami },
    });
  });
});

describe('filter by health', () => {
  it('/rejected keeps only the rows that show rejected', async () => {
    const accounts = [
      makeAccount({ provider: 'bearer', label: 'good-1', health: 'valid', checkedAt: '2026-11-02T10:00:00.000Z' }),
      makeAccount({ provider: 'bearer', label: 'bad-1', health: 'rejected', checkedAt: '2026-11-02T10:00:00.000Z' }),
      makeAccount({ provider: 'bearer', label: 'good-2', health: 'valid', checkedAt: '2026-11-02T10:00:00.000Z' }),
      makeAccount({ provider: 'bearer', label: 'bad-2', health: 'rejected', checkedAt: '2026-11-02T10:00:00.000Z' }),
    ];
    const session = open(deckOf(accounts));
    await session.waitForText('4 accounts');
    session.write('/rejected');
    await session.waitForText('2 of 4');
    const screen = session.screenText();
    expect(screen).toContain(' bad-1 ');
    expect(screen).toContain(' bad-2 ');
    expect(screen).not.toContain('good-');
    session.write('\r');
    await session.waitForText('Esc clear the filter');
    expect(cursorRow(session.screenText())).toContain('bad-');
  });
});

describe('a big check', () => {
  it('R on 2,000 accounts shows Checking… N of 2,000 as results arrive, then a summary', async () => {
    const valid = seed('bearer', 'valid').secret;
    const rejected = seed('bearer', 'rejected').secret;
    const accounts = Array.from({ length: 2_000 }, (_, i) =>
      makeAccount({
        provider: 'bearer',
        label: `bot-${String(i).padStart(4, '0')}`,
        secret: i % 2 === 0 ? valid : rejected,
      }),
    );
    const session = open(deckOf(accounts));
    await session.waitForText('User accounts (2,000)');
    session.write('R');
    let seen = -1;
    await session.waitFor(
      (s) => {
        const n = /Checking… ([\d,]+) of 2,000/.exec(s)?.[1];
        if (n === undefined) return false;
        seen = Number(n.replace(/,/g, ''));
        return seen > 0 && seen < 2_000;
      },
      'a count between 0 and 2,000',
      15_000,
    );
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(2_000);
    await session.waitForText('Checked 2,000: 1,000 valid, 1,000 rejected', 20_000);
  });
});

describe('TERM=dumb', () => {
  it('draws without cursor movement, line erasing, synchronized output or bracketed paste', async () => {
    const dir = deckOf([
      makeAccount({ provider: 'bearer', label: 'first', secret: seed('bearer', 'valid').secret }),
      makeAccount({ provider: 'bearer', label: 'second', secret: seed('bearer', 'rejected').secret }),
    ]);
    const session = open(dir, {}, { TERM: 'dumb' });
    await session.waitForText('2 accounts');
    session.write('j');
    // Frames follow each other as plain lines: the last one drawn is at the bottom.
    await session.waitFor((s) => (s.split('\n').findLast((l) => l.startsWith('›')) ?? '').includes('second'), 'second');
    session.write('R');
    await session.waitForText('Checked 2: 1 valid, 1 rejected');
    session.write('q');
    expect(await session.exited).toBe(0);
    const raw = session.rawOutput();
    for (const sequence of ['\x1b[1A', '\x1b[2K', '\x1b[?2026h', '\x1b[?2026l', '\x1b[?2004h', '\x1b[?2004l'])
      expect(raw.includes(sequence), JSON.stringify(sequence)).toBe(false);
  });
});
