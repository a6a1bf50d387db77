/**
 * Numeric options have one validated range each, checked by commander before any command runs (issue 11
 * section 7); commander's own usage errors go through the same error path as every other error.
 */
import { describe, expect, it } from 'vitest';
import { authdeck } from '../support/cli.js';
import { tempDir } from '../support/fixtures.js';

const run = (args: string[]) => authdeck(args, { env: { AUTHDECK_CONFIG_DIR: tempDir() } });

describe('numeric options', () => {
  it.each([
    // 2147484 s overflows setTimeout's 2^31-1 ms: Node would fire at once and report a false timeout.
    [['check', '--timeout', '2147484'], '--timeout <seconds>', 'a number of seconds from 0.1 to 3600'],
    [['check', '--timeout', '1e12'], '--timeout <seconds>', 'a number of seconds from 0.1 to 3600'],
    [['check', '--timeout', '-5'], '--timeout <seconds>', 'a number of seconds from 0.1 to 3600'],
    [['check', '--timeout', 'NaN'], '--timeout <seconds>', 'a number of seconds from 0.1 to 3600'],
    [['check', '--timeout', '0'], '--timeout <seconds>', 'a number of seconds from 0.1 to 3600'],
    [['check', '--concurrency', '0'], '--concurrency <n>', 'a whole number from 1 to 1024'],
    [['check', '--concurrency', '1.5'], '--concurrency <n>', 'a whole number from 1 to 1024'],
    [['check', '--expiring-within', 'Infinity'], '--expiring-within <days>', 'a number of days from 0 to 3650'],
    [['token', 'create', 'x', '--days', '3651'], '--days <n>', 'a whole number of days from 1 to 3650'],
    [['token', 'rotate', 'x', '--days', '0x10'], '--days <n>', 'a whole number of days from 1 to 3650'],
    [['log', '--limit', '0'], '--limit <n>', 'a whole number from 1 to 1000000'],
    [['emulator', '--port', '70000'], '--port <n>', 'a whole number from 0 to 65535'],
    [['emulator', '--latency', '-1'], '--latency <ms>', 'a number of milliseconds from 0 to 60000'],
  ])('%j: exit 2, the option and its range named, no bug trace', (args, flags, range) => {
    const r = run(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`option '${flags}' argument '${args.at(-1)}' is invalid. It must be ${range}.`);
    expect(r.stderr).not.toMatch(/bug in authdeck|timeout after/);
  });

  it('values inside the range are taken, as numbers', () => {
    expect(run(['check', '--timeout', '0.5', '--concurrency', '2', '--expiring-within', '7']).status).toBe(0);
    expect(run(['check', '--timeout', '3600']).status).toBe(0);
    expect(run(['log', '--limit', '5']).stderr).not.toContain('invalid');
  });
});

describe("commander's usage errors take the one error path", () => {
  it('`list --json --bogus` prints the JSON error object on stdout and exits 2', () => {
    const r = run(['list', '--json', '--bogus']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 2, message: "unknown option '--bogus' (run with --help for usage)" },
    });
    expect(r.stderr).toBe('');
  });

  it('a bad number and a missing argument with --json: the same JSON error', () => {
    for (const args of [
      ['check', '--timeout', '1e12', '--json'],
      ['check', '--json', '--timeout'],
      ['token', 'list', '--json'],
    ]) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout).error.code).toBe(2);
    }
  });

  it('without --json: the message on stderr with a hint, exit 2', () => {
    const r = run(['list', '--bogus']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: unknown option '--bogus'\nhint: run with --help for usage\n");
  });
});
