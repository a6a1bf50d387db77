import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { accountRef, matchReference, resolveReference, shortestRefs } from '../../src/core/references.js';
import { makeAccount } from '../support/fixtures.js';

const alice = makeAccount({ id: 'a1a1a1a1', provider: 'curvenote', label: 'alice' });
const aliceNuclia = makeAccount({ id: 'b2b2b2b2', provider: 'nuclia', label: 'alice' });
const kbAlice = makeAccount({ id: 'c3c3c3c3', provider: 'nuclia', kind: 'kb', label: 'alice' });
const work = makeAccount({ id: 'd4d4d4d4', provider: 'upsun', label: 'work' });
const all = [alice, aliceNuclia, kbAlice, work];

describe('account references', () => {
  it('resolves an id, provider/label, provider/kind/label and a unique bare label', () => {
    expect(resolveReference('a1a1a1a1', all)).toBe(alice);
    expect(resolveReference('curvenote/alice', all)).toBe(alice);
    expect(resolveReference('nuclia/kb/alice', all)).toBe(kbAlice);
    expect(resolveReference('nuclia/user/alice', all)).toBe(aliceNuclia);
    expect(resolveReference('work', all)).toBe(work);
  });
  it('an ambiguous reference is an input error listing the candidates', () => {
    try {
      resolveReference('nuclia/alice', all);
      expect.fail('resolved an ambiguous reference');
    } catch (error) {
      expect((error as UserError).code).toBe(2);
      expect((error as UserError).message).toContain('nuclia/alice (id b2b2b2b2)');
      expect((error as UserError).message).toContain('nuclia/kb/alice (id c3c3c3c3)');
    }
  });
  it('an unknown reference is exit 4', () => {
    expect(() => resolveReference('nobody', all)).toThrow(UserError);
    try {
      resolveReference('curvenote/bob', all);
    } catch (error) {
      expect((error as UserError).code).toBe(4);
    }
  });
  it('accountRef and shortestRefs name the account', () => {
    expect(accountRef(alice)).toBe('curvenote/alice');
    expect(accountRef(kbAlice)).toBe('nuclia/kb/alice');
    expect(shortestRefs(all)).toEqual(['curvenote/alice', 'nuclia/user/alice', 'nuclia/kb/alice', 'work']);
  });
  it("shortestRefs: a deck's account is named within its deck; a local one that a deck shares is named by id", () => {
    const bot = makeAccount({ id: 'e5e5e5e5', provider: 'upsun', label: 'bot' });
    const deckBot = makeAccount({ id: 'f6f6f6f6', provider: 'upsun', label: 'bot', deck: 'team' });
    const deckWork = makeAccount({ id: 'a7a7a7a7', provider: 'etm', label: 'work', deck: 'team' });
    const lone = makeAccount({ id: 'b8b8b8b8', provider: 'etm', label: 'lone', deck: 'team' });
    const accounts = [bot, deckBot, work, deckWork, lone];
    // `upsun/bot` and `upsun/user/bot` match both: only the id names the local one.
    expect(shortestRefs(accounts)).toEqual(['e5e5e5e5', 'team:upsun/bot', 'upsun/work', 'team:etm/work', 'lone']);
    for (const [i, ref] of shortestRefs(accounts).entries()) expect(resolveReference(ref, accounts)).toBe(accounts[i]);
  });
  it('property: the shortest reference of every account, local or in a deck, resolves back to it', () => {
    const label = fc.constantFrom('a', 'b', 'work', 'bot-1');
    const provider = fc.constantFrom('curvenote', 'nuclia', 'upsun' as const);
    const kind = fc.constantFrom('user', 'kb', 'processing' as const);
    const deck = fc.constantFrom('', 'team', 'ops');
    fc.assert(
      fc.property(
        // Unique within its place (a deck, or the local config), as the store keeps them.
        fc.uniqueArray(fc.tuple(deck, provider, kind, label), { selector: (t) => t.join('/'), maxLength: 16 }),
        (rows) => {
          const accounts = rows.map(([d, p, k, l], i) =>
            makeAccount({ id: `id${i}xx`, provider: p as 'nuclia', kind: k as 'user', label: l, deck: d || null }),
          );
          const refs = shortestRefs(accounts);
          for (const [i, a] of accounts.entries()) {
            expect(resolveReference(refs[i]!, accounts)).toBe(a);
            // Never longer than its full reference (deck, provider, kind and label), unless only the id names it.
            const full = `${a.deck ? `${a.deck}:` : ''}${a.provider}/${a.kind}/${a.label}`;
            if (refs[i] !== a.id) expect(refs[i]!.length).toBeLessThanOrEqual(full.length);
          }
        },
      ),
    );
  });
  it('property: parsing arbitrary strings never throws in matchReference', () => {
    fc.assert(fc.property(fc.string(), (ref) => void matchReference(ref, all)));
  });
});
