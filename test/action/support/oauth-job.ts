// An OAuth job's surroundings: the loopback identity world (GitHub's ID-token service, the Entra-like authorization
// server, Vault with an OAuth profile) on the action's pinned clock, with credential taps in front of the authorization
// server and Vault's login endpoint, the inputs and environment that point the action at them, and the check that no
// credential of the sign-in shows anywhere the steps wrote.

import { expect } from 'vitest';
import { OAUTH_WORLD_PROFILE_ID, type OAuthWorld, startOAuthWorld } from '../../../simulator/identity/oauth-world.js';
import { type CredentialTap, startCredentialTap } from './credential-tap.js';
import { type JobRun, runJob } from './job.js';
import { auditStep, type NamedSecret, SimulatedMasker } from './masker.js';
import { NOW, PINNED_CLOCK } from './vault.js';

export interface OAuthJobWorld {
  readonly world: OAuthWorld;
  /** Every credential the taps saw (ID token, access token, session id), labelled. */
  secrets(): NamedSecret[];
  /** `METHOD path` of each request that reached the authorization server or the login endpoint. */
  requests(): string[];
  /** The inputs of an OAuth job against this world (token and login URLs through the taps). */
  inputs(overrides?: Readonly<Record<string, string>>): Record<string, string>;
  /** Settles once a request whose `METHOD path` matches reached a tap (polled, at most 20 s). */
  requested(pattern: RegExp): Promise<void>;
  /** Runs main and post; `idTokenWrite: false` models a job without `permissions: id-token: write`. */
  run(options?: {
    inputs?: Readonly<Record<string, string>>;
    idTokenWrite?: boolean;
    secrets?: NamedSecret[];
    cancelMainWhen?: Promise<unknown>;
  }): Promise<JobRun>;
  close(): Promise<void>;
}

export async function startOAuthJobWorld(): Promise<OAuthJobWorld> {
  const world = await startOAuthWorld({ vault: { startTime: NOW } });
  const seen = new Map<string, string>();
  const tokenEndpoint = new URL(world.authorizationServer.tokenEndpoint);
  let asTap: CredentialTap | undefined;
  let loginTap: CredentialTap | undefined;
  try {
    asTap = await startCredentialTap(tokenEndpoint.origin, seen);
    loginTap = await startCredentialTap(world.loginUrl, seen);
  } catch (error) {
    await Promise.all([world.close(), asTap?.close()]);
    throw error;
  }
  const taps = [asTap, loginTap];
  const inputs = (overrides: Readonly<Record<string, string>> = {}) => ({
    'vault-dns': world.vault.url,
    'oauth-profile-id': OAUTH_WORLD_PROFILE_ID,
    'oauth-token-url': `${asTap.url}${tokenEndpoint.pathname}`,
    'oauth-client-id': world.application.clientId,
    'oauth-scope': world.scope,
    'vault-login-url': loginTap.url,
    ...overrides,
  });
  return {
    world,
    secrets: () => [...seen].map(([value, label]) => ({ label, value })),
    requests: () => taps.flatMap((tap) => tap.requests),
    inputs,
    requested: async (pattern) => {
      for (let waited = 0; waited < 20_000; waited += 20) {
        if (taps.some((tap) => tap.requests.some((request) => pattern.test(request)))) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no request matching ${pattern} within 20 s`);
    },
    run: (options = {}) =>
      runJob({
        inputs: options.inputs ?? inputs(),
        env: options.idTokenWrite === false ? {} : world.github.env(),
        preload: PINNED_CLOCK,
        ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
        ...(options.cancelMainWhen === undefined ? {} : { cancelMainWhen: options.cancelMainWhen }),
      }),
    close: async () => {
      await Promise.all([world.close(), ...taps.map((tap) => tap.close())]);
    },
  };
}

/**
 * No credential of the sign-in anywhere the steps wrote: the log (audited line by line: never before its mask, never
 * unmasked after it), the outputs other than the masked token, the saved state, the job summary and the annotations.
 */
export function expectNothingShown(job: JobRun, secrets: readonly NamedSecret[]): void {
  for (const step of [job.main, job.post]) {
    const written = [
      ...step.result.stdout,
      ...step.result.stderr,
      ...Object.values(step.result.outputs).filter((value) => value !== job.token),
      ...Object.values(step.result.state).filter((value) => value !== job.token),
      step.result.summary,
    ].join('\n');
    for (const secret of secrets) {
      // In the raw streams only as an add-mask payload, which the runner never shows.
      const shown = written.split('\n').some((line) => line.includes(secret.value) && line !== `::add-mask::${secret.value}`);
      expect({ label: secret.label, shown }).toEqual({ label: secret.label, shown: false });
    }
  }
  // The audit runJob ran knew only the minted token: audit both steps again, in order, knowing every credential.
  const withToken = job.token === undefined ? [...secrets] : [...secrets, { label: 'minted token', value: job.token }];
  const masker = new SimulatedMasker();
  for (const step of [job.main, job.post]) {
    expect(auditStep(masker, step.result, withToken).violations).toEqual([]);
  }
}
