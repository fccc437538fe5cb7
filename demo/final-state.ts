// Where the demo ends: every version of the secret with its labels and the token it holds, and the user's tokens in
// Vault, active and revoked.
import { labels } from './format.js';
import { readAllVersions } from './rotated-secret.js';
import type { RotationWorld } from './rotations.js';
import { snapshotTokens } from './vault-tokens.js';

export async function showFinalState(world: RotationWorld, bootstrapTokenId: string): Promise<void> {
  const { narrator, names } = world;
  const versions = await readAllVersions(world.sm, world.backend, world.secretArn, world.watch);
  narrator.step(`Final state of the secret (${versions.length} versions, oldest first)`);
  for (const version of versions) {
    const tokenId = version.tokenId ?? world.versionTokens.get(version.versionId);
    const holds = version.hasValue ? `token ${names.show(tokenId)}` : 'no value';
    narrator.say(`${version.versionId}  ${labels(version.stages).padEnd(25)} ${holds}`);
  }
  const tokens = snapshotTokens(world.simulator, world.userId);
  const revoked = [...tokens.rows.values()].filter((row) => row.deleted).map((row) => row.id);
  narrator.say(`Vault, active tokens: ${names.showAll(tokens.active)}`);
  const unreferenced = versions
    .filter((version) => version.stages.length === 0 && version.tokenId !== undefined)
    .map((version) => version.tokenId as string)
    .filter((id) => tokens.active.has(id));
  if (unreferenced.length > 0) {
    narrator.say(
      `  in neither AWSCURRENT nor AWSPREVIOUS, so the next rotation revokes: ${names.showAll(unreferenced)}`,
    );
  }
  narrator.say(`Vault, revoked tokens: ${names.showAll(revoked)}`);
  if (tokens.active.has(bootstrapTokenId)) {
    narrator.say('the hand-made token is still active: the rotator revokes only tokens it made for this secret.');
    narrator.say('Revoke it in Vault (vault-api-token bootstrap --revoke-bootstrap-token does it for you).');
  }
}
