/**
 * Issue 15, the store side of shared decks with real pass and gpg, in process: the entry format and paths, the
 * deck laid over the local store (writes through pass, nothing of a secret in authdeck's files), and every
 * failure mode: pass or gpg missing, an entry that does not decrypt, a locked key with no terminal, a hang cut
 * off at its deadline, a folder that is not a pass store.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAccount, withSecretsApart } from '../../src/app/accounts.js';
import { formatEntry, parseEntry } from '../../src/core/deck-entry.js';
import { openStore, type Store } from '../../src/store/file-store.js';
import { deckAccountId, listDeck, withDecks } from '../../src/store/pass-deck.js';
import { resolveSecretRef } from '../../src/store/secret-command.js';
import { tempDir } from '../support/fixtures.js';
import { type GpgHome, gpg, killAgent, makeGpgHome, missingPrograms, pass } from '../support/gpg.js';

/** The engines these tests drive; without them every test is skipped, naming what is missing. */
const missing = missingPrograms(['pass', 'gpg']);
const needs = missing ? ` (skipped: ${missing} not installed)` : '';
let team: GpgHome;
let carol: GpgHome;
let locked: GpgHome;
let storeDir: string;
let store: Store;
let warnings: string[];
const saved = { ...process.env };
const SECRET_A = 'deck-secret-a-0123456789abcdef';
const SECRET_B = 'deck-secret-b-0123456789abcdef';

beforeAll(() => {
  if (missing) return;
  team = makeGpgHome(['alice', 'bob']);
  carol = makeGpgHome(['carol']);
  locked = makeGpgHome(['dave'], 'dave-passphrase-0123');
  // Whatever the agent cached while the key was made is forgotten: the key is locked from here on.
  killAgent(locked.home);
  // Carol's public key in the team's keyring, so an entry can be encrypted for her alone.
  gpg(team.home, ['--batch', '--import'], gpg(carol.home, ['--armor', '--export', carol.keys.carol!]));
  process.env.GNUPGHOME = team.home;
}, 60_000);
afterAll(() => {
  process.env = saved;
  killAgent(team?.home);
  killAgent(carol?.home);
  killAgent(locked?.home);
});
beforeEach(() => {
  if (missing) return;
  process.env.GNUPGHOME = team.home;
  process.env.PATH = saved.PATH;
  storeDir = join(tempDir(), 'store');
  pass(team.home, storeDir, ['init', team.keys.alice!, team.keys.bob!]);
  warnings = [];
  store = withDecks(openStore({ dir: join(tempDir(), 'config') }), { onWarning: (m) => warnings.push(m) });
});

const attach = (name = 'team', prefix = 'authdeck/team', dir = storeDir) =>
  store.update((data) => {
    data.decks = { ...data.decks, [name]: { type: 'pass', store: dir, prefix } };
  });
const localText = () =>
  readdirSync(store.paths.dir)
    .map((f) => readFileSync(join(store.paths.dir, f), 'utf8'))
    .join('\n');

describe.skipIf(missing)(`entries${needs}`, () => {
  it('format and parse round-trip: the secret first, key: value lines after, as pass tools read them', () => {
    const text = formatEntry(SECRET_A, {
      url: 'https://kb.example.com/api/v1/kb/1',
      endpoints: { api: 'https://api.example.com' },
      description: 'ci\nbot',
      tokenId: 'tok-1',
    });
    expect(text).toBe(
      `${SECRET_A}\nurl: https://kb.example.com/api/v1/kb/1\nendpoint.api: https://api.example.com\ndescription: ci bot\ntoken-id: tok-1\n`,
    );
    expect(parseEntry(`${text}login: someone\nnot a field\n`)).toEqual({
      ok: true,
      secret: SECRET_A,
      fields: {
        url: 'https://kb.example.com/api/v1/kb/1',
        endpoints: { api: 'https://api.example.com' },
        description: 'ci bot',
        tokenId: 'tok-1',
      },
    });
    expect(parseEntry('\nurl: x')).toMatchObject({ ok: false });
  });

  it('a deck is listed from file names alone; anything not <provider>/<kind>/<label>.gpg is skipped', () => {
    const root = join(storeDir, 'authdeck/team');
    for (const path of [
      'curvenote/user/bot-a.gpg',
      'nuclia/kb/kb-1.gpg',
      'nope/user/x.gpg',
      'etm/user/notes.txt',
      'etm/x.gpg',
      'etm/user/bad label.gpg',
    ]) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), 'not even encrypted');
    }
    expect(
      listDeck({ type: 'pass', store: storeDir, prefix: 'authdeck/team' }).map((e) => [
        e.entry,
        e.provider,
        e.kind,
        e.label,
      ]),
    ).toEqual([
      ['authdeck/team/curvenote/user/bot-a', 'curvenote', 'user', 'bot-a'],
      ['authdeck/team/nuclia/kb/kb-1', 'nuclia', 'kb', 'kb-1'],
    ]);
  });
});

