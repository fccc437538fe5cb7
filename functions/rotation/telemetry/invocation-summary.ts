// One structured line per invocation ("Rotation invocation summary") that CloudWatch Logs Insights can aggregate per
// secret and per Vault: outcome, step, duration, Vault calls, the lowest burst remaining seen, throttled answers,
// auth-limit refusals, the token's expiry and the next scheduled rotation. No secret ever: only ids, hosts, numbers,
// dates and the error's name and reason. The query that uses it is in docs/fleet.md.

import type { SecretsManagerPort } from '../context.js';
import type { VaultResponseObservation } from '../../../shared/types.js';
import { DescribeSecretCommand, type DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';

export const SUMMARY_MESSAGE = 'Rotation invocation summary';

export type InvocationOutcome = 'succeeded' | 'deferred' | 'failed';

export interface InvocationSummary {
  readonly outcome: InvocationOutcome;
  readonly step: string;
  readonly secretArn: string;
  readonly durationMs: number;
  readonly vaultHosts: readonly string[];
  /** The first host the rotation talked to (the rotated secret's Vault, or the parent that mints for a sandbox). */
  readonly vaultHost: string | undefined;
  readonly vaultCalls: number;
  readonly burstLimit: number | undefined;
  readonly burstRemaining: number | undefined;
  /** burstRemaining as a share of burstLimit, 0-100. */
  readonly burstRemainingPercent: number | undefined;
  readonly throttledResponses: number;
  readonly authLimitRefusals: number;
  readonly signIns: number;
  readonly sessionReused: boolean;
  readonly tokenExpiresAt: string | undefined;
  readonly tokenExpiresAtMs: number | undefined;
  readonly nextRotationDate: string | undefined;
  readonly nextRotationAtMs: number | undefined;
  readonly errorName: string | undefined;
  readonly reason: string | undefined;
}

export class InvocationRecorder {
  readonly #step: string;
  readonly #secretArn: string;
  readonly #startedAt: number;
  readonly #hosts: string[] = [];
  #calls = 0;
  #throttled = 0;
  #authLimited = 0;
  #signIns = 0;
  #burstLimit: number | undefined;
  #burstRemaining: number | undefined;
  #expiresAt: string | undefined;
  #nextRotation: Date | undefined;
  #sessionReused = false;
  /** Set once a token is minted: from then on nothing defers (the token must be stored or cleaned up). */
  minted = false;

  constructor(step: string, secretArn: string, startedAt: number) {
    this.#step = step;
    this.#secretArn = secretArn;
    this.#startedAt = startedAt;
  }

  observe(observation: VaultResponseObservation): void {
    this.#calls += 1;
    if (!this.#hosts.includes(observation.host)) this.#hosts.push(observation.host);
    if ((observation.responseDelayMs ?? 0) > 0) this.#throttled += 1;
    if (observation.operation === 'auth') {
      if (observation.errorType === 'API_LIMIT_EXCEEDED') this.#authLimited += 1;
      else this.#signIns += 1;
    }
    const { burstLimit, burstLimitRemaining } = observation;
    if (burstLimit !== undefined && burstLimitRemaining !== undefined) {
      const share = (remaining: number, limit: number) => (limit > 0 ? remaining / limit : 1);
      if (
        this.#burstRemaining === undefined ||
        share(burstLimitRemaining, burstLimit) < share(this.#burstRemaining, this.#burstLimit ?? burstLimit)
      ) {
        this.#burstLimit = burstLimit;
        this.#burstRemaining = burstLimitRemaining;
      }
    }
  }

  tokenExpiresAt(expiresAt: string | undefined): void {
    if (expiresAt !== undefined) this.#expiresAt = expiresAt;
  }

  sessionReused(): void {
    this.#sessionReused = true;
  }

  described(description: DescribeSecretCommandOutput): void {
    if (description.NextRotationDate instanceof Date) this.#nextRotation = description.NextRotationDate;
  }

  summary(outcome: InvocationOutcome, now: number, error?: unknown): InvocationSummary {
    const expiresMs = this.#expiresAt === undefined ? undefined : Date.parse(this.#expiresAt);
    return {
      outcome,
      step: this.#step,
      secretArn: this.#secretArn,
      durationMs: Math.round(Math.max(0, now - this.#startedAt)),
      vaultHosts: [...this.#hosts],
      vaultHost: this.#hosts[0],
      vaultCalls: this.#calls,
      burstLimit: this.#burstLimit,
      burstRemaining: this.#burstRemaining,
      burstRemainingPercent:
        this.#burstRemaining === undefined || !this.#burstLimit
          ? undefined
          : Math.round((this.#burstRemaining / this.#burstLimit) * 1000) / 10,
      throttledResponses: this.#throttled,
      authLimitRefusals: this.#authLimited,
      signIns: this.#signIns,
      sessionReused: this.#sessionReused,
      tokenExpiresAt: this.#expiresAt,
      tokenExpiresAtMs: Number.isFinite(expiresMs) ? expiresMs : undefined,
      nextRotationDate: this.#nextRotation?.toISOString(),
      nextRotationAtMs: this.#nextRotation?.getTime(),
      errorName: error instanceof Error ? error.name : undefined,
      reason: reasonOf(error),
    };
  }
}

/** 'deferred' for the rotator's own retryable deferrals (burst reserve, auth limit), 'failed' for anything else. */
export function outcomeOf(error: unknown): InvocationOutcome {
  return reasonOf(error) === 'burst-reserve' || reasonOf(error) === 'auth-limit' ? 'deferred' : 'failed';
}

function reasonOf(error: unknown): string | undefined {
  if (error === undefined || error === null || typeof error !== 'object') return undefined;
  const reason = (error as { reason?: unknown }).reason;
  if (typeof reason === 'string') return reason;
  const field = (error as { field?: unknown }).field;
  return typeof field === 'string' ? `field:${field}` : undefined;
}

/** The Secrets Manager port, watching DescribeSecret's answer for NextRotationDate (values are never looked at). */
export function describingPort(port: SecretsManagerPort, recorder: InvocationRecorder): SecretsManagerPort {
  return {
    send: (async (command: Parameters<SecretsManagerPort['send']>[0], options?: unknown) => {
      const output: unknown = await (port.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
      if (command instanceof DescribeSecretCommand && output !== null && typeof output === 'object') {
        recorder.described(output as DescribeSecretCommandOutput);
      }
      return output;
    }) as SecretsManagerPort['send'],
  };
}
