import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, appendAudit, detectInvoker, outcomeOf, readAudit } from '../../src/store/audit.js';
import { tempDir } from '../support/fixtures.js';

const entry = (n: number): AuditEntry => ({
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  command: 'env',
  accounts: [`id${n}`],
  providers: ['curvenote'],
  outcome: 'ok',
  exit: 0,
  invoker: 'script',
});

describe('the audit log', () => {
  it('appends JSON lines to a 0600 file in a 0700 directory, and reads the most recent back', () => {
    const dir = join(tempDir(), 'config');
    const file = join(dir, 'audit.log');
    for (let n = 0; n < 5; n++) appendAudit(file, entry(n));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readAudit(file).entries).toHaveLength(5);
    expect(readAudit(file, 2).entries.map((e) => e.accounts[0])).toEqual(['id3', 'id4']);
  });

  it('tightens a loosened file, skips lines that are not entries, and reads an absent log as empty', () => {
    const file = join(tempDir(), 'audit.log');
    writeFileSync(file, '{"torn": \nnot json\n', { mode: 0o644 });
    appendAudit(file, entry(1));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readAudit(file)).toMatchObject({ skipped: 2, entries: [entry(1)] });
    expect(readAudit(join(tempDir(), 'none.log'))).toEqual({ entries: [], skipped: 0 });
  });

  it('tells terminal, CI and script apart', () => {
    const noTty = { stdin: false, stderr: false };
    expect(detectInvoker({ CI: 'true' }, { stdin: true, stderr: true })).toBe('CI');
    expect(detectInvoker({ GITHUB_ACTIONS: 'true' }, noTty)).toBe('CI');
    expect(detectInvoker({ CI: 'false' }, noTty)).toBe('script');
    expect(detectInvoker({}, { stdin: true, stderr: false })).toBe('terminal');
    expect(detectInvoker({}, noTty)).toBe('script');
  });

  it('names the outcome of each exit code', () => {
    expect([0, 1, 2, 3, 4, 127, 143].map(outcomeOf)).toEqual([
      'ok',
      'failed',
      'usage',
      'unreachable',
      'not_found',
      'failed',
      'failed',
    ]);
  });
});
