// Starting and stopping moto_server as a Secrets Manager backend.
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { findMotoServer, startMoto } from '../../simulator/moto.js';
import { sdkClientFor } from '../support/secrets-manager-backends.js';

const motoMissing = findMotoServer() === undefined;
if (motoMissing) console.warn('WARNING: moto_server is not installed: the moto lifecycle tests are SKIPPED.');

describe('startMoto without moto_server', () => {
  it('returns undefined when moto_server is not on PATH, so callers can skip loudly', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent-for-this-test';
    try {
      expect(findMotoServer()).toBeUndefined();
      expect(await startMoto()).toBeUndefined();
    } finally {
      process.env.PATH = path;
    }
  });

  it('fails clearly when the executable exits before serving', async () => {
    await expect(startMoto({ executable: '/bin/false' })).rejects.toThrow(/exited .* before serving/);
  });
});

describe.skipIf(motoMissing)('startMoto', () => {
  it('serves Secrets Manager on 127.0.0.1 through the real SDK, and is gone after close()', async () => {
    const moto = await startMoto();
    if (moto === undefined) throw new Error('moto_server vanished');
    const sm = sdkClientFor(moto, { maxAttempts: 1 });
    try {
      expect(moto.kind).toBe('moto');
      expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(moto.env().AWS_ENDPOINT_URL_SECRETS_MANAGER).toBe(moto.endpoint);
      const created = await sm.send(new CreateSecretCommand({ Name: `test/${randomUUID()}`, SecretString: 'v' }));
      expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:test\/.+-[A-Za-z0-9]{6}$/);
      expect((await sm.send(new GetSecretValueCommand({ SecretId: created.ARN }))).SecretString).toBe('v');
      expect(() => moto.injectFault?.({ operation: 'GetSecretValue', kind: 'service' })).toThrow(/not supported/);
    } finally {
      sm.destroy();
      await moto.close();
    }
    await expect(fetch(`${moto.endpoint}/moto-api/`)).rejects.toThrow();
  });
});
