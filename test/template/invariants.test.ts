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

/** The tag-scope policy, a JSON string (its condition key holds a parameter), parsed with `${X}` left as text. */
function tagPolicyStatements(): Guarded<JsonObject>[] {
  const [, policy] = resourcesOfType(template, 'AWS::IAM::RolePolicy').find(([id]) => id === 'RotateTaggedSecretsPolicy')!;
  const sub = (policy.Properties!.PolicyDocument as JsonObject)['Fn::Sub'] as Json[];
  const document = JSON.parse(String(sub[0])) as JsonObject;
  const scope = (sub[1] as JsonObject).ScopeResource!;
  return (document.Statement as JsonObject[]).map((statement) => ({
    value: { ...statement, Resource: statement.Resource === '${ScopeResource}' ? scope : statement.Resource! },
    conditions: [policy.Condition!],
  }));
}

/**
 * How a resource with a wildcard is narrowed: `prefix:P` for `arn:…:secret:${P}*` where P must be non-empty under
 * the statement's conditions, `tag` for any resource of the statement when it carries an aws:ResourceTag condition
 * that must be non-empty, `none-needed` when there is no wildcard at all, otherwise `unnarrowed`.
 */
/**
 * sts:GetWebIdentityToken has no resource type (it issues a token about the caller itself), so IAM takes only
 * Resource "*" for it; the statement is narrowed by being that one action, behind AllowWebIdentityToken.
 */
function isOwnIdentityGrant(statement: JsonObject): boolean {
  return (
    statement.Effect === 'Allow' &&
    JSON.stringify(asList(statement.Action)) === JSON.stringify(['sts:GetWebIdentityToken']) &&
    statement.Resource === '*'
  );
}

function wildcardNarrowing(resource: Json, statement: JsonObject, conditions: readonly string[]): string {
  if (isOwnIdentityGrant(statement) && conditions.includes('GrantWebIdentityToken')) return 'own-identity';
  const branches = unwrapIf(resource, conditions);
  const verdicts = branches.map(({ value, conditions: guards }) => {
    const text = isObject(value) && 'Fn::Sub' in value ? String(value['Fn::Sub']) : typeof value === 'string' ? value : '';
    if (!text.includes('*')) return 'none-needed';
    const prefix = /:secret:\$\{([A-Za-z]+)\}\*$/.exec(text)?.[1];
    if (prefix !== undefined && nonEmptyUnder(guards.flatMap(impliedConditions)).includes(prefix)) return `prefix:${prefix}`;
    const tagged = JSON.stringify(statement.Condition ?? {}).includes('aws:ResourceTag/');
    if (tagged && nonEmptyUnder(conditions.flatMap(impliedConditions)).includes('RotatedSecretTagKey')) return 'tag';
    // KMS by pattern: this account's secrets, only through Secrets Manager, behind a tag-scoped secrets statement.
    const viaSecretsManager = JSON.stringify(statement.Condition ?? {}).includes('kms:ViaService');
    if (viaSecretsManager && /:secret:\*$/.test(text) && text.includes('${AWS::AccountId}')) return 'kms-via-tag-scope';
    return 'unnarrowed';
  });
  return verdicts.find((verdict) => verdict === 'unnarrowed') ?? verdicts[0] ?? 'none-needed';
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

  it('tells the function which credentials secrets are declared (and so write-denied), so it refuses any other', () => {
    const variables = (fnProperties.Environment as JsonObject).Variables as JsonObject;
    expect(variables.CREDENTIALS_SECRET_ARNS).toEqual({ 'Fn::Join': [',', { Ref: 'CredentialsSecretArns' }] });
    expect(variables.CREDENTIALS_SECRET_NAME_PREFIX).toEqual({ Ref: 'CredentialsSecretNamePrefix' });
  });

  it('passes AllowedVaultHosts (default *.veevavault.com) and the burst reserve to the function', () => {
    const variables = (fnProperties.Environment as JsonObject).Variables as JsonObject;
    expect(variables.ALLOWED_VAULT_HOSTS).toEqual({ Ref: 'AllowedVaultHosts' });
    expect(variables.VAULT_BURST_RESERVE_PERCENT).toEqual({ Ref: 'VaultBurstReservePercent' });
    expect(template.Parameters.AllowedVaultHosts?.Default).toBe('*.veevavault.com');
    expect(template.Parameters.VaultBurstReservePercent?.Default).toBe(20);
    const pattern = new RegExp(String(template.Parameters.AllowedVaultHosts?.AllowedPattern));
    for (const good of ['*.veevavault.com', 'myvault.veevavault.com:443,*.veevavault.com', '127.0.0.1:*', 'vault.acme.test:8443'])
      expect(good).toMatch(pattern);
    for (const bad of ['*', '*.com', '', 'https://myvault.veevavault.com', 'a.com, b.com', 'a.*.com', '*.veevavault.com/'])
      expect(bad).not.toMatch(pattern);
  });

  it('bounds its concurrency with RotationConcurrency, never below 10 (below that Secrets Manager loops)', () => {
    // The bound itself and its sizing: test/template/concurrency.test.ts.
    expect(fnProperties.ReservedConcurrentExecutions).toEqual({ Ref: 'RotationConcurrency' });
    expect(Math.min(...(template.Parameters.RotationConcurrency?.AllowedValues as number[]))).toBeGreaterThanOrEqual(10);
  });
});

