import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { migrateAndValidate, SchemaError } from '../../src/core/model.js';

const account = fc.record({
  id: fc.stringMatching(/^[0-9a-f]{8}$/),
  provider: fc.constantFrom('curvenote', 'nuclia', 'appcircle', 'platformsh', 'upsun', 'etm', 'bearer'),
  kind: fc.constantFrom('user', 'kb', 'processing'),
  label: fc.stringMatching(/^[A-Za-z0-9._@-]{1,64}$/),
  secret: fc.string({ minLength: 1, maxLength: 40 }),
  health: fc.constantFrom('valid', 'expiring', 'expired', 'rejected', 'insufficient_scope', 'unreachable', 'unchecked'),
});

describe('config loader (property)', () => {
  it('arbitrary JSON either loads as a valid store or is refused with a SchemaError — never anything else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          const { data } = migrateAndValidate(value);
          expect(Array.isArray(data.accounts)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(SchemaError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary objects shaped like a store never crash the loader', () => {
    fc.assert(
      fc.property(
        fc.record({
          version: fc.oneof(fc.constantFrom(1, 2, 3), fc.jsonValue()),
          accounts: fc.oneof(fc.array(fc.oneof(account, fc.jsonValue())), fc.jsonValue()),
          active: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.jsonValue()),
          bindings: fc.oneof(fc.dictionary(fc.string(), fc.array(fc.string())), fc.jsonValue()),
        }),
        (value) => {
          try {
            migrateAndValidate(value);
          } catch (error) {
            expect(error).toBeInstanceOf(SchemaError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a valid store round-trips through JSON unchanged', () => {
    fc.assert(
      fc.property(fc.uniqueArray(account, { selector: (a) => a.id, maxLength: 10 }), (accounts) => {
        const { data } = migrateAndValidate({ version: 2, accounts, active: {}, bindings: {} });
        const again = migrateAndValidate(JSON.parse(JSON.stringify(data))).data;
        expect(again).toEqual(data);
      }),
    );
  });
});
