// One "Rotation invocation summary" line per invocation (invocation-summary.ts), whatever the outcome: the fields
// Logs Insights aggregates per secret and per Vault, and never a secret.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvocationRecorder, outcomeOf } from '../../functions/rotation/telemetry/invocation-summary.js';
import { STEPS, UnitWorld } from './support/unit-world.js';

const SUMMARY = 'Rotation invocation summary';

describe('the invocation summary', () => {
  it('is logged once per step of a rotation, with outcome, step, duration and token expiry', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await world.rotateOnce(arn);
    const lines = world.logger.lines.filter((line) => line.message === SUMMARY);
    expect(lines.map((line) => line.attributes.step)).toEqual([...STEPS]);
    for (const line of lines) {
      expect(line.level).toBe('info');
      expect(line.attributes).toMatchObject({ outcome: 'succeeded', secretArn: arn });
      expect(typeof line.attributes.durationMs).toBe('number');
      expect(typeof line.attributes.vaultCalls).toBe('number');
    }
    const created = lines[0]!.attributes;
    expect(created.tokenExpiresAt).toBe(world.current(arn).expiresAt);
    expect(created.tokenExpiresAtMs).toBe(Date.parse(world.current(arn).expiresAt!));
    expect(world.leakedSecrets(world.logger.text())).toEqual([]);
  });

  it('is logged at error level with the error name and reason when a step fails', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ vaultDns: 'elsewhere.example.com' });
    await expect(world.rotateOnce(arn)).rejects.toThrow(/vaultDns/);
    const line = world.logger.lines.find((entry) => entry.message === SUMMARY)!;
    expect(line.level).toBe('error');
    expect(line.attributes).toMatchObject({
      outcome: 'failed',
      step: 'createSecret',
      errorName: 'VaultHostNotAllowedError',
      reason: 'host-not-allowed',
      vaultCalls: 0,
    });
  });
});

describe('InvocationRecorder', () => {
  it('counts calls, throttled answers, auth-limit refusals and sign-ins, and keeps the lowest burst share', () => {
    const recorder = new InvocationRecorder('createSecret', 'arn:x', 0);
    const base = { host: 'a.veevavault.com', httpStatus: 200, errorType: undefined, responseDelayMs: undefined };
    recorder.observe({ ...base, operation: 'auth', burstLimit: 100, burstLimitRemaining: 80 });
    recorder.observe({ ...base, operation: 'listTokens', burstLimit: 100, burstLimitRemaining: 40, responseDelayMs: 500 });
    recorder.observe({ ...base, operation: 'auth', errorType: 'API_LIMIT_EXCEEDED', burstLimit: 100, burstLimitRemaining: 60 });
    recorder.observe({ ...base, host: 'b.veevavault.com', operation: 'whoAmI', burstLimit: 1000, burstLimitRemaining: 900 });
    const summary = recorder.summary('succeeded', 12.4);
    expect(summary).toMatchObject({
      vaultCalls: 4,
      throttledResponses: 1,
      authLimitRefusals: 1,
      signIns: 1,
      burstLimit: 100,
      burstRemaining: 40,
      burstRemainingPercent: 40,
      vaultHost: 'a.veevavault.com',
      vaultHosts: ['a.veevavault.com', 'b.veevavault.com'],
      durationMs: 12,
    });
  });

  it('calls a deferral deferred and anything else failed', () => {
    expect(outcomeOf(Object.assign(new Error('x'), { reason: 'burst-reserve' }))).toBe('deferred');
    expect(outcomeOf(Object.assign(new Error('x'), { reason: 'auth-limit' }))).toBe('deferred');
    expect(outcomeOf(Object.assign(new Error('x'), { reason: 'network' }))).toBe('failed');
    expect(outcomeOf(new Error('x'))).toBe('failed');
  });
});

describe('the Logs Insights queries in docs/fleet.md', () => {
  it('use only fields the summary line has', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await world.rotateOnce(arn);
    const line = world.logger.lines.find((entry) => entry.message === SUMMARY)!;
    const fields = new Set([...Object.keys(line.attributes), 'message']);
    const doc = readFileSync(new URL('../../docs/fleet.md', import.meta.url), 'utf8');
    const queries = [...doc.matchAll(/```\n(fields [\s\S]*?)```/g)].map((match) => match[1]!);
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const query of queries) {
      const used = [
        ...[...query.matchAll(/\b(?:latest|max|min|sum|ispresent)\(([A-Za-z@]+)\)/g)].map((match) => match[1]!),
        ...query
          .split('\n')[0]!
          .replace(/^fields /, '')
          .split(',')
          .map((name) => name.trim()),
        ...[...query.matchAll(/\bby ([A-Za-z]+)/g)].map((match) => match[1]!),
      ].filter((name) => !name.startsWith('@'));
      // Names a later `| fields expr as name` line defines, and the fields its expression reads.
      const defined = [...query.matchAll(/^\| fields (.*) as ([A-Za-z]+)$/gm)];
      for (const [, expr, alias] of defined) {
        fields.add(alias!);
        used.push(...[...expr!.matchAll(/\b([A-Za-z]+)\b(?!\()/g)].map((match) => match[1]!));
      }
      for (const name of used) expect(fields, `${name} in docs/fleet.md`).toContain(name);
    }
  });
});
