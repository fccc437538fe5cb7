// Sandboxes (their own ports, their own tokens) and the auth-defaulting answer.
import { describe, expect, it } from 'vitest';
import type { VaultSimulator } from '../../simulator/vault-simulator.js';
import { call, expectFailure, expiryIn, login, V, useSimulators } from './vault-support.js';

const simulator = useSimulators();

const sandboxMint = (name: string) =>
  `/api/${V}/objects/sandbox/${encodeURIComponent(name)}/users/me/api_access_token__sys`;
const me = `/api/${V}/objects/users/me`;

describe('sandboxes', () => {
  it('serve on their own port with their own Vault id', async () => {
    const sim = await simulator();
    const sandbox = await sim.addSandbox('VeePharm Sandbox');
    expect(sandbox.url).not.toBe(sim.url);
    expect(sandbox.url).toBe(`http://${sandbox.host}`);
    expect(sandbox.vaultId).not.toBe(sim.vaultId);
    await expect(sim.addSandbox('VeePharm Sandbox')).rejects.toThrow(/already exists/);
    await expect(sim.addSandbox('main')).rejects.toThrow(/name/);
    await expect(sim.addSandbox('')).rejects.toThrow(/name/);
  });

  it('mints a sandbox token on the parent; it works only on the sandbox', async () => {
    const sim = await simulator();
    const sandbox = await sim.addSandbox('Sbx1');
    const minted = await call(sim, 'POST', sandboxMint('Sbx1'), {
      auth: sim.bootstrapToken,
      form: { name__v: 'for-sandbox', expiry_date__v: expiryIn(sim, 5) },
    });
    expect(minted.json.responseStatus).toBe('SUCCESS');
    const token: string = minted.json.data.token__sys;

    const onSandbox = await call(sim, 'GET', me, { auth: token, origin: sandbox.url });
    expect(onSandbox.json.users[0].user.id).toBe(Number(sim.bootstrapUser.id));
    expect(onSandbox.headers.get('x-vaultapi-vaultid')).toBe(String(sandbox.vaultId));
    expectFailure(await call(sim, 'GET', me, { auth: token }), 'INVALID_SESSION_ID');
    expectFailure(await call(sim, 'GET', me, { auth: sim.bootstrapToken, origin: sandbox.url }), 'INVALID_SESSION_ID');

    expect(sim.isTokenAccepted(token, 'Sbx1')).toBe(true);
    expect(sim.isTokenAccepted(token)).toBe(false);
    expect(sim.tokens({ vault: 'Sbx1' }).map((t) => t.name)).toEqual(['for-sandbox']);
    expect(sim.requests.at(-1)?.vault).toBe('Sbx1');
  });

  it('keeps each Vault’s tokens apart in VQL and delete', async () => {
    const sim = await simulator();
    const sandbox = await sim.addSandbox('Sbx2');
    const inSandbox = sim.issueToken(sim.bootstrapUser.id, { name: 'sbx', vault: 'Sbx2' });
    const q = { q: 'SELECT name__v FROM api_access_token__sys' };
    const mainRows = await call(sim, 'POST', `/api/${V}/query`, { auth: sim.bootstrapToken, form: q });
    expect(mainRows.json.data).toEqual([{ name__v: 'simulator-bootstrap' }]);
    const sandboxRows = await call(sim, 'POST', `/api/${V}/query`, {
      auth: inSandbox.token,
      form: q,
      origin: sandbox.url,
    });
    expect(sandboxRows.json.data).toEqual([{ name__v: 'sbx' }]);

    const fromMain = await call(sim, 'DELETE', `/api/${V}/vobjects/api_access_token__sys`, {
      auth: sim.bootstrapToken,
      json: [{ id: inSandbox.id }],
    });
    expect(fromMain.json.data[0].errors[0].type).toBe('INVALID_DATA');
    const fromSandbox = await call(sim, 'DELETE', `/api/${V}/vobjects/api_access_token__sys`, {
      auth: inSandbox.token,
      json: [{ id: inSandbox.id }],
      origin: sandbox.url,
    });
    expect(fromSandbox.json.data[0].responseStatus).toBe('SUCCESS');
  });

  it('answers INVALID_DATA for an unknown sandbox, or when asked on the sandbox itself', async () => {
    const sim = await simulator();
    const sandbox = await sim.addSandbox('Sbx3');
    const form = { name__v: 'x', expiry_date__v: expiryIn(sim, 1) };
    expectFailure(await call(sim, 'POST', sandboxMint('Nope'), { auth: sim.bootstrapToken, form }), 'INVALID_DATA');
    const sandboxToken = sim.issueToken(sim.bootstrapUser.id, { name: 's', vault: 'Sbx3' }).token;
    expectFailure(
      await call(sim, 'POST', sandboxMint('Sbx3'), { auth: sandboxToken, form, origin: sandbox.url }),
      'INVALID_DATA',
    );
  });

  it('logs into a sandbox by its port or by vaultDNS, listing every Vault of the user', async () => {
    const sim = await simulator();
    const sandbox = await sim.addSandbox('Sbx4');
    const { userName, password } = sim.bootstrapUser;
    const byPort = await login(sim, userName, password, sandbox.url);
    expect(byPort.json.vaultId).toBe(sandbox.vaultId);
    expect(byPort.json.vaultIds).toEqual(
      expect.arrayContaining([
        { id: sim.vaultId, name: expect.any(String), url: `${sim.url}/api` },
        { id: sandbox.vaultId, name: 'Sbx4', url: `${sandbox.url}/api` },
      ]),
    );
    const session: string = byPort.json.sessionId;
    expect((await call(sim, 'GET', me, { auth: session, origin: sandbox.url })).json.responseStatus).toBe('SUCCESS');
    expectFailure(await call(sim, 'GET', me, { auth: session }), 'INVALID_SESSION_ID');

    const byDns = await call(sim, 'POST', `/api/${V}/auth`, {
      form: { username: userName, password, vaultDNS: sandbox.host },
    });
    expect(byDns.json.vaultId).toBe(sandbox.vaultId);
  });
});

