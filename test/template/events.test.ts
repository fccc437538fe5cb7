// events/*.json are what Secrets Manager sends (`sam local invoke -e`); events/env.json feeds `--env-vars`.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  functionLogicalId,
  isObject,
  loadTemplate,
  readJson,
  repoRoot,
  resourceOfType,
  resourcesOfType,
} from './template-files.js';

const steps = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
const fakeSecretArn = /^arn:aws:secretsmanager:[a-z0-9-]+:123456789012:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('events/', () => {
  const events = steps.map((step) => ({ step, event: readJson(`events/${step}.json`) as Record<string, unknown> }));

  it('holds one event per step and env.json, nothing else', () => {
    const expected = [...steps.map((step) => `${step}.json`), 'env.json'].sort();
    expect(readdirSync(path.join(repoRoot, 'events')).sort()).toEqual(expected);
  });

  for (const { step, event } of events) {
    it(`${step}.json has the wire shape {Step, SecretId, ClientRequestToken} and names its step`, () => {
      expect(Object.keys(event).sort()).toEqual(['ClientRequestToken', 'SecretId', 'Step']);
      expect(event.Step).toBe(step);
      expect(event.SecretId).toMatch(fakeSecretArn);
      expect(event.ClientRequestToken).toMatch(uuid);
    });
  }

  it('describes one rotation: the same secret and version in every step', () => {
    expect(new Set(events.map(({ event }) => event.SecretId)).size).toBe(1);
    expect(new Set(events.map(({ event }) => event.ClientRequestToken)).size).toBe(1);
  });
});

describe('events/env.json', () => {
  const template = loadTemplate();
  const env = readJson('events/env.json');
  const fn = resourceOfType(template, functionLogicalId, 'AWS::Serverless::Function');
  const environment = fn.Properties?.Environment;
  const declared = isObject(environment) && isObject(environment.Variables) ? environment.Variables : {};

  it('configures the rotation function by its logical id', () => {
    expect(isObject(env)).toBe(true);
    expect(Object.keys(env as object)).toEqual([functionLogicalId]);
    expect(resourcesOfType(template, 'AWS::Serverless::Function').map(([id]) => id)).toContain(functionLogicalId);
  });

  it('sets only variables the template declares (sam local drops the others silently)', () => {
    const variables = (env as Record<string, Record<string, unknown>>)[functionLogicalId] ?? {};
    expect(Object.keys(variables).filter((name) => !(name in declared))).toEqual([]);
    for (const [name, value] of Object.entries(variables)) expect(typeof value, name).toBe('string');
  });

  it('points the SDK at a loopback Secrets Manager', () => {
    const variables = (env as Record<string, Record<string, string>>)[functionLogicalId]!;
    const endpoint = new URL(variables.AWS_ENDPOINT_URL_SECRETS_MANAGER!);
    expect(endpoint.protocol).toBe('http:');
    expect(endpoint.hostname).toBe('127.0.0.1');
  });

  it('leaves the deployed endpoint empty, so the SDK uses the real service', () => {
    expect(declared.AWS_ENDPOINT_URL_SECRETS_MANAGER).toBe('');
  });
});
