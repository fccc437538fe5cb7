// Security and wiring invariants of template.yaml, read from the parsed template with every `!If` branch considered.
// cfn-lint may be absent locally; these hold regardless.
import { describe, expect, it } from 'vitest';
import {
  functionLogicalId,
  type Guarded,
  isObject,
  type Json,
  type JsonObject,
  loadTemplate,
  referencedNames,
  resourceOfType,
  resourcesOfType,
  unwrapIf,
  usedConditionNames,
} from './template-files.js';

const template = loadTemplate();
const fn = resourceOfType(template, functionLogicalId, 'AWS::Serverless::Function');
const fnProperties = fn.Properties ?? {};
const rotationActions = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
];
const rotatedSecretRefs = [{ Ref: 'RotatedSecretArns' }, { Ref: 'ManagedSecret' }];

function roleStatements(): Guarded<JsonObject>[] {
  const roleId = referencedNames(fnProperties.Role)[0];
  expect(roleId, 'the function names its role').toBeDefined();
  const role = resourceOfType(template, roleId!, 'AWS::IAM::Role');
  expect(role.Properties?.ManagedPolicyArns, 'managed policies are not least privilege').toBeUndefined();
  const policies = (role.Properties?.Policies ?? []) as JsonObject[];
  return policies.flatMap((policy) =>
    ((policy.PolicyDocument as JsonObject).Statement as Json[]).flatMap((statement) => unwrapIf(statement)),
  ) as Guarded<JsonObject>[];
}

