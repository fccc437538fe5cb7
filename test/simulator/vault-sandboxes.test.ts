// Retrieve Sandboxes (GET /objects/sandbox): the parent lists the sandboxes addSandbox made, where each lives, and
// answers like every other call (authentication, API access, faults, the request log).
import { describe, expect, it } from 'vitest';
import { call, expectFailure, V, useSimulators } from './vault-support.js';

const simulator = useSimulators();

const SANDBOXES = `/api/${V}/objects/sandbox`;

describe('Retrieve Sandboxes', () => {
  it('lists every sandbox of the parent with its name, dns (host:port), vault_id and status', async () => {
    const sim = await simulator();
    const uat = await sim.addSandbox('UAT');
    const dev = await sim.addSandbox('Dev Sandbox');
    const answer = await call(sim, 'GET', SANDBOXES, { auth: sim.bootstrapToken });

    expect(answer.status).toBe(200);
    expect(answer.json.responseStatus).toBe('SUCCESS');
    expect(answer.json.data.active).toEqual([
      expect.objectContaining({ name: 'UAT', dns: uat.host, vault_id: uat.vaultId, status: 'active' }),
      expect.objectContaining({ name: 'Dev Sandbox', dns: dev.host, vault_id: dev.vaultId, status: 'active' }),
    ]);
    for (const entry of answer.json.data.active) expect(entry.source_vault_id).toBe(sim.vaultId);
    expect(sim.requests.at(-1)).toMatchObject({ operation: 'sandboxes', method: 'GET', vault: 'main' });
  });

  it('answers an empty list when there are no sandboxes, and on a sandbox itself', async () => {
    const sim = await simulator();
    const none = await call(sim, 'GET', SANDBOXES, { auth: sim.bootstrapToken });
    expect(none.json.data.active).toEqual([]);

    const sandbox = await sim.addSandbox('Sbx');
    const sandboxToken = sim.issueToken(sim.bootstrapUser.id, { vault: 'Sbx' }).token;
    const onSandbox = await call(sim, 'GET', SANDBOXES, { auth: sandboxToken, origin: sandbox.url });
    expect(onSandbox.json.responseStatus).toBe('SUCCESS');
    expect(onSandbox.json.data.active).toEqual([]);
  });

  it('needs a credential for this Vault and the API permission', async () => {
    const sim = await simulator();
    await sim.addSandbox('UAT');
    expectFailure(await call(sim, 'GET', SANDBOXES), 'INVALID_SESSION_ID');
    const sandboxToken = sim.issueToken(sim.bootstrapUser.id, { vault: 'UAT' }).token;
    expectFailure(await call(sim, 'GET', SANDBOXES, { auth: sandboxToken }), 'INVALID_SESSION_ID');
    const noApi = sim.addUser({ userName: 'no.api@example.com', apiAccess: false });
    const noApiToken = sim.issueToken(noApi.id).token;
    expectFailure(await call(sim, 'GET', SANDBOXES, { auth: noApiToken }), 'INSUFFICIENT_ACCESS');
  });

  it('is a GET only', async () => {
    const sim = await simulator();
    const answer = await call(sim, 'DELETE', SANDBOXES, { auth: sim.bootstrapToken });
    expectFailure(answer, 'METHOD_NOT_SUPPORTED');
  });

  it('takes faults injected for the sandboxes operation, and only those', async () => {
    const sim = await simulator();
    await sim.addSandbox('UAT');
    sim.injectFault({ operation: 'sandboxes', kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' } });
    sim.injectFault({ operation: 'sandboxes', kind: { type: 'http-503-html' } });

    const me = await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sim.bootstrapToken });
    expect(me.json.responseStatus).toBe('SUCCESS');
    expectFailure(await call(sim, 'GET', SANDBOXES, { auth: sim.bootstrapToken }), 'INSUFFICIENT_ACCESS');
    const maintenance = await call(sim, 'GET', SANDBOXES, { auth: sim.bootstrapToken });
    expect(maintenance.status).toBe(503);
    const after = await call(sim, 'GET', SANDBOXES, { auth: sim.bootstrapToken });
    expect(after.json.data.active).toHaveLength(1);
    expect(sim.requests.filter((r) => r.operation === 'sandboxes').map((r) => r.fault ?? 'none')).toEqual([
      'vault-error',
      'http-503-html',
      'none',
    ]);
  });

  it('refuses a fault for an operation it does not know', async () => {
    const sim = await simulator();
    expect(() => sim.injectFault({ operation: 'sandbox' as never, kind: { type: 'hang' } })).toThrow(
      /operation must be one of .*sandboxes/,
    );
  });
});
