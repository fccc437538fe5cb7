// The rotation function AS BUILT FOR DEPLOYMENT (build/functions/rotate.cjs) on the Node it is deployed on
// (nodejs24.x): every rotation step runs in a fresh Node 24 process that requires the bundle and invokes its handler,
// driven the way Secrets Manager drives it, against the Secrets Manager stand-in and the Vault simulator on loopback.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationInvoker } from '../../simulator/secrets-manager-types.js';
import { BUNDLE_PATH, type BundledHandler, TEST_TUNING_ENV } from '../functions/support/bundle.js';
import { type BackendFixture, ScenarioWorld } from '../functions/support/integration-world.js';
import { sdkClientFor, secretsManagerBackends } from '../support/secrets-manager-backends.js';
import { node24, node24Missing, requireNode24 } from '../support/node24.js';

const DRIVER = fileURLToPath(new URL('support/invoke-lambda.mjs', import.meta.url));

interface Outcome {
  version: string;
  ok: boolean;
  name?: string;
  message?: string;
}

/** Invokes one step in a fresh Node 24 process; the lines the function logged are kept in `logs`. */
function node24Invoker(env: Record<string, string>, versions: string[], logs: string[]): RotationInvoker {
  const node = requireNode24();
  return (event) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(node, [DRIVER, BUNDLE_PATH], {
        env: { PATH: process.env.PATH ?? '', ...TEST_TUNING_ENV, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        const lines = stdout.trimEnd().split('\n');
        logs.push(...lines.slice(0, -1), stderr);
        if (code !== 0) return reject(new Error(`Node 24 driver exited ${code}: ${stderr}`));
        const outcome = JSON.parse(lines[lines.length - 1] ?? '{}') as Outcome;
        versions.push(outcome.version);
        if (outcome.ok) resolve();
        else reject(Object.assign(new Error(outcome.message), { name: outcome.name ?? 'Error' }));
      });
      child.stdin.end(JSON.stringify(event));
    });
}

const standIn = secretsManagerBackends.find((backend) => backend.name === 'stand-in')!;

describe.skipIf(node24Missing)(`the Lambda bundle on Node 24 (${node24.version ?? 'absent'})`, () => {
  const versions: string[] = [];
  const logs: string[] = [];
  let fixture: BackendFixture;
  let world: ScenarioWorld;

  beforeAll(async () => {
    const backend = await standIn.start();
    const sm = sdkClientFor(backend);
    const notInProcess: BundledHandler = () => Promise.reject(new Error('this suite runs the bundle on Node 24 only'));
    fixture = {
      backend,
      sm,
      handler: notInProcess,
      invoke: node24Invoker(backend.env(), versions, logs),
      async close() {
        sm.destroy();
        await backend.close();
      },
    };
    world = await ScenarioWorld.start(fixture);
  });
  afterAll(async () => {
    await world?.close();
    await fixture?.close();
  });

  it('rotates a bootstrapped secret twice: each step ran on Node 24, and the invariants hold', async () => {
    const { arn, token } = await world.bootstrapSecret();
    for (let i = 0; i < 2; i += 1) {
      const result = await world.rotate(arn);
      expect(result.errors.map((error) => error.message)).toEqual([]);
    }
    expect(versions.length).toBeGreaterThanOrEqual(8);
    expect(new Set(versions.map((version) => version.split('.')[0]))).toEqual(new Set(['v24']));
    const current = await world.value(arn);
    expect(current.accessToken).not.toBe(token);
    expect(world.simulator.isTokenAccepted(current.accessToken!)).toBe(true);
    await world.check(arn, { output: logs.join('\n'), rotationCompleted: true });
  });

  it('fails a step with the function error (not a crash) when the secret is unusable', async () => {
    const arn = await world.createSecret({ vaultDns: world.simulator.url });
    const result = await world.rotate(arn);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(versions.at(-1)).toMatch(/^v24\./);
  });
});