describe.skipIf(missing)(`the deck over the local store${needs}`, () => {
  it('add writes the entry through pass; the id is stable; the local files never hold the secret; remove runs pass rm', async () => {
    await attach();
    const { account } = await addAccount(store, {
      provider: 'bearer',
      kind: 'user',
      label: 'bot',
      secret: SECRET_A,
      endpoints: { whoami: 'https://api.example.com/me' },
      deck: 'team',
    });
    expect(account.id).toBe(deckAccountId('team', 'authdeck/team/bearer/user/bot'));
    expect(pass(team.home, storeDir, ['show', 'authdeck/team/bearer/user/bot'])).toBe(
      `${SECRET_A}\nendpoint.whoami: https://api.example.com/me\n`,
    );
    expect(localText()).not.toContain(SECRET_A);
    const [listed] = store.read().accounts;
    expect(listed).toMatchObject({ id: account.id, deck: 'team', storage: 'deck', secret: '' });
    expect(store.read().active['bearer/user']).toBe(account.id);
    // Resolved when needed, with what the entry says besides the secret.
    const { ready } = await withSecretsApart(store.read().accounts);
    expect(ready[0]).toMatchObject({ secret: SECRET_A, endpoints: { whoami: 'https://api.example.com/me' } });

    await store.update((data) => {
      data.accounts = data.accounts.filter((a) => a.id !== account.id);
    });
    expect(() => pass(team.home, storeDir, ['show', 'authdeck/team/bearer/user/bot'])).toThrow(
      /not in the password store/,
    );
  });

  it('a deck folder that is gone is a warning; the local accounts and the other decks still work', async () => {
    const other = join(tempDir(), 'gone');
    await attach('team');
    await attach('old', 'authdeck/old', other);
    await addAccount(store, { provider: 'bearer', kind: 'user', label: 'bot', secret: SECRET_A, deck: 'team' });
    await addAccount(store, { provider: 'bearer', kind: 'user', label: 'mine', secret: SECRET_B });
    expect(
      store
        .read()
        .accounts.map((a) => a.label)
        .sort(),
    ).toEqual(['bot', 'mine']);
    expect(warnings).toEqual([`the deck old cannot be read: ${other} does not exist`]);
  });
});

describe.skipIf(missing)(`failure modes${needs}`, () => {
  const deckAccount = async (label: string, secret: string) =>
    (await addAccount(store, { provider: 'bearer', kind: 'user', label, secret, deck: 'team' })).account;

  it('an entry that does not decrypt: that account is set apart with the reason, the others resolve', async () => {
    await attach();
    await deckAccount('good', SECRET_A);
    // An entry in a folder encrypted for carol alone, as a teammate could have written it.
    pass(team.home, storeDir, ['init', '-p', 'authdeck/team/bearer/kb', carol.keys.carol!]);
    process.env.PASSWORD_STORE_GPG_OPTS = '--trust-model always';
    pass(team.home, storeDir, ['insert', '--multiline', 'authdeck/team/bearer/kb/carols'], `${SECRET_B}\n`);
    delete process.env.PASSWORD_STORE_GPG_OPTS;
    const { ready, unreadable } = await withSecretsApart(store.read().accounts);
    expect(ready.map((a) => [a.label, a.secret])).toEqual([['good', SECRET_A]]);
    const [reason] = [...unreadable.values()];
    expect(reason).toContain('cannot get the secret of team:bearer/kb/carols from the deck team');
    expect(reason).toContain('does not decrypt with your keys');
    expect(reason).not.toContain(SECRET_B);
  });

  it('a locked key and no terminal: the message says to unlock gpg-agent', async () => {
    const dir = join(tempDir(), 'dave-store');
    pass(locked.home, dir, ['init', locked.keys.dave!]);
    pass(locked.home, dir, ['insert', '--multiline', 'bot'], `${SECRET_A}\n`);
    killAgent(locked.home);
    process.env.GNUPGHOME = locked.home;
    const started = Date.now();
    const error = await resolveSecretRef({ type: 'pass', entry: 'bot', store: dir }, { timeoutMs: 5_000 }).catch(
      (e) => e,
    );
    expect(error.message).toContain('gpg-agent needs the passphrase of your key');
    expect(error.message).toContain('unlock the agent');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a decryption that hangs is cut off at the deadline, and the message says to unlock the agent', async () => {
    // A gpg that waits forever, as one waiting on a pinentry nobody sees would.
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pass'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    process.env.PATH = `${bin}:${saved.PATH}`;
    const started = Date.now();
    const error = await resolveSecretRef({ type: 'pass', entry: 'bot', store: storeDir }, { timeoutMs: 300 }).catch(
      (e) => e,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.message).toContain('gpg did not decrypt bot in time');
    expect(error.message).toContain('unlock the agent');
  });

  it('pass not installed, gpg not installed: the message names the Debian package', async () => {
    pass(team.home, storeDir, ['insert', '--multiline', 'bot'], `${SECRET_A}\n`);
    process.env.PATH = join(tempDir(), 'empty');
    await expect(resolveSecretRef({ type: 'pass', entry: 'bot', store: storeDir })).rejects.toThrow(
      'pass is not installed: install the Debian package `pass`',
    );
    // Everything on PATH but gpg.
    const bin = join(tempDir(), 'no-gpg');
    mkdirSync(bin);
    for (const dir of ['/usr/bin', '/bin']) {
      for (const name of readdirSync(dir)) {
        if (name === 'gpg' || name === 'gpg2') continue;
        try {
          symlinkSync(join(dir, name), join(bin, name));
        } catch {}
      }
    }
    process.env.PATH = bin;
    await expect(resolveSecretRef({ type: 'pass', entry: 'bot', store: storeDir })).rejects.toThrow(
      'gpg is not installed: install the Debian package `gnupg`',
    );
  });
});
