// The client's onResponse option: every Vault answer's rate-limit headers, and nothing secret, reach the observer;
// an observer that throws changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { openVaultSession, Secret } from '../../shared/index.js';
import type { VaultResponseObservation } from '../../shared/types.js';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';

const started: VaultSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function simulator(options: Parameters<typeof startVaultSimulator>[0] = {}) {
  const sim = await startVaultSimulator(options);
  started.push(sim);
  return sim;
}

describe('onResponse', () => {
  it('reports each answer with its burst headers, operation and host', async () => {
    const sim = await simulator({ burstLimit: 50 });
    const seen: VaultResponseObservation[] = [];
    const session = openVaultSession(
      { vaultDns: sim.url, onResponse: (observation) => seen.push(observation) },
      { kind: 'token', token: new Secret(sim.bootstrapToken) },
    );
    await session.whoAmI();
    await session.listTokens({});
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({
      host: sim.host,
      operation: 'whoAmI',
      httpStatus: 200,
      burstLimit: 50,
      burstLimitRemaining: 49,
      responseDelayMs: undefined,
      errorType: undefined,
    });
    expect(seen[1]).toMatchObject({ operation: 'listTokens', burstLimitRemaining: 48 });
    expect(JSON.stringify(seen)).not.toContain(sim.bootstrapToken);
  });

  it('reports a refused sign-in with its error type, and the throttling delay past the burst limit', async () => {
    const sim = await simulator({ burstLimit: 1, authLimitPerMinute: 1 } as Parameters<typeof startVaultSimulator>[0]);
    const { userName, password } = sim.bootstrapUser;
    const seen: VaultResponseObservation[] = [];
    const open = () =>
      openVaultSession(
        { vaultDns: sim.url, onResponse: (observation) => seen.push(observation), retry: { attempts: 1 } },
        { kind: 'password', username: userName, password: new Secret(password) },
      );
    const first = open();
    await first.whoAmI();
    await expect(open().whoAmI()).rejects.toMatchObject({ type: 'API_LIMIT_EXCEEDED' });
    const refused = seen.find((o) => o.errorType === 'API_LIMIT_EXCEEDED');
    expect(refused).toMatchObject({ operation: 'auth' });
    expect(seen.some((o) => (o.responseDelayMs ?? 0) > 0)).toBe(true);
    expect(JSON.stringify(seen)).not.toContain(password);
    await first.close();
  });

  it('cannot break a request by throwing', async () => {
    const sim = await simulator();
    const session = openVaultSession(
      {
        vaultDns: sim.url,
        onResponse: () => {
          throw new Error('observer bug');
        },
      },
      { kind: 'token', token: new Secret(sim.bootstrapToken) },
    );
    await expect(session.whoAmI()).resolves.toMatchObject({ userName: sim.bootstrapUser.userName });
  });

  it('must be a function', () => {
    expect(() =>
      openVaultSession({ vaultDns: 'x.veevavault.com', onResponse: 'no' as never }, { kind: 'token', token: new Secret('veeva-vault-x') }),
    ).toThrow(/onResponse/);
  });
});