function asList(value: Json | undefined): Json[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Every IAM-style statement in the template: role policies, topic policies, inline SAM policies. */
function allStatements(): JsonObject[] {
  const found: JsonObject[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      if (Array.isArray(node.Statement)) {
        for (const statement of node.Statement)
          for (const { value } of unwrapIf(statement)) found.push(value as JsonObject);
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(template.Resources);
  return found;
}

/** The conditions a condition implies: itself and, transitively, every `!Condition` inside its `!And`. */
function impliedConditions(name: string): string[] {
  const definition = template.Conditions[name];
  const parts = isObject(definition) && Array.isArray(definition['Fn::And']) ? definition['Fn::And'] : [];
  return [
    name,
    ...parts.flatMap((part) =>
      isObject(part) && typeof part.Condition === 'string' ? impliedConditions(part.Condition) : [],
    ),
  ];
}

/** Parameters a condition requires to be non-empty: `!Not [!Equals [!Ref P, '']]`, directly or inside `!And`. */
function requiredNonEmpty(expression: Json | undefined): string[] {
  if (!isObject(expression)) return [];
  if (typeof expression.Condition === 'string') return requiredNonEmpty(template.Conditions[expression.Condition]);
  if (Array.isArray(expression['Fn::And'])) return expression['Fn::And'].flatMap(requiredNonEmpty);
  const negated = Array.isArray(expression['Fn::Not']) ? expression['Fn::Not'][0] : undefined;
  const equals = isObject(negated) && Array.isArray(negated['Fn::Equals']) ? negated['Fn::Equals'] : undefined;
  return equals?.[1] === '' ? referencedNames(equals[0]) : [];
}

const nonEmptyUnder = (conditions: readonly string[]): string[] =>
  conditions.flatMap((name) => requiredNonEmpty({ Condition: name }));

describe('the function', () => {
  it('runs on a supported Node.js runtime on arm64', () => {
    expect(['nodejs22.x', 'nodejs24.x']).toContain(fnProperties.Runtime);
    expect(fnProperties.Architectures).toEqual(['arm64']);
  });

  it('logs JSON at a configurable level', () => {
    const logging = fnProperties.LoggingConfig as JsonObject;
    expect(logging.LogFormat).toBe('JSON');
    expect(logging.ApplicationLogLevel).toEqual({ Ref: 'ApplicationLogLevel' });
    expect(template.Parameters.ApplicationLogLevel?.AllowedValues).toContain('INFO');
  });

  it('has a timeout that leaves room for Vault retries, within Lambda limits', () => {
    expect(fnProperties.Timeout).toBeGreaterThanOrEqual(60);
    expect(fnProperties.Timeout).toBeLessThanOrEqual(900);
    expect(fnProperties.MemorySize).toBeLessThanOrEqual(256);
  });

  it('sets no reserved concurrency (below 10 it makes Secrets Manager loop)', () => {
    expect(fnProperties.ReservedConcurrentExecutions).toBeUndefined();
  });
});

describe('least privilege', () => {
  it('grants no wildcard resource, action or NotResource anywhere', () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.NotResource, JSON.stringify(statement)).toBeUndefined();
      expect(statement.NotAction, JSON.stringify(statement)).toBeUndefined();
      for (const resource of asList(statement.Resource)) {
        expect(typeof resource === 'string' && resource.includes('*'), `Resource ${JSON.stringify(resource)}`).toBe(
          false,
        );
      }
      for (const action of asList(statement.Action)) expect(String(action)).not.toContain('*');
    }
  });

  it('grants the four rotation actions exactly, and only on the rotated secrets', () => {
    const statements = roleStatements();
    const rotating = statements.filter(({ value }) =>
      asList(value.Action).some(
        (action) => rotationActions.includes(String(action)) && action !== 'secretsmanager:GetSecretValue',
      ),
    );
    expect(rotating.map(({ value }) => value.Resource)).toEqual(rotatedSecretRefs);
    for (const { value } of rotating) expect(asList(value.Action)).toEqual(rotationActions);
  });

  it('reads other secrets only when credentials secrets are given', () => {
    const reads = roleStatements().filter(
      ({ value }) =>
        asList(value.Action).includes('secretsmanager:GetSecretValue') &&
        !rotatedSecretRefs.some((ref) => JSON.stringify(ref) === JSON.stringify(value.Resource)),
    );
    expect(reads).toHaveLength(1);
    const [read] = reads;
    expect(asList(read!.value.Action)).toEqual(['secretsmanager:GetSecretValue']);
    expect(read!.value.Resource).toEqual({ Ref: 'CredentialsSecretArns' });
    expect(nonEmptyUnder(read!.conditions)).toContain('CredentialsSecretArns');
  });

  it('uses the customer key only through Secrets Manager, for the secrets it rotates or reads, when one is given', () => {
    const kms = roleStatements().filter(({ value }) =>
      asList(value.Action).some((action) => String(action).startsWith('kms:')),
    );
    expect(kms.length).toBeGreaterThan(0);
    for (const { value, conditions } of kms) {
      const label = String(value.Sid);
      expect(value.Resource, label).toEqual({ Ref: 'KmsKeyArn' });
      expect(nonEmptyUnder(conditions), label).toContain('KmsKeyArn');
      for (const action of asList(value.Action))
        expect(['kms:Decrypt', 'kms:GenerateDataKey'], label).toContain(action);
      const stringEquals = (value.Condition as JsonObject).StringEquals as JsonObject;
      expect(
        [...rotatedSecretRefs, { Ref: 'CredentialsSecretArns' }],
        `${label}: kms:EncryptionContext:SecretARN`,
      ).toContainEqual(stringEquals['kms:EncryptionContext:SecretARN']);
      expect(referencedNames(stringEquals['kms:ViaService']), label).toContain('AWS::Region');
    }
    const covered = kms.map(
      ({ value }) => ((value.Condition as JsonObject).StringEquals as JsonObject)['kms:EncryptionContext:SecretARN'],
    );
    expect(covered).toEqual(expect.arrayContaining(rotatedSecretRefs));
    const writers = kms.filter(({ value }) => asList(value.Action).includes('kms:GenerateDataKey'));
    expect(
      writers
        .map(({ value }) => (value.Condition as JsonObject).StringEquals as JsonObject)
        .map((c) => c['kms:EncryptionContext:SecretARN']),
    ).toEqual(rotatedSecretRefs);
  });

  it('lets only Secrets Manager of this account invoke the function', () => {
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission');
    expect(permissions).toHaveLength(1);
    const properties = permissions[0]![1].Properties!;
    expect(properties.Principal).toBe('secretsmanager.amazonaws.com');
    expect(properties.Action).toBe('lambda:InvokeFunction');
    expect(properties.SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
    expect(referencedNames(properties.FunctionName)).toEqual([functionLogicalId]);
  });
});

describe('the managed secret and its schedule', () => {
  const [scheduleId, schedule] = resourcesOfType(template, 'AWS::SecretsManager::RotationSchedule')[0]!;
  const secret = resourceOfType(template, 'ManagedSecret', 'AWS::SecretsManager::Secret');

  it('are optional, and the schedule waits for the bootstrap switch', () => {
    expect(secret.Condition).toBeDefined();
    expect(nonEmptyUnder([secret.Condition!])).toEqual(['ManagedSecretName']);
    expect(impliedConditions(schedule.Condition!)).toContain(secret.Condition);
    expect(referencedNames(template.Conditions[schedule.Condition!])).toContain('EnableManagedSecretRotation');
    expect(template.Parameters.EnableManagedSecretRotation?.Default).toBe('false');
  });

  it('holds a placeholder, never a token from a parameter', () => {
    expect(typeof secret.Properties?.SecretString).toBe('string');
    expect(JSON.parse(String(secret.Properties?.SecretString))).not.toHaveProperty('accessToken');
  });

  it(`${scheduleId} uses the function, a schedule parameter and a window, after the invoke permission`, () => {
    const [permissionId] = resourcesOfType(template, 'AWS::Lambda::Permission')[0]!;
    expect(asList(schedule.DependsOn as Json)).toContain(permissionId);
    const properties = schedule.Properties!;
    expect(properties.SecretId).toEqual({ Ref: 'ManagedSecret' });
    expect(properties.RotationLambdaARN).toEqual({ 'Fn::GetAtt': [functionLogicalId, 'Arn'] });
    expect(typeof properties.RotateImmediatelyOnUpdate, 'decided explicitly').toBe('boolean');
    const rules = properties.RotationRules as JsonObject;
    expect(referencedNames(rules.ScheduleExpression)).toEqual(['RotationScheduleExpression']);
    expect(rules.Duration).toBeDefined();
  });
});

describe('the rotation-failure alarm', () => {
  const [ruleId, rule] = resourcesOfType(template, 'AWS::Events::Rule')[0]!;
  const [topicId] = resourcesOfType(template, 'AWS::SNS::Topic')[0]!;

  it("matches Secrets Manager's RotationFailed service event from CloudTrail", () => {
    const pattern = rule.Properties!.EventPattern as JsonObject;
    expect(pattern.source).toEqual(['aws.secretsmanager']);
    expect(pattern['detail-type']).toEqual(['AWS Service Event via CloudTrail']);
    expect((pattern.detail as JsonObject).eventName).toContain('RotationFailed');
    const targets = rule.Properties!.Targets as JsonObject[];
    expect(targets.map((target) => referencedNames(target.Arn))).toEqual([[topicId]]);
  });

  it('may publish to the topic, and nothing else may through the topic policy', () => {
    const [, policy] = resourcesOfType(template, 'AWS::SNS::TopicPolicy')[0]!;
    const statements = (policy.Properties!.PolicyDocument as JsonObject).Statement as JsonObject[];
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement!.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(statement!.Action).toBe('sns:Publish');
    expect(referencedNames(statement!.Resource)).toEqual([topicId]);
    expect(referencedNames(statement!.Condition)).toEqual([ruleId]);
  });

  it('is optional, as is the e-mail subscription', () => {
    expect(rule.Condition).toBeDefined();
    const [, subscription] = resourcesOfType(template, 'AWS::SNS::Subscription')[0]!;
    expect(impliedConditions(subscription.Condition!)).toContain(rule.Condition);
    expect(nonEmptyUnder([subscription.Condition!])).toEqual(['AlarmEmail']);
  });
});

describe('wiring', () => {
  it('uses the SAM transform', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
  });

  it('refers only to parameters, resources, conditions and pseudo parameters that exist', () => {
    const declared = new Set([...Object.keys(template.Parameters), ...Object.keys(template.Resources)]);
    const dangling = referencedNames({
      Resources: template.Resources,
      Outputs: template.Outputs,
      Conditions: template.Conditions,
    }).filter((name) => !name.startsWith('AWS::') && !declared.has(name));
    expect(dangling).toEqual([]);
    const missingConditions = usedConditionNames(template).filter((name) => !(name in template.Conditions));
    expect(missingConditions).toEqual([]);
  });

  it('has no dependency cycle between resources', () => {
    const edges = new Map(
      Object.entries(template.Resources).map(([id, resource]) => [
        id,
        [...referencedNames(resource.Properties), ...asList(resource.DependsOn as Json).map(String)].filter(
          (name) => name in template.Resources,
        ),
      ]),
    );
    const cycle = findCycle(edges);
    expect(cycle, `cycle: ${cycle?.join(' -> ')}`).toBeUndefined();
  });

  it('documents and constrains every parameter', () => {
    for (const [name, parameter] of Object.entries(template.Parameters)) {
      expect(parameter.Description, `${name} Description`).toBeTruthy();
      const constrained = parameter.AllowedPattern !== undefined || parameter.AllowedValues !== undefined;
      expect(constrained, `${name} has no AllowedPattern or AllowedValues`).toBe(true);
      if (typeof parameter.AllowedPattern === 'string') {
        expect(String(parameter.Default ?? '')).toMatch(new RegExp(parameter.AllowedPattern));
      }
    }
  });

  it('accepts full secret ARNs and rejects partial ones, spaces and other services', () => {
    const pattern = new RegExp(String(template.Parameters.RotatedSecretArns?.AllowedPattern));
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/vault-token-AbC123';
    expect(arn).toMatch(pattern);
    expect(`${arn},${arn.replace('team', 'other')}`).toMatch(pattern);
    for (const bad of [arn.slice(0, -7), `${arn}, ${arn}`, arn.replace('secretsmanager', 'ssm'), '*']) {
      expect(bad).not.toMatch(pattern);
    }
  });

  it('accepts Secrets Manager schedule expressions and rejects minutes and prose', () => {
    const pattern = new RegExp(String(template.Parameters.RotationScheduleExpression?.AllowedPattern));
    for (const good of ['rate(30 days)', 'rate(1 day)', 'rate(4 hours)', 'cron(0 8 1 * ? *)'])
      expect(good).toMatch(pattern);
    for (const bad of ['rate(30 minutes)', 'rate(0 days)', 'every day', '30']) expect(bad).not.toMatch(pattern);
  });

  it('outputs the function, role, managed secret and topic ARNs', () => {
    const outputs = Object.values(template.Outputs).flatMap((output) => referencedNames(output.Value));
    expect(outputs).toEqual(
      expect.arrayContaining([functionLogicalId, 'RotationRole', 'ManagedSecret', 'RotationFailureTopic']),
    );
  });
});

function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const walk = (id: string, trail: string[]): string[] | undefined => {
    if (state.get(id) === 'visiting') return [...trail, id];
    if (state.get(id) === 'done') return undefined;
    state.set(id, 'visiting');
    for (const next of edges.get(id) ?? []) {
      const cycle = walk(next, [...trail, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = walk(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}
