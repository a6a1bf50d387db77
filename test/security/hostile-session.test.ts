/**
 * A service that hands out a session token no shell, header or dotenv file can carry (issue 11 section 8):
 * a real loopback server answers the Appcircle and Platform.sh token exchanges with a token holding a NUL (or
 * an escape sequence). authdeck refuses it at the one place session tokens are received — exit 1, "the service
 * returned an unusable token" — and nothing reaches stdout, where `eval` or fish would read it. The commands run
 * in-process (`run(argv, io)`): what is tested is what they do with the token, not the process around them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalServer, sendJson, startServer } from '../http/local-server.js';
import { tempDir } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

const CLEAN = 'session-token-0123456789abcdef';
/** What the exchange answers with next. */
let issued = CLEAN;
let server: LocalServer;
let dir: string;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.method === 'POST') return sendJson(res, 200, { access_token: issued, expires_in: 3600 });
    // Appcircle's userinfo and Platform.sh's /users/me: the session was accepted.
    sendJson(res, 200, { sub: 'u1', preferred_username: 'ada', id: 'u1', username: 'ada', email: 'a@x.org' });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  issued = CLEAN;
  dir = tempDir();
});

const env = () => ({ AUTHDECK_CONFIG_DIR: dir });

async function addAccount(provider: 'appcircle' | 'platformsh'): Promise<void> {
  const r = await runCli(
    [
      'add',
      provider,
      '--no-check',
      '--label',
      'l',
      '--endpoint',
      `auth=${server.url}`,
      '--endpoint',
      `api=${server.url}`,
    ],
    { input: 'durable-token-0123456789abcdef', env: env() },
  );
  expect(r.status, r.stderr).toBe(0);
}

// Appcircle's env var is the session itself; Platform.sh exports its durable API token and exchanges it
// for a session only to check it (and for `secret --session`).
describe.each([
  ['appcircle', 'AC_ACCESS_TOKEN', true],
  ['platformsh', 'PLATFORMSH_CLI_TOKEN', false],
] as const)('%s: a session token from the service', (provider, variable, exported) => {
  it('a clean one is exported (the server is a working exchange)', async () => {
    await addAccount(provider);
    const r = await runCli(['env', provider, '--format', 'fish'], { env: env() });
    expect(r.status, r.stderr).toBe(0);
    if (exported) expect(r.stdout).toContain(`set -gx ${variable} '${CLEAN}'`);
    const secret = await runCli(['secret', '--session', `${provider}/l`], { env: env() });
    expect(secret.stdout).toBe(`${CLEAN}\n`);
  });

  it.each([
    ['a NUL', `tok\u0000en-0123456789abcdef`],
    ['an escape sequence', 'tok\u001b]52;c;aGk=\u0007en-0123456789'],
    ['a space', 'tok en-0123456789abcdef'],
  ])('holding %s: refused with exit 1 by env, secret --session and check', async (_what, token) => {
    await addAccount(provider);
    issued = token;
    for (const format of exported ? ['sh', 'fish', 'dotenv', 'json'] : []) {
      const r = await runCli(['env', provider, '--format', format], { env: env() });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('the service returned an unusable token');
      expect(r.stderr).not.toContain('bug in authdeck');
      expect(r.stderr).not.toContain(token);
    }
    const secret = await runCli(['secret', '--session', `${provider}/l`], { env: env() });
    expect(secret.status).toBe(1);
    expect(secret.stdout).toBe('');
    expect(secret.stderr).toContain('the service returned an unusable token');
    const check = await runCli(['check', '--json'], { env: env() });
    expect(check.status).toBe(1);
    const [result] = JSON.parse(check.stdout).results;
    expect(result.health).not.toBe('valid');
    expect(result.reason).toContain('the service returned an unusable token');
    expect(check.stdout).not.toContain(JSON.stringify(token).slice(1, -1));
  });
});
