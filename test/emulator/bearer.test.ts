import { describe, expect, it } from 'vitest';
import { bearer, call, seedOf, startEmulatorForFile } from './support.js';

const emu = startEmulatorForFile();

describe('bearer whoami', () => {
  it('is a full URL that answers username and email for a valid token', async () => {
    const { whoami } = emu.current.endpoints.bearer;
    expect(whoami).toBe(`${emu.current.url}/bearer/whoami`);
    const secret = seedOf(emu.current, 'bearer', 'user', 'valid').secret;
    expect(secret).toMatch(/^bt_[A-Za-z0-9]{40}$/);
    const reply = await call(whoami, { headers: bearer(secret, { accept: 'application/json' }) });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ username: 'hedy', email: 'hedy@example.com' });
  });

  it('answers 401 to a revoked, unknown or missing token', async () => {
    const { whoami } = emu.current.endpoints.bearer;
    const revoked = seedOf(emu.current, 'bearer', 'user', 'revoked').secret;
    expect(revoked).toMatch(/^bt_[A-Za-z0-9]{40}$/);
    expect((await call(whoami, { headers: bearer(revoked) })).status).toBe(401);
    expect((await call(whoami, { headers: bearer(`bt_${'a'.repeat(40)}`) })).status).toBe(401);
    expect((await call(whoami)).status).toBe(401);
    expect((await call(whoami, { headers: { authorization: 'Token abc' } })).status).toBe(401);
  });
});
