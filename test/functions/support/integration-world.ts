// One scenario's world: the bundled function, a Secrets Manager backend reached through the real SDK over HTTP, and a
// fresh Vault simulator, plus helpers to create secrets, run rotations the way the service does and check invariants.

import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { captureOutput, type OutputCapture } from '../../../simulator/output-capture.js';
import { type RunRotationOptions, runRotation } from '../../../simulator/rotation-driver.js';
import type {
  RotationInvoker,
  RotationRunResult,
  SecretsManagerBackend,
} from '../../../simulator/secrets-manager-types.js';
import { startVaultSimulator } from '../../../simulator/vault-simulator.js';
import type { SimUser, VaultSimulator } from '../../../simulator/vault-simulator-types.js';
import { type BackendCase, sdkClientFor } from '../../support/secrets-manager-backends.js';
import { type BundledHandler, invokerFor, loadBundledHandler } from './bundle.js';
import { assertInvariants, type InvariantInput } from './invariants.js';

export const USER_PASSWORD = 'integration-user-password-1';
export const ROTATION_TOKEN = 'rotation-token-for-assumed-role';
/** The secrets createSecret() makes by default (prefix vault-token), in any account and Region of the backend. */
export const USABLE_BY_ROTATED = 'arn:aws:secretsmanager:*:secret:vault-token-*';

/** What a describe block keeps for all its scenarios: the backend and the bundled function. */
export interface BackendFixture {
  readonly backend: SecretsManagerBackend;
  readonly sm: SecretsManagerClient;
  /** The bundled handler itself, for invokers with another remaining time. */
  readonly handler: BundledHandler;
  readonly invoke: RotationInvoker;
  close(): Promise<void>;
}

export async function startBackendFixture(backendCase: BackendCase): Promise<BackendFixture> {
  const backend = await backendCase.start();
  const handler = loadBundledHandler(backend.env());
  const sm = sdkClientFor(backend);
  return {
    backend,
    sm,
    handler,
    invoke: invokerFor(handler),
    async close() {
      sm.destroy();
      await backend.close();
    },
  };
}

export class ScenarioWorld {
  readonly fixture: BackendFixture;
  readonly simulator: VaultSimulator;
  readonly output: OutputCapture;
  readonly user: SimUser;
  readonly errors: Error[] = [];
  /** Decorates the invoker (e.g. to repeat steps); default: invoke once. */
  invoke: RotationInvoker;

  private constructor(fixture: BackendFixture, simulator: VaultSimulator) {
    this.fixture = fixture;
    this.simulator = simulator;
    this.user = simulator.addUser({
      userName: `integration-${randomUUID().slice(0, 8)}@acme.test`,
      password: USER_PASSWORD,
    });
    this.invoke = fixture.invoke;
    this.output = captureOutput();
  }

  static async start(fixture: BackendFixture, vault: Parameters<typeof startVaultSimulator>[0] = {}): Promise<ScenarioWorld> {
    return new ScenarioWorld(fixture, await startVaultSimulator(vault));
  }

  get backend(): SecretsManagerBackend {
    return this.fixture.backend;
  }

  get sm(): SecretsManagerClient {
    return this.fixture.sm;
  }

  async createSecret(value: Record<string, unknown>, prefix = 'vault-token'): Promise<string> {
    const created = await this.sm.send(
      new CreateSecretCommand({ Name: `${prefix}-${randomUUID().slice(0, 8)}`, SecretString: JSON.stringify(value) }),
    );
    return created.ARN!;
  }

  /** A secret bootstrapped the simplest way: vaultDns + a token made in the Vault UI, plus `extra`. */
  async bootstrapSecret(extra: Record<string, unknown> = {}): Promise<{ arn: string; token: string; tokenId: string }> {
    const issued = this.simulator.issueToken(this.user.id, { name: 'made in the Vault UI' });
    const arn = await this.createSecret({ vaultDns: this.simulator.url, accessToken: issued.token, ...extra });
    return { arn, token: issued.token, tokenId: issued.id };
  }

  /** A credentials secret holding this scenario user's (or another's) username and password, usable by vault-token-*. */
  credentialsSecret(value: Record<string, unknown> = { username: this.user.userName, password: USER_PASSWORD }) {
    return this.createSecret({ usableBy: [USABLE_BY_ROTATED], ...value }, 'vault-credentials');
  }

  async rotate(arn: string, options: Partial<RunRotationOptions> = {}): Promise<RotationRunResult> {
    const result = await runRotation({
      backend: this.backend,
      secretId: arn,
      invoke: (event) => this.invoke(event),
      rotationToken: ROTATION_TOKEN,
      ...options,
    });
    this.errors.push(...result.errors);
    return result;
  }

  async value(arn: string, stage = 'AWSCURRENT'): Promise<Record<string, string>> {
    const out = await this.sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: stage }));
    return JSON.parse(out.SecretString ?? '{}') as Record<string, string>;
  }

  async putCurrent(arn: string, value: Record<string, unknown>): Promise<void> {
    await this.sm.send(
      new PutSecretValueCommand({ SecretId: arn, SecretString: JSON.stringify(value), VersionStages: ['AWSCURRENT'] }),
    );
  }

  /** Counts simulator requests by operation since the last clearRequests(). */
  requestCount(operation: string): number {
    return this.simulator.requests.filter((r) => r.operation === operation).length;
  }

  async check(arn: string, options: Partial<InvariantInput> = {}): Promise<void> {
    await assertInvariants({
      simulator: this.simulator,
      backend: this.backend,
      sm: this.sm,
      secretArn: arn,
      output: this.output.text(),
      errors: this.errors,
      secrets: [USER_PASSWORD, ROTATION_TOKEN],
      ...options,
    });
  }

  async close(): Promise<void> {
    this.output.restore();
    await this.simulator.close();
  }
}
