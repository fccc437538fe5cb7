// A small world for unit tests: a fake Vault, a fake Secrets Manager, a memory logger and the rotation handler wired
// to them, plus helpers to bootstrap a secret and run the steps the way Secrets Manager calls them.

import type { Context } from 'aws-lambda';
import { rotate } from '../../../functions/rotation/handler.js';
import { createFleet } from '../../../functions/rotation/fleet/fleet.js';
import type { RotationDeps, RotationEvent, RotationStep, RotationTuning } from '../../../functions/rotation/context.js';
import { FakeSecretsManager } from './fake-secrets-manager.js';
import { type FakeToken, FakeVault } from './fake-vault.js';
import { MemoryLogger } from './memory-logger.js';
import type { VaultCredentials } from '../../../shared/types.js';

export const STEPS: readonly RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
export const VAULT_DNS = 'main.vault.test';

export class UnitWorld {
  readonly vault = new FakeVault();
  readonly sm = new FakeSecretsManager();
  readonly logger = new MemoryLogger();
  readonly userId: string;
  readonly adminId: string;
  readonly tuning: RotationTuning = { propagationAttempts: 3, propagationDelayMs: 1 };
  readonly deps: RotationDeps;
  /** OAuth mode: the Vault user an OAuth credentials secret's sign-in maps to. */
  oauthUser: VaultCredentials | undefined;
  readonly #handler;

  constructor() {
    this.userId = this.vault.addUser('integration@acme.test', { password: 'user-password-123' });
    this.adminId = this.vault.addUser('admin@acme.test', { password: 'admin-password-123', admin: true });
    this.deps = {
      secretsManager: this.sm.port,
      openVaultSession: this.vault.openVaultSession,
      logger: this.logger,
      now: () => new Date(this.vault.now),
      tuning: this.tuning,
      // The fake Vault's hosts end in .vault.test; usableBy below admits the world's secrets.
      fleet: createFleet({ allowedVaultHosts: '*.vault.test' }),
      // An OAuth credentials secret signs in as `oauthUser` (the user the OAuth profile maps the identity to).
      openOAuthSession: (options) => {
        if (this.oauthUser === undefined) throw new Error('UnitWorld: set oauthUser to use an OAuth credentials secret');
        return this.vault.openVaultSession(options, this.oauthUser);
      },
    };
    this.#handler = rotate(this.deps);
  }

  /** A secret holding a token made in the Vault UI: only vaultDns + accessToken, plus `extra` fields. */
  bootstrap(
    extra: Record<string, unknown> = {},
    options: { token?: FakeToken } = {},
  ): { arn: string; token: FakeToken } {
    const token = options.token ?? this.vault.issueToken(this.userId);
    const arn = this.sm.createSecret(
      `vault-token-${this.sm.newVersionId().slice(-4)}`,
      JSON.stringify({
        vaultDns: VAULT_DNS,
        accessToken: token.value,
        ...extra,
      }),
    );
    return { arn, token };
  }

  /** A credentials secret in the fake Secrets Manager. */
  credentialsSecret(value: Record<string, unknown>): string {
    const usable = { usableBy: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:*'], ...value };
    return this.sm.createSecret(`vault-credentials-${this.sm.newVersionId().slice(-4)}`, JSON.stringify(usable));
  }

  invoke(step: RotationStep | string, arn: string, versionId: string, rotationToken?: string): Promise<void> {
    const event = { Step: step, SecretId: arn, ClientRequestToken: versionId } as RotationEvent;
    if (rotationToken !== undefined) event.RotationToken = rotationToken;
    return this.#handler(event, {} as Context, { signal: new AbortController().signal });
  }

  /** One whole rotation the way the service runs it. Returns the version id. */
  async rotateOnce(arn: string): Promise<string> {
    const versionId = this.sm.startRotation(arn);
    for (const step of STEPS) await this.invoke(step, arn, versionId);
    this.sm.completeRotation(arn, versionId);
    return versionId;
  }

  current(arn: string): Record<string, string> {
    return JSON.parse(this.sm.valueAt(arn, 'AWSCURRENT') ?? '{}') as Record<string, string>;
  }

  /** Every fake token value: none may appear in a log line or an error message. */
  tokenValues(): string[] {
    return this.vault.tokens.map((token) => token.value);
  }

  leakedSecrets(text: string): string[] {
    const known = [...this.tokenValues(), 'user-password-123', 'admin-password-123', 'rotation-token-secret'];
    return known.filter((value) => text.includes(value));
  }
}
