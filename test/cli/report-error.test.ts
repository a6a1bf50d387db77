/**
 * Crash reports and `--verbose` traces go through the one redactor, which learns every stored secret first:
 * a bug whose message or stack holds a secret prints it redacted.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/file-store.js';
import { makeAccount, tempDir } from '../support/fixtures.js';

const SECRET = 'cv_stored_secret_value_0123456789abcdef';
let reportError: typeof import('../../src/cli/output.js').reportError;

beforeAll(async () => {
  const dir = join(tempDir('authdeck-report-'), 'cfg');
  vi.stubEnv('AUTHDECK_CONFIG_DIR', dir);
  await openStore({ dir }).update(
    (d) => void d.accounts.push(makeAccount({ provider: 'curvenote', label: 'a', secret: SECRET })),
  );
  ({ reportError } = await import('../../src/cli/output.js'));
});

afterEach(() => vi.restoreAllMocks());

function captureStderr(): () => string {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return () => chunks.join('');
}

describe('reportError', () => {
  it('a bug prints its trace, with a stored secret redacted from the message, the stack and the cause', async () => {
    const stderr = captureStderr();
    const error = new TypeError(`cannot read ${SECRET}`, { cause: new Error(`inner ${SECRET}`) });
    expect(await reportError(error)).toBe(1);
    const text = stderr();
    expect(text).toContain('This is a bug in authdeck');
    expect(text).toContain('cannot read [redacted]');
    expect(text).toContain('at ');
    expect(text).not.toContain(SECRET);
  });

  it('--verbose adds the redacted trace of an ordinary error; without it there is none', async () => {
    const { UserError } = await import('../../src/core/errors.js');
    let stderr = captureStderr();
    await reportError(new UserError(`no account ${SECRET}`), {});
    expect(stderr()).not.toContain('trace:');
    vi.restoreAllMocks();
    stderr = captureStderr();
    await reportError(new UserError(`no account ${SECRET}`), { verbose: true });
    const text = stderr();
    expect(text).toContain('trace:');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(SECRET);
  });

  it('a bug the service handed on as a UserError is still reported as a bug, with the trace of what was thrown', async () => {
    const { UserError } = await import('../../src/core/errors.js');
    const stderr = captureStderr();
    const thrown = new TypeError(`x is undefined near ${SECRET}`);
    const handedOn = new UserError('x is undefined near [redacted]');
    Object.defineProperty(handedOn, 'cause', { value: thrown });
    expect(await reportError(handedOn)).toBe(1);
    const text = stderr();
    expect(text).toContain('This is a bug in authdeck');
    expect(text).toContain('caused by: TypeError');
    expect(text).not.toContain(SECRET);
    vi.restoreAllMocks();
    // An ordinary failure handed on the same way is not.
    const plain = captureStderr();
    const refused = new UserError('Curvenote rejected the token');
    Object.defineProperty(refused, 'cause', { value: new UserError('Curvenote rejected the token') });
    await reportError(refused);
    expect(plain()).not.toContain('This is a bug');
  });
});