describe('auth defaulting', () => {
  it('answers SUCCESS for another Vault while switched on; that session is useless here', async () => {
    const sim = await simulator();
    sim.setAuthDefaulting({ url: 'https://other-vault.veevavault.com', vaultId: 4242 });
    const answer = await login(sim, sim.bootstrapUser.userName, sim.bootstrapUser.password);
    expect(answer.json.responseStatus).toBe('SUCCESS');
    expect(answer.json.vaultId).toBe(4242);
    const entry = answer.json.vaultIds.find((v: { id: number }) => v.id === answer.json.vaultId);
    expect(entry.url).toBe('https://other-vault.veevavault.com/api');
    expectFailure(await call(sim, 'GET', me, { auth: answer.json.sessionId }), 'INVALID_SESSION_ID');

    sim.setAuthDefaulting(null);
    const normal = await login(sim, sim.bootstrapUser.userName, sim.bootstrapUser.password);
    expect(normal.json.vaultId).toBe(sim.vaultId);
  });

  it('can default to a Vault the simulator serves (a sandbox), whose session then works there', async () => {
    const sim = await simulator();
    const sandbox = await sim.addSandbox('Sbx5');
    sim.setAuthDefaulting({ url: sandbox.url, vaultId: sandbox.vaultId });
    const answer = await login(sim, sim.bootstrapUser.userName, sim.bootstrapUser.password);
    expect(answer.json.vaultId).toBe(sandbox.vaultId);
    const used = await call(sim, 'GET', me, { auth: answer.json.sessionId, origin: sandbox.url });
    expect(used.json.responseStatus).toBe('SUCCESS');
  });

  it('happens naturally for a vaultDNS the simulator does not serve: the session is for the main Vault', async () => {
    const sim = await simulator();
    await sim.addSandbox('Sbx6');
    const answer = await call(sim, 'POST', `/api/${V}/auth`, {
      form: { ...credentials(sim), vaultDNS: 'typo.veevavault.com' },
    });
    expect(answer.json.responseStatus).toBe('SUCCESS');
    expect(answer.json.vaultId).toBe(sim.vaultId);
    const entry = answer.json.vaultIds.find((v: { id: number }) => v.id === answer.json.vaultId);
    expect(new URL(entry.url).host).not.toBe('typo.veevavault.com');
  });

  it('refuses a malformed target', async () => {
    const sim = await simulator();
    expect(() => sim.setAuthDefaulting({ url: 'not a url', vaultId: 1 })).toThrow(/url/);
    expect(() => sim.setAuthDefaulting({ url: 'https://x.example', vaultId: 0 })).toThrow(/vaultId/);
  });
});

function credentials(sim: VaultSimulator) {
  return { username: sim.bootstrapUser.userName, password: sim.bootstrapUser.password };
}
