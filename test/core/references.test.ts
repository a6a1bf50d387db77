import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { accountRef, matchReference, resolveReference, shortestRef } from '../../src/core/references.js';
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
  it('accountRef and shortestRef name the account', () => {
    expect(accountRef(alice)).toBe('curvenote/alice');
    expect(accountRef(kbAlice)).toBe('nuclia/kb/alice');
    expect(shortestRef(work, all)).toBe('work');
    expect(shortestRef(alice, all)).toBe('curvenote/alice');
    expect(shortestRef(kbAlice, all)).toBe('nuclia/kb/alice');
  });
  it('property: the shortest reference of every account resolves back to it', () => {
    const label = fc.constantFrom('a', 'b', 'work', 'bot-1');
    const provider = fc.constantFrom('curvenote', 'nuclia', 'upsun' as const);
    const kind = fc.constantFrom('user', 'kb', 'processing' as const);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(provider, kind, label), { selector: (t) => t.join('/'), maxLength: 12 }),
        (rows) => {
          const accounts = rows.map(([p, k, l], i) =>
            makeAccount({ id: `id${i}xx`, provider: p as 'nuclia', kind: k as 'user', label: l }),
          );
          for (const a of accounts) expect(resolveReference(shortestRef(a, accounts), accounts)).toBe(a);
        },
      ),
    );
  });
  it('property: parsing arbitrary strings never throws in matchReference', () => {
    fc.assert(fc.property(fc.string(), (ref) => void matchReference(ref, all)));
  });
});