describe('least privilege', () => {
  it('grants no wildcard action or NotResource, and no wildcard resource that nothing narrows', () => {
    const statements = [...roleStatements(), ...tagPolicyStatements()];
    const everywhere = allStatements();
    expect(everywhere.length).toBeGreaterThan(0);
    for (const statement of everywhere) {
      expect(statement.NotResource, JSON.stringify(statement)).toBeUndefined();
      expect(statement.NotAction, JSON.stringify(statement)).toBeUndefined();
      for (const action of asList(statement.Action)) expect(String(action)).not.toContain('*');
      for (const resource of asList(statement.Resource)) {
        if (isOwnIdentityGrant(statement)) continue; // narrowed below: one action, behind its parameter
        expect(typeof resource === 'string' && resource.includes('*'), `Resource ${JSON.stringify(resource)}`).toBe(
          false,
        );
      }
    }
    for (const { value, conditions } of statements) {
      for (const resource of asList(value.Resource)) {
        const narrowing = wildcardNarrowing(resource, value, conditions);
        expect(narrowing, `${String(value.Sid)}: Resource ${JSON.stringify(resource)}`).not.toBe('unnarrowed');
      }
    }
  });

  it('grants the four rotation actions exactly, and only on the rotated secrets (by ARN, prefix, tag or the managed one)', () => {
    const statements = [...roleStatements(), ...tagPolicyStatements()];
    const rotating = statements.filter(({ value }) => value.Effect === 'Allow').filter(({ value }) =>
      asList(value.Action).some(
        (action) => rotationActions.includes(String(action)) && action !== 'secretsmanager:GetSecretValue',
      ),
    );
    expect(rotating.map(({ value }) => String(value.Sid)).sort()).toEqual(
      ['RotateListedSecrets', 'RotateManagedSecret', 'RotateSecretsByNamePrefix', 'RotateSecretsByTag'].sort(),
    );
    for (const { value } of rotating) expect(asList(value.Action)).toEqual(rotationActions);
    const byArn = rotating.filter(({ value }) => isObject(value.Resource) && 'Ref' in value.Resource);
    expect(byArn.map(({ value }) => value.Resource)).toEqual(rotatedSecretRefs);
    const byPrefix = rotating.find(({ value }) => value.Sid === 'RotateSecretsByNamePrefix')!;
    expect(wildcardNarrowing(byPrefix.value.Resource!, byPrefix.value, byPrefix.conditions)).toBe(
      'prefix:RotatedSecretNamePrefix',
    );
    const byTag = rotating.find(({ value }) => value.Sid === 'RotateSecretsByTag')!;
    expect(byTag.value.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/${RotatedSecretTagKey}': '${RotatedSecretTagValue}' },
    });
    expect(nonEmptyUnder(byTag.conditions)).toContain('RotatedSecretTagKey');
  });

  it('grants sts:GetWebIdentityToken only when AllowWebIdentityToken asks for it (default false), and nothing else of STS', () => {
    const parameter = (template.Parameters as JsonObject).AllowWebIdentityToken as JsonObject;
    expect(parameter).toMatchObject({ Type: 'String', Default: 'false', AllowedValues: ['false', 'true'] });
    expect((template.Conditions as JsonObject).GrantWebIdentityToken).toEqual({
      'Fn::Equals': [{ Ref: 'AllowWebIdentityToken' }, 'true'],
    });
    // Besides the trust policy's sts:AssumeRole (Lambda's), the one STS action anywhere is this grant.
    const sts = allStatements().filter((statement) =>
      asList(statement.Action).some((a) => String(a).startsWith('sts:') && a !== 'sts:AssumeRole'),
    );
    expect(sts).toHaveLength(1);
    const grants = roleStatements().filter(({ value }) => asList(value.Action).includes('sts:GetWebIdentityToken'));
    expect(grants).toHaveLength(1);
    expect(grants[0]!.conditions).toEqual(['GrantWebIdentityToken']);
    expect(isOwnIdentityGrant(grants[0]!.value)).toBe(true);
  });

  it('reads other secrets only when credentials secrets are given, by ARN or name prefix', () => {
    const reads = roleStatements().filter(
      ({ value }) =>
        asList(value.Action).includes('secretsmanager:GetSecretValue') &&
        !asList(value.Action).includes('secretsmanager:PutSecretValue'),
    );
    expect(reads).toHaveLength(2);
    for (const read of reads) expect(asList(read.value.Action)).toEqual(['secretsmanager:GetSecretValue']);
    const [byArn, byPrefix] = reads;
    expect(byArn!.value.Resource).toEqual({ Ref: 'CredentialsSecretArns' });
    expect(nonEmptyUnder(byArn!.conditions)).toContain('CredentialsSecretArns');
    expect(wildcardNarrowing(byPrefix!.value.Resource!, byPrefix!.value, byPrefix!.conditions)).toBe(
      'prefix:CredentialsSecretNamePrefix',
    );
  });

  it('uses the customer key only through Secrets Manager, for the secrets it rotates or reads, when one is given', () => {
    const kms = roleStatements().filter(({ value }) =>
      asList(value.Action).some((action) => String(action).startsWith('kms:')),
    );
    expect(kms.length).toBeGreaterThan(0);
    const contexts: Json[] = [];
    for (const { value, conditions } of kms) {
      const label = String(value.Sid);
      expect(value.Resource, label).toEqual({ Ref: 'KmsKeyArn' });
      expect(nonEmptyUnder(conditions), label).toContain('KmsKeyArn');
      for (const action of asList(value.Action))
        expect(['kms:Decrypt', 'kms:GenerateDataKey'], label).toContain(action);
      const condition = value.Condition as JsonObject;
      const stringEquals = condition.StringEquals as JsonObject;
      expect(referencedNames(stringEquals['kms:ViaService']), label).toContain('AWS::Region');
      const exact = stringEquals['kms:EncryptionContext:SecretARN'];
      const pattern = (condition.StringLike as JsonObject | undefined)?.['kms:EncryptionContext:SecretARN'];
      expect(exact === undefined ? pattern : exact, `${label}: kms:EncryptionContext:SecretARN`).toBeDefined();
      if (exact !== undefined) {
        expect([...rotatedSecretRefs, { Ref: 'CredentialsSecretArns' }], label).toContainEqual(exact);
      } else {
        // A pattern: the same prefix as the secrets' scope, or (tag scope alone) this account's secrets in this Region.
        for (const branch of unwrapIf(pattern!)) {
          expect(wildcardNarrowing(branch.value, value, [...conditions, ...branch.conditions]), label).not.toBe(
            'unnarrowed',
          );
        }
      }
      contexts.push(exact ?? pattern!);
    }
    expect(contexts).toEqual(expect.arrayContaining(rotatedSecretRefs));
    const writers = kms.filter(({ value }) => asList(value.Action).includes('kms:GenerateDataKey'));
    expect(writers.map(({ value }) => String(value.Sid)).sort()).toEqual(
      ['UseKeyForListedSecrets', 'UseKeyForManagedSecret', 'UseKeyForScopedSecrets'].sort(),
    );
    const scoped = writers.find(({ value }) => value.Sid === 'UseKeyForScopedSecrets')!;
    expect(nonEmptyUnder(impliedConditions(scoped.conditions[0]!))).toEqual(expect.arrayContaining(['KmsKeyArn']));
  });

  it('asks for some scope, and for the tag key and value together', () => {
    const rules = template.Rules as JsonObject;
    const named = referencedNames((rules.SomethingToRotate as JsonObject).Assertions);
    expect(named).toEqual(
      expect.arrayContaining(['ManagedSecretName', 'RotatedSecretArns', 'RotatedSecretNamePrefix', 'RotatedSecretTagKey']),
    );
    expect(referencedNames(rules.TagScopeNeedsKeyAndValue)).toEqual(
      expect.arrayContaining(['RotatedSecretTagKey', 'RotatedSecretTagValue']),
    );
  });

  it('keeps the tag parameters from breaking out of the JSON policy they are substituted into', () => {
    for (const name of ['RotatedSecretTagKey', 'RotatedSecretTagValue', 'RotatedSecretNamePrefix']) {
      const pattern = new RegExp(String(template.Parameters[name]?.AllowedPattern));
      for (const bad of ['a"b/', 'a\\b/', '${AWS::Region}/', 'a*/', 'a b/']) expect(bad, name).not.toMatch(pattern);
      expect('vault-tokens/team.a/', name).toMatch(pattern);
    }
  });

  it('bounds each name prefix by a /: vault-tokens/ never also covers vault-tokens-evil or vault-tokens2/…', () => {
    for (const name of ['RotatedSecretNamePrefix', 'CredentialsSecretNamePrefix']) {
      const pattern = new RegExp(String(template.Parameters[name]?.AllowedPattern));
      for (const good of ['', 'vault-tokens/', 'vault-tokens/team-a/', 'a/']) expect(good, name).toMatch(pattern);
      for (const bad of ['vault-tokens', 'vault-tokens/team-a', 'team-a-', '/x', 'a*/', `${'a'.repeat(256)}/`]) {
        expect(bad, name).not.toMatch(pattern);
      }
    }
  });

  it('refuses the same prefix for rotated and credentials secrets', () => {
    const rule = (template.Rules as JsonObject).NamePrefixesDiffer as JsonObject | undefined;
    expect(rule, 'Rules.NamePrefixesDiffer').toBeDefined();
    expect(referencedNames(rule)).toEqual(
      expect.arrayContaining(['RotatedSecretNamePrefix', 'CredentialsSecretNamePrefix']),
    );
    expect(JSON.stringify(rule)).toContain('Fn::Not');
  });

  it('denies every write action it grants on the credentials secrets, by prefix and by ARN, even if scopes overlap', () => {
    const statements = [...roleStatements(), ...tagPolicyStatements()];
    const granted = new Set(
      statements
        .filter(({ value }) => value.Effect === 'Allow')
        .flatMap(({ value }) => asList(value.Action).map(String))
        .filter((action) => action.startsWith('secretsmanager:') && !['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'].includes(action)),
    );
    expect([...granted].sort()).toEqual(['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage']);
    const denies = roleStatements().filter(({ value }) => value.Effect === 'Deny');
    const byPrefix = denies.find(
      ({ value, conditions }) => wildcardNarrowing(value.Resource!, value, conditions) === 'prefix:CredentialsSecretNamePrefix',
    );
    const byArn = denies.find(({ value }) => JSON.stringify(value.Resource) === JSON.stringify({ Ref: 'CredentialsSecretArns' }));
    for (const [label, deny] of [['prefix', byPrefix], ['ARNs', byArn]] as const) {
      expect(deny, `a Deny on the credentials secrets by ${label}`).toBeDefined();
      expect(asList(deny!.value.Action).map(String).sort(), label).toEqual([...granted].sort());
      expect(deny!.value.Condition, `${label}: unconditional`).toBeUndefined();
    }
    expect(nonEmptyUnder(byArn!.conditions)).toContain('CredentialsSecretArns');
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
