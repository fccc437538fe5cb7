// Three full rotations through the function as built, driven the way Secrets Manager drives them, with the token
// table read after each one to show what was minted, what was revoked, and what is still active.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { runRotation } from '../simulator/rotation-driver.js';
import type { SecretsManagerBackend } from '../simulator/secrets-manager-types.js';
import type { VaultSimulator } from '../simulator/vault-simulator-types.js';
import { expiry } from './format.js';
import type { Narrator } from './narrator.js';
import { readVersion } from './rotated-secret.js';
import type { RotationFunction } from './rotation-function.js';
import type { TokenWatch } from './token-watch.js';
import { compareSnapshots, snapshotTokens, type TokenNames } from './vault-tokens.js';

export const ROTATIONS = 3;

export interface RotationWorld {
  readonly simulator: VaultSimulator;
  readonly userId: string;
  readonly backend: SecretsManagerBackend;
  readonly sm: SecretsManagerClient;
  readonly secretArn: string;
  readonly rotator: RotationFunction;
  readonly narrator: Narrator;
  readonly watch: TokenWatch;
  readonly names: TokenNames;
  /** Which token each version of the secret holds; the bootstrap version is entered by the caller. */
  readonly versionTokens: Map<string, string | undefined>;
}

export async function rotateRepeatedly(world: RotationWorld): Promise<void> {
  for (let n = 1; n <= ROTATIONS; n += 1) await rotateOnce(world, n);
}

export async function rotateOnce(world: RotationWorld, n: number, total = ROTATIONS): Promise<void> {
  const { narrator, names } = world;
  const before = snapshotTokens(world.simulator, world.userId);
  const logLinesBefore = world.rotator.logLines.length;
  const result = await runRotation({ backend: world.backend, secretId: world.secretArn, invoke: world.rotator.invoke });
  const steps = world.rotator.takeSteps();
  narrator.step(`Rotation ${n} of ${total}: new version ${result.versionId}`);
  narrator.say(
    `Secrets Manager invoked ${steps.join(' → ')} (${plural(result.attempts, 'attempt')}; ` +
      `${plural(world.rotator.logLines.length - logLinesBefore, 'Lambda log line')} held back)`,
  );
  if (!result.succeeded) {
    const reasons = result.errors.map((error) => error.message).join(' | ');
    throw new Error(`rotation ${n} did not finish after ${plural(result.attempts, 'attempt')}: ${reasons}`);
  }

  const current = await readVersion(world.sm, world.secretArn, { stage: 'AWSCURRENT' }, world.watch);
  if (current.versionId !== result.versionId) {
    throw new Error(`rotation ${n} finished, but AWSCURRENT is on ${current.versionId}, not ${result.versionId}`);
  }
  if (current.tokenId !== undefined) names.name(current.tokenId, `rotation ${n}`);
  world.versionTokens.set(current.versionId, current.tokenId);
  const previous = (await world.backend.versions(world.secretArn)).find((v) => v.stages.includes('AWSPREVIOUS'));

  const after = snapshotTokens(world.simulator, world.userId);
  const changes = compareSnapshots(before, after);
  narrator.say(`minted ${names.show(current.tokenId)}, expires ${expiry(current.expiresAt)}`);
  narrator.say(`AWSCURRENT  → ${names.show(current.tokenId)}`);
  narrator.say(
    `AWSPREVIOUS → ${previous === undefined ? 'none' : names.show(world.versionTokens.get(previous.versionId))}`,
  );
  narrator.say(`revoked in Vault during this rotation: ${names.showAll(changes.revoked)}`);
  if (changes.expired.length > 0) narrator.say(`expired meanwhile: ${names.showAll(changes.expired)}`);
  narrator.say(`active tokens now: ${names.showAll(after.active)}`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
