// An interrupted `bootstrap` (Ctrl-C, a CI cancel's SIGINT/SIGTERM) leaves nothing half-done: the real process is
// signalled while a given call is held in flight by the simulators (simulator/holds.ts), and afterwards Vault holds
// no live token that no version holds, Secrets Manager no secret without a token, and the run said what it did, with
// exit 130.
import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { Hold } from '../../simulator/holds.js';
import type { SecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { LAMBDA_ARN, passwordBootstrapArgs, secretValue, startCli, useCliWorld } from './support.js';

describe('vault-api-token bootstrap, interrupted', () => {
  const env = useCliWorld();
  const standIn = () => env.world.sm as SecretsManagerStandIn;
  const activeTokens = () => env.world.vault.tokens({ userId: env.world.vault.bootstrapUser.id, activeOnly: true });

  /** Starts a password bootstrap, waits for the held call to arrive, signals the process, then lets the call go. */
  async function interruptAt(hold: Hold, signal: NodeJS.Signals, extra: string[] = [], signIn?: { args: string[]; stdin: string; secret: string }) {
    const name = `cli/interrupt/${randomUUID().slice(0, 8)}`;
    const args = signIn === undefined ? passwordBootstrapArgs(env.world, name, extra) : ['bootstrap', '--secret-name', name, '--vault-dns', env.world.vault.url, ...signIn.args, ...extra];
    const started = startCli(args, {
      env: env.world.env,
      stdin: signIn?.stdin ?? env.world.vault.bootstrapUser.password,
      secrets: [...env.world.secrets, ...(signIn === undefined ? [] : [signIn.secret])],
    });
    await hold.arrived;
    started.child.kill(signal);
    // The handler has said so before the held call is let go: the call in flight finishes, then the run stops.
    await waitFor(() => stderrOf(started.child).includes(`${signal} received`));
    hold.release();
    return { name, run: await started.done };
  }

  async function secretExists(name: string): Promise<boolean> {
    return env.sm.send(new DescribeSecretCommand({ SecretId: name })).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ResourceNotFoundException) return false;
        throw error;
      },
    );
  }

  it('while reading the password from stdin: nothing was sent or created, exit 130', async () => {
    const name = `cli/interrupt/${randomUUID().slice(0, 8)}`;
    standIn().clearRequests();
    env.world.vault.clearRequests();
    const started = startCli(passwordBootstrapArgs(env.world, name), { env: env.world.env, stdin: 'half a passw', keepStdinOpen: true });
    await waitFor(() => standIn().requests.some((r) => r.operation === 'DescribeSecret'));
    started.child.kill('SIGINT');
    const run = await started.done;
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/interrupted \(SIGINT\) while (looking up the secret|reading the Vault credentials)\. Nothing was changed\./);
    expect(env.world.vault.requests).toEqual([]);
    expect(await secretExists(name)).toBe(false);
  });

  it('during sign-in: nothing is created, the session is ended, exit 130', async () => {
    const before = activeTokens().length;
    env.world.vault.clearRequests();
    const { name, run } = await interruptAt(env.world.vault.holdNext('auth'), 'SIGINT');
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/interrupted \(SIGINT\) while signing in to Vault\. Nothing was changed\./);
    expect(env.world.vault.requests.map((r) => r.operation)).toContain('endSession');
    expect(await secretExists(name)).toBe(false);
    expect(activeTokens()).toHaveLength(before);
  });

  it('while CreateSecret is in flight: the secret it made is deleted before anything is minted', async () => {
    const before = activeTokens().length;
    env.world.vault.clearRequests();
    const { name, run } = await interruptAt(standIn().holdNext('CreateSecret'), 'SIGTERM');
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/interrupted \(SIGTERM\) while creating the secret\. Undone: secret arn:\S+ deleted\./);
    expect(await secretExists(name)).toBe(false);
    expect(env.world.vault.requests.map((r) => r.operation)).not.toContain('mint');
    expect(activeTokens()).toHaveLength(before);
  });

  it('after CreateSecret, while minting: the token is revoked and the empty secret deleted', async () => {
    const before = activeTokens().length;
    const { name, run } = await interruptAt(env.world.vault.holdNext('mint'), 'SIGINT');
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/interrupted \(SIGINT\) while minting the token\. Undone: token \S+ revoked; secret arn:\S+ deleted\./);
    expect(await secretExists(name)).toBe(false);
    expect(activeTokens()).toHaveLength(before);
  });

  it('while storing: the store finishes and the secret is kept complete; rotation is not attached, and said', async () => {
    const { name, run } = await interruptAt(standIn().holdNext('PutSecretValue'), 'SIGTERM', ['--rotation-lambda-arn', LAMBDA_ARN]);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/Interrupted \(SIGTERM\) once the token was stored: the secret is complete and kept\./);
    expect(run.stderr).toMatch(/Rotation was NOT attached: aws secretsmanager rotate-secret --secret-id arn:\S+ --rotation-lambda-arn arn:aws:lambda:/);
    const stored = await secretValue(env.sm, name);
    expect(activeTokens().map((t) => t.id)).toContain(stored.tokenId);
    const described = await env.sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.RotationEnabled ?? false).toBe(false);
  });

  it('while attaching rotation: RotateSecret finishes, the rotation is not followed, and the run says where to look', async () => {
    const { name, run } = await interruptAt(standIn().holdNext('RotateSecret'), 'SIGINT', ['--rotation-lambda-arn', LAMBDA_ARN, '--wait', '30s']);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/Rotation attached .*\n.*Not following it \(interrupted\): it goes on in Secrets Manager; see vault-api-token status --secret-id arn:/);
    // The secret is complete (whether or not the rotation has moved AWSCURRENT since): its token works.
    expect(env.world.vault.isTokenAccepted((await secretValue(env.sm, name)).accessToken as string)).toBe(true);
  });

  it('while revoking the hand-made token: the revocation finishes and is checked, exit 130', async () => {
    const handMade = env.world.vault.issueToken(env.world.vault.bootstrapUser.id, { name: 'made by hand, interrupted' });
    const { name, run } = await interruptAt(env.world.vault.holdNext('delete'), 'SIGTERM', [], {
      args: ['--token-stdin', '--revoke-bootstrap-token', '--bootstrap-token-id', handMade.id],
      stdin: handMade.token,
      secret: handMade.token,
    });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(new RegExp(`Revoked the hand-made token ${handMade.id}: Vault now refuses it`));
    expect(env.world.vault.isTokenAccepted(handMade.token)).toBe(false);
    const stored = await secretValue(env.sm, name);
    expect(env.world.vault.isTokenAccepted(stored.accessToken as string)).toBe(true);
  });

  it('while a mint is in flight, a second signal stops at once and says so', async () => {
    const hold = env.world.vault.holdNext('mint');
    const name = `cli/interrupt/${randomUUID().slice(0, 8)}`;
    const started = startCli(passwordBootstrapArgs(env.world, name), {
      env: env.world.env,
      stdin: env.world.vault.bootstrapUser.password,
      secrets: env.world.secrets,
    });
    await hold.arrived;
    started.child.kill('SIGINT');
    await waitFor(() => stderrOf(started.child).includes('SIGINT received'));
    started.child.kill('SIGINT');
    const run = await started.done;
    hold.release();
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/SIGINT again: stopping at once, without finishing or undoing the step in flight/);
  });
});

const seen = new WeakMap<object, string[]>();

/** What the child has written to stderr so far (collected alongside startCli's own collection). */
function stderrOf(child: import('node:child_process').ChildProcess): string {
  let chunks = seen.get(child);
  if (chunks === undefined) {
    const collected: string[] = [];
    chunks = collected;
    seen.set(child, collected);
    child.stderr?.on('data', (chunk: Buffer) => collected.push(chunk.toString('utf8')));
  }
  return chunks.join('');
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error('waitFor: the condition did not become true within 5 s');
}
