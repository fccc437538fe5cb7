// Everything `status` shows about one secret: its versions and labels, what each version's value says about its
// token (never the token itself), its rotation settings, and from Vault the tokens named with the secret's prefix,
// listed with the secret's own AWSCURRENT token (the integration user's; no other credentials needed).
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { rotationIntervalMs, secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { Secret } from '../../shared/secret.js';
import { openVaultSession } from '../../shared/session.js';
import { VAULT_TOKEN_PREFIX } from '../../shared/tokens/prefix.js';
import { type ClassifiedToken, classifyToken, secretWarnings, type VersionFacts, type Warning } from './classify.js';

export interface VersionReport extends VersionFacts {
  readonly userId: string | undefined;
}

export interface SecretReport {
  readonly name: string;
  readonly arn: string;
  readonly rotation: {
    readonly enabled: boolean;
    readonly lambdaArn: string | undefined;
    readonly schedule: string | undefined;
    readonly window: string | undefined;
    readonly lastRotated: string | undefined;
    readonly nextRotation: string | undefined;
    /** True when the service gave no NextRotationDate and it was worked out from the schedule. */
    readonly nextRotationEstimated: boolean;
  };
  readonly vaultDns: string | undefined;
  readonly tokenPrefix: string;
  readonly versions: readonly VersionReport[];
  readonly tokens: readonly ClassifiedToken[] | undefined;
  readonly warnings: readonly Warning[];
}

interface ValueFields {
  readonly tokenId: string | undefined;
  readonly expiresAt: string | undefined;
  readonly userId: string | undefined;
  readonly vaultDns: string | undefined;
  readonly apiVersion: string | undefined;
  readonly accessToken: Secret | undefined;
}

export async function collectSecret(
  sm: SecretsManagerClient,
  secretId: string,
  options: { readonly vault: boolean; readonly now: number },
): Promise<SecretReport> {
  const described = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  const arn = described.ARN ?? secretId;
  const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true, MaxResults: 100 }));
  const stagesOf = described.VersionIdsToStages ?? {};
  const versions: VersionReport[] = [];
  let current: ValueFields | undefined;
  for (const entry of listed.Versions ?? []) {
    const versionId = entry.VersionId as string;
    const stages = stagesOf[versionId] ?? entry.VersionStages ?? [];
    const fields = await readFields(sm, arn, versionId);
    if (stages.includes('AWSCURRENT')) current = fields;
    versions.push({
      versionId,
      stages,
      tokenId: fields?.tokenId,
      expiresAt: fields?.expiresAt,
      userId: fields?.userId,
      createdAt: entry.CreatedDate?.getTime(),
    });
  }
  versions.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));

  const rules = described.RotationRules ?? {};
  const enabled = described.RotationEnabled === true;
  const last = described.LastRotatedDate;
  const interval = rotationIntervalMs(rules);
  const next =
    described.NextRotationDate ??
    (enabled && interval !== undefined ? new Date((last ?? described.CreatedDate ?? new Date(options.now)).getTime() + interval) : undefined);
  const tokenPrefix = secretTokenPrefix(arn);
  const { tokens, problem } = options.vault ? await vaultTokens(current, tokenPrefix, versions, options.now) : { tokens: undefined, problem: undefined };
  const schedule = rules.ScheduleExpression ?? (rules.AutomaticallyAfterDays ? `every ${rules.AutomaticallyAfterDays} days` : undefined);
  return {
    name: described.Name ?? secretId,
    arn,
    rotation: {
      enabled,
      lambdaArn: described.RotationLambdaARN,
      schedule,
      window: rules.Duration,
      lastRotated: last?.toISOString(),
      nextRotation: next?.toISOString(),
      nextRotationEstimated: described.NextRotationDate === undefined && next !== undefined,
    },
    vaultDns: current?.vaultDns,
    tokenPrefix,
    versions,
    tokens,
    warnings: secretWarnings(
      { rotationEnabled: enabled, nextRotation: next?.getTime(), versions, tokens, vaultProblem: problem },
      options.now,
    ),
  };
}

async function readFields(sm: SecretsManagerClient, arn: string, versionId: string): Promise<ValueFields | undefined> {
  let text: string | undefined;
  try {
    text = (await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: versionId }))).SecretString;
  } catch {
    return undefined; // the value-less AWSPENDING placeholder, or a version that is gone
  }
  let parsed: Record<string, unknown>;
  try {
    const json: unknown = JSON.parse(text ?? '');
    parsed = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  } catch {
    parsed = {}; // not the rotator's JSON; JSON.parse's message would quote the value, so it is not shown
  }
  const str = (key: string) => (typeof parsed[key] === 'string' && parsed[key] !== '' ? (parsed[key] as string) : undefined);
  const token = str('accessToken');
  return {
    tokenId: str('tokenId'),
    expiresAt: str('expiresAt'),
    userId: str('userId') ?? (typeof parsed.userId === 'number' ? String(parsed.userId) : undefined),
    vaultDns: str('vaultDns'),
    apiVersion: str('apiVersion'),
    accessToken: token?.startsWith(VAULT_TOKEN_PREFIX) ? new Secret(token) : undefined,
  };
}

async function vaultTokens(
  current: ValueFields | undefined,
  prefix: string,
  versions: readonly VersionReport[],
  now: number,
): Promise<{ tokens: ClassifiedToken[] | undefined; problem: string | undefined }> {
  if (current?.accessToken === undefined || current.vaultDns === undefined) {
    return { tokens: undefined, problem: 'AWSCURRENT holds no accessToken and vaultDns to ask it with' };
  }
  const session = openVaultSession(
    { vaultDns: current.vaultDns, ...(current.apiVersion ? { apiVersion: current.apiVersion } : {}), retry: { attempts: 2 } },
    { kind: 'token', token: current.accessToken },
  );
  try {
    const records = await session.listTokens({ namePrefix: prefix, activeOnly: false });
    const tokens = records.map((record) =>
      classifyToken(
        record,
        versions.filter((v) => v.tokenId === record.id).flatMap((v) => v.stages),
        now,
      ),
    );
    return { tokens, problem: undefined };
  } catch (error) {
    return { tokens: undefined, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    await session.close();
  }
}
