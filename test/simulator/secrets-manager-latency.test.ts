// The stand-in's benchmark hooks: the latencyMs option (every answer waits for a timer of that length, held here by a
// stub, so nothing is timed) and the request log (operation and outcome of every call, never a value).
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdLatencyTimers, LATENCY_MS } from '../support/latency-timers.js';
import { startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { sdkClientFor } from '../support/secrets-manager-backends.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Secrets Manager stand-in latencyMs', () => {
  it('holds each answer until its latency timer fires, then answers normally', async () => {
    const timers = holdLatencyTimers();
    const standIn = await startSecretsManagerStandIn({ latencyMs: LATENCY_MS });
    const sm = sdkClientFor(standIn, { maxAttempts: 1 });
    try {
      let answered = false;
      const name = `latency/${randomUUID()}`;
      const created = sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' })).then((out) => {
        answered = true;
        return out;
      });
      await vi.waitFor(() => expect(timers.count).toBe(1));
      expect(answered).toBe(false);
      expect(standIn.requests).toHaveLength(0);

      timers.release();
      expect((await created).Name).toBe(name);
      expect(standIn.requests).toEqual([{ operation: 'CreateSecret', httpStatus: 200 }]);
    } finally {
      timers.release();
      sm.destroy();
      await standIn.close();
    }
  });

  it.each([-1, 1.5, 60_001, '50'])('refuses latencyMs %j, naming the option', async (latencyMs) => {
    await expect(startSecretsManagerStandIn({ latencyMs } as never)).rejects.toThrow(/latencyMs/);
  });
});

describe('Secrets Manager stand-in request log', () => {
  it('records each answered call with its outcome, never a value, and clears on demand', async () => {
    const standIn = await startSecretsManagerStandIn();
    const sm = sdkClientFor(standIn, { maxAttempts: 1 });
    const value = `secret-value-${randomUUID()}`;
    try {
      const { ARN } = await sm.send(new CreateSecretCommand({ Name: `log/${randomUUID()}`, SecretString: value }));
      await sm.send(new GetSecretValueCommand({ SecretId: ARN }));
      await expect(sm.send(new DescribeSecretCommand({ SecretId: 'no-such-secret' }))).rejects.toThrow();
      standIn.injectFault({ operation: 'GetSecretValue', kind: 'throttle' });
      await expect(sm.send(new GetSecretValueCommand({ SecretId: ARN }))).rejects.toThrow();

      expect(standIn.requests).toEqual([
        { operation: 'CreateSecret', httpStatus: 200 },
        { operation: 'GetSecretValue', httpStatus: 200 },
        { operation: 'DescribeSecret', httpStatus: 400, errorType: 'ResourceNotFoundException' },
        { operation: 'GetSecretValue', httpStatus: 400, errorType: 'ThrottlingException', fault: 'throttle' },
      ]);
      expect(JSON.stringify(standIn.requests)).not.toContain(value);

      standIn.clearRequests();
      expect(standIn.requests).toHaveLength(0);
      await sm.send(new DescribeSecretCommand({ SecretId: ARN }));
      expect(standIn.requests.map((r) => r.operation)).toEqual(['DescribeSecret']);
    } finally {
      sm.destroy();
      await standIn.close();
    }
  });
});
