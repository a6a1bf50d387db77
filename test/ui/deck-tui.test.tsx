/**
 * Issue 15 in the TUI, over the real service and a real store with a deck on a real pass store (throw-away
 * GNUPGHOME, passphrase-less key) and the emulator: `e` on a deck account replaces its deck's entry, never a local
 * account of the same label; `u` and `s` make a deck account active on this machine only, writing nothing to the
 * deck.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../src/app/accounts.js';
import { type AccountService, createAccountService } from '../../src/app/service.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openStore, type Store } from '../../src/store/file-store.js';
import { deckAccountId, withDecks } from '../../src/store/pass-deck.js';
import { renderApp } from '../support/app.js';
import { tempDir } from '../support/fixtures.js';
import { type GpgHome, killAgent, makeGpgHome, missingPrograms, pass } from '../support/gpg.js';
import { frame, KEYS, lines, press, waitFor, waitForText } from '../support/ink.js';

/** The engines these tests drive; without them every test is skipped, naming what is missing. */
const missing = missingPrograms(['pass', 'gpg']);
const needs = missing ? ` (skipped: ${missing} not installed)` : '';
const saved = { GNUPGHOME: process.env.GNUPGHOME, AUTHDECK_ENDPOINTS: process.env.AUTHDECK_ENDPOINTS };
const ENTRY = 'authdeck/team/platformsh/user/bot';
const OLD = 'deck-old-secret-0123456789abcdef';
const LOCAL = 'local-bot-secret-0123456789abcdef';

let gnupg: GpgHome;
let emulator: RunningEmulator;
let storeDir: string;
let store: Store;
let service: AccountService;
let deckId: string;
let localId: string;

