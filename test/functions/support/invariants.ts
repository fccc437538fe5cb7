// The rotator's invariants, checked after every integration scenario (issue 3):
// 1. AWSCURRENT holds a token Vault accepts (so the only valid token was never revoked);
// 2. at most 3 active tokens made by the rotator for one secret (`never` mode: tokens only expire, so not counted),
//    not counting tokens named for a version that is AWSPENDING and not AWSCURRENT: while its value is not stored an
//    overlapping attempt may still store any of them, so the rotator keeps them until it is (issue 8, section 2);
// 3. no token, password or RotationToken in any log line or error message;
// 4. after a completed rotation, AWSPENDING is on the current version or nowhere.

import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { expect } from 'vitest';
import { rotationTokenName, secretTokenPrefix } from '../../../shared/rotated-secret/index.js';
import type { SecretsManagerBackend } from '../../../simulator/secrets-manager-types.js';
import type { VaultSimulator } from '../../../simulator/vault-simulator-types.js';

/** Anything shaped like a Vault token value (the simulator's are `veeva-vault-` + 64 hex). */
const TOKEN_SHAPE = /veeva-vault-[0-9a-f]{8,}/;

export interface InvariantInput {
  readonly simulator: VaultSimulator;
  readonly backend: SecretsManagerBackend;
  readonly sm: SecretsManagerClient;
  readonly secretArn: string;
  /** The Vault the secret's tokens work on: `main` (default) or a sandbox name. */
  readonly vault?: string;
  readonly revokePrevious?: 'next-rotation' | 'immediately' | 'never';
  /** Everything the function logged. */
  readonly output: string;
  /** Errors the function threw. */
  readonly errors?: readonly Error[];
  /** Set when the last rotation finished: AWSPENDING must then be gone or on AWSCURRENT. */
  readonly rotationCompleted?: boolean;
  /** False for a scenario that stores an unusable AWSCURRENT on purpose (bad configuration). Default true. */
  readonly currentIsUsable?: boolean;
  /** Other secret strings that must never show (passwords, RotationToken). */
  readonly secrets?: readonly string[];
}

export async function assertInvariants(input: InvariantInput): Promise<void> {
  const vault = input.vault ?? 'main';
  const current = JSON.parse(
    (await input.sm.send(new GetSecretValueCommand({ SecretId: input.secretArn, VersionStage: 'AWSCURRENT' })))
      .SecretString ?? '{}',
  ) as { accessToken?: string };
  if (input.currentIsUsable !== false) {
    expect(
      typeof current.accessToken === 'string' && input.simulator.isTokenAccepted(current.accessToken, vault),
      'AWSCURRENT holds a token Vault accepts',
    ).toBe(true);
  }

  if (input.revokePrevious !== 'never') {
    const prefix = secretTokenPrefix(input.secretArn);
    const versions = await input.backend.versions(input.secretArn);
    const awaiting = versions
      .filter((v) => v.stages.includes('AWSPENDING') && !v.stages.includes('AWSCURRENT'))
      .map((v) => rotationTokenName(input.secretArn, v.versionId));
    const ours = input.simulator
      .tokens({ vault, activeOnly: true })
      .filter((t) => t.name.startsWith(prefix) && !awaiting.includes(t.name));
    expect(
      ours.length,
      `active rotator tokens of ${input.secretArn}: ${ours.map((t) => t.name).join(', ')}`,
    ).toBeLessThanOrEqual(3);
  }

  const texts = [input.output, ...(input.errors ?? []).flatMap(errorTexts)];
  const secrets = [input.simulator.bootstrapToken, input.simulator.bootstrapUser.password, ...(input.secrets ?? [])];
  for (const text of texts) {
    expect(TOKEN_SHAPE.test(text), 'no token value in logs or error messages').toBe(false);
    for (const secret of secrets)
      expect(text.includes(secret), 'no known secret in logs or error messages').toBe(false);
  }

  if (input.rotationCompleted) {
    const versions = await input.backend.versions(input.secretArn);
    const pending = versions.filter((v) => v.stages.includes('AWSPENDING'));
    for (const version of pending) {
      expect(version.stages, 'AWSPENDING only on the current version after a completed rotation').toContain(
        'AWSCURRENT',
      );
    }
  }
}

function errorTexts(error: Error): string[] {
  const out = [String(error), error.message, error.stack ?? ''];
  let cause = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    out.push(cause.message, cause.stack ?? '');
    cause = cause.cause;
  }
  return out;
}
