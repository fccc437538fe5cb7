// No credential leaks out of the simulator's own records and printouts; options are validated.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { SimRequestLogEntry } from '../../simulator/vault-simulator.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import { call, expiryIn, login, mintSelf, query, V } from './vault-support.js';

describe('credentials stay out of logs and printouts', () => {
  it('the request log, onRequest entries, inspect/JSON/String of the simulator hold no token, password or session', async () => {
    const seen: SimRequestLogEntry[] = [];
    const sim = await startVaultSimulator({ onRequest: (entry) => seen.push(entry) });
    try {
      const { userName, password } = sim.bootstrapUser;
      const sessionId: string = (await login(sim, userName, password)).json.sessionId;
      await login(sim, userName, 'Wrong-Password-123');
      const minted = await mintSelf(sim, sessionId, { name__v: 'n', expiry_date__v: expiryIn(sim, 1) });
      const newToken: string = minted.json.data.token__sys;
      await query(sim, newToken, 'SELECT id FROM api_access_token__sys');
      await call(sim, 'DELETE', `/api/${V}/vobjects/api_access_token__sys`, {
        auth: newToken,
        json: [{ id: minted.json.data.id }],
      });
      await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: newToken });
      await call(sim, 'DELETE', `/api/${V}/session`, { auth: sessionId });

      const secrets = [sim.bootstrapToken, password, 'Wrong-Password-123', sessionId, newToken];
      const printouts = [
        JSON.stringify(sim.requests),
        JSON.stringify(seen),
        inspect(sim, { depth: 10 }),
        JSON.stringify(sim),
        String(sim),
      ];
      expect(seen).toHaveLength(sim.requests.length);
      for (const text of printouts) for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    } finally {
      await sim.close();
    }
  });

  it('failure answers do not echo the credential or password that was presented', async () => {
    const sim = await startVaultSimulator();
    try {
      const bogus = 'veeva-vault-this-one-is-not-real-0123456789';
      const invalid = await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: bogus });
      expect(invalid.text.includes(bogus)).toBe(false);
      const badLogin = await login(sim, sim.bootstrapUser.userName, 'Not-The-Password-987');
      expect(badLogin.text.includes('Not-The-Password-987')).toBe(false);
    } finally {
      await sim.close();
    }
  });
});

describe('options', () => {
  it.each([
    [{ host: '0.0.0.0' }, /loopback/],
    [{ host: '192.168.1.10' }, /loopback/],
    [{ port: -1 }, /port/],
    [{ port: 1.5 }, /port/],
    [{ pageSize: 0 }, /pageSize/],
    [{ tokenCap: 0 }, /tokenCap/],
    [{ maxExpiryDays: 0 }, /maxExpiryDays/],
    [{ deletedTokens: 'burn' }, /deletedTokens/],
  ])('refuses %j', async (options, message) => {
    await expect(startVaultSimulator(options as never)).rejects.toThrow(message);
  });

  it('accepts localhost as 127.0.0.1 and other 127/8 addresses', async () => {
    const sim = await startVaultSimulator({ host: 'localhost' });
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.host).toBe(sim.url.slice('http://'.length));
    } finally {
      await sim.close();
    }
  });

  it('close() is idempotent and a closed simulator refuses connections', async () => {
    const sim = await startVaultSimulator();
    await sim.close();
    await sim.close();
    await expect(fetch(`${sim.url}/api/`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
  });

  it('validates addUser and issueToken input', async () => {
    const sim = await startVaultSimulator();
    try {
      expect(() => sim.addUser({ userName: '' })).toThrow(/userName/);
      expect(() => sim.addUser({ userName: sim.bootstrapUser.userName.toUpperCase() })).toThrow(/already exists/);
      expect(() => sim.issueToken('nope')).toThrow(/no user/);
      expect(() => sim.issueToken(sim.bootstrapUser.id, { vault: 'nope' })).toThrow(/no Vault/);
      expect(() => sim.issueToken(sim.bootstrapUser.id, { name: 'x'.repeat(129) })).toThrow(/128/);
    } finally {
      await sim.close();
    }
  });
});