beforeAll(async () => {
  if (missing) return;
  gnupg = makeGpgHome(['alice']);
  process.env.GNUPGHOME = gnupg.home;
  emulator = await startEmulator({ port: 0 });
  process.env.AUTHDECK_ENDPOINTS = JSON.stringify(emulator.endpoints);
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  killAgent(gnupg?.home);
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(async () => {
  if (missing) return;
  storeDir = join(tempDir(), 'store');
  pass(gnupg.home, storeDir, ['init', gnupg.keys.alice!]);
  const config = join(tempDir(), 'config');
  store = withDecks(openStore({ dir: config }));
  await store.update((data) => {
    data.decks = { team: { type: 'pass', store: storeDir, prefix: 'authdeck/team' } };
  });
  // A local account first (so it is the active one), then a deck account with the very same label.
  localId = (await addAccount(store, { provider: 'platformsh', kind: 'user', label: 'bot', secret: LOCAL })).account.id;
  // What teammates put in the entry besides the secret: endpoint overrides and a description.
  deckId = (
    await addAccount(store, {
      provider: 'platformsh',
      kind: 'user',
      label: 'bot',
      secret: OLD,
      deck: 'team',
      endpoints: emulator.endpoints.platformsh,
      description: 'the CI bot',
    })
  ).account.id;
  expect(deckId).toBe(deckAccountId('team', ENTRY));
  service = createAccountService({ store, env: {}, cwd: config, debounceMs: 10 });
});
afterEach(() => {
  cleanup();
  service?.close();
});

const entryText = () => pass(gnupg.home, storeDir, ['show', ENTRY]);
const entryBytes = () => readFileSync(join(storeDir, `${ENTRY}.gpg`));
const localFiles = () =>
  readdirSync(store.paths.dir)
    .filter((f) => f.endsWith('.json') || f.endsWith('.log'))
    .map((f) => readFileSync(join(store.paths.dir, f), 'utf8'))
    .join('\n');
const validSecret = () =>
  emulator.seed.find((s) => s.provider === 'platformsh' && s.kind === 'user' && s.expect === 'valid')!.secret;

/** Filters the list to the deck and opens nothing: the deck's account is highlighted. */
async function highlightDeckAccount(app: Awaited<ReturnType<typeof renderApp>>) {
  await press(app, '/');
  await press(app, 'team');
  await press(app, KEYS.enter);
  const row = lines(app).find((l) => l.includes('›') && l.includes('platformsh'))!;
  expect(row).toMatch(/bot\s+team\s/);
}

describe.skipIf(missing)(`a deck account in the TUI${needs}`, () => {
  it('e on its details replaces the entry in the deck (pass insert -f), not the local account of that label', async () => {
    const fresh = validSecret();
    const app = await renderApp(service);
    await highlightDeckAccount(app);
    await press(app, KEYS.enter);
    expect(frame(app)).toContain('team:platformsh/bot');
    await press(app, 'e');
    expect(frame(app)).toContain('Replace the secret · team:platformsh/bot');
    await press(app, fresh);
    await press(app, KEYS.enter);
    await waitForText(app, 'Replaced the secret of', 15_000);
    expect(frame(app)).toContain('Replaced the secret of team:platformsh/bot');

    // The deck's entry holds the new secret, and still what teammates put there besides it; the local account
    // of the same label still has its own.
    const [secret, ...fields] = entryText().trimEnd().split('\n');
    expect(secret).toBe(fresh);
    expect(fields.sort()).toEqual(
      [
        `endpoint.api: ${emulator.endpoints.platformsh!.api}`,
        `endpoint.auth: ${emulator.endpoints.platformsh!.auth}`,
        'description: the CI bot',
      ].sort(),
    );
    const { accounts } = store.read();
    expect(accounts.map((a) => [a.id, a.deck ?? null]).sort()).toEqual(
      [
        [deckId, 'team'],
        [localId, null],
      ].sort(),
    );
    expect(accounts.find((a) => a.id === localId)!.secret).toBe(LOCAL);
    expect(accounts.find((a) => a.id === deckId)).toMatchObject({ health: 'valid', storage: 'deck' });
    // Nothing of either deck secret reaches authdeck's own files.
    expect(localFiles()).not.toContain(fresh);
    expect(localFiles()).not.toContain(OLD);
  }, 30_000);

  it('E shows the endpoints its entry holds, and saving writes them to the entry, keeping the rest of it', async () => {
    const urls = emulator.endpoints.platformsh!;
    const app = await renderApp(service);
    await highlightDeckAccount(app);
    await press(app, KEYS.enter);
    await press(app, 'E');
    // Read from the entry: the listing knows nothing of them.
    await waitForText(app, 'Reading the entry in the deck team');
    await waitFor(() => !frame(app).includes('Reading the entry'), 'the entry to be read', 10_000, app);
    expect(frame(app)).toContain(`auth URL: ${urls.auth}`);
    expect(frame(app)).toContain(`api URL: ${urls.api}`);
    // The auth URL back to its default; the API URL kept.
    await press(app, KEYS.ctrlU);
    await press(app, KEYS.enter);
    // Saved, back on the details, and checked there (the check's result is this machine's, not the entry's).
    await press(app, KEYS.enter, { until: () => frame(app).startsWith('Details'), timeoutMs: 10_000 });
    await waitFor(
      () => store.read().accounts.find((a) => a.id === deckId)!.checkedAt !== null,
      'the check at the new endpoints',
      10_000,
      app,
    );
    const [secret, ...fields] = entryText().trimEnd().split('\n');
    expect(secret).toBe(OLD);
    expect(fields.sort()).toEqual([`endpoint.api: ${urls.api}`, 'description: the CI bot'].sort());
    expect(await service.readEndpoints(deckId)).toEqual({ api: urls.api });
    expect(localFiles()).not.toContain(OLD);
  }, 30_000);

  it('r checks it with the secret from the entry, and the result is kept on this machine, not in the deck', async () => {
    const before = entryBytes();
    const app = await renderApp(service);
    await highlightDeckAccount(app);
    await press(app, 'r');
    await waitFor(
      () => store.read().accounts.find((a) => a.id === deckId)!.checkedAt !== null,
      'the result to be saved',
      10_000,
      app,
    );
    // OLD is no token the emulator knows.
    expect(store.read().accounts.find((a) => a.id === deckId)!.health).toBe('rejected');
    expect(JSON.parse(readFileSync(store.paths.config, 'utf8')).deckState[deckId].health).toBe('rejected');
    expect(entryBytes().equals(before)).toBe(true);
  }, 30_000);

  it('u makes it active here only: the choice is local, the deck entry is not written', async () => {
    const before = entryBytes();
    expect(store.read().active['platformsh/user']).toBe(localId);
    const app = await renderApp(service);
    await highlightDeckAccount(app);
    await press(app, 'u', { until: () => frame(app).includes('is now the active') });
    expect(frame(app)).toContain('team:platformsh/bot is now the active platformsh user account.');
    expect(store.read().active['platformsh/user']).toBe(deckId);
    expect(JSON.parse(readFileSync(store.paths.config, 'utf8')).active['platformsh/user']).toBe(deckId);
    // pass insert would re-encrypt the entry (a new session key): the same bytes mean it was not written.
    expect(entryBytes().equals(before)).toBe(true);
    expect(entryText().split('\n')[0]).toBe(OLD);
  }, 30_000);

  it('s lists the deck account apart from the local one of the same label, and choosing it stays local', async () => {
    const before = entryBytes();
    const app = await renderApp(service);
    await press(app, 's');
    await waitForText(app, 'Which platformsh account is active?');
    const choices = lines(app).filter((l) => /\bbot\b/.test(l));
    expect(choices.some((l) => l.includes('team:bot'))).toBe(true);
    expect(choices.some((l) => !l.includes('team:bot'))).toBe(true);
    // Move to the deck's choice, then make it active.
    for (let i = 0; i < 2 && !lines(app).some((l) => l.includes('›') && l.includes('team:bot')); i++)
      await press(app, KEYS.down);
    expect(lines(app).find((l) => l.includes('›'))).toContain('team:bot');
    await press(app, KEYS.enter, { until: () => store.read().active['platformsh/user'] === deckId });
    await waitFor(() => frame(app).includes('is now the active'), 'the status line', 2_000, app);
    expect(entryBytes().equals(before)).toBe(true);
  }, 30_000);
});
