// Everything `status` shows about one secret: its versions and labels, what each version's value says about its
// token (never the token itself), its rotation settings, and from Vault the tokens named with the secret's prefix,
// listed with the secret's own AWSCURRENT token (the integration user's; no other credentials needed).
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AWSCURRENT, rotationIntervalMs, secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { Secret } from '../../shared/secret.js';
import { openVaultSession } from '../../shared/session.js';
import { VAULT_TOKEN_PREFIX } from '../../shared/tokens/prefix.js';
import { isoDate } from '../dates.js';
import { type ClassifiedToken, classifyToken, type ForeignToken, secretWarnings, type VersionFacts, type Warning } from './classify.js';

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
  const fieldsOf = new Map<string, ValueFields | undefined>();
  let current: ValueFields | undefined;
  for (const entry of listed.Versions ?? []) {
    const versionId = entry.VersionId as string;
    const stages = stagesOf[versionId] ?? entry.VersionStages ?? [];
    const fields = await readFields(sm, arn, versionId);
    fieldsOf.set(versionId, fields);
    if (stages.includes(AWSCURRENT)) current = fields;
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
  const foreignTokens = tokens === undefined || current === undefined ? undefined : await foreignActiveTokens(current, versions, fieldsOf, tokens);
  const schedule = rules.ScheduleExpression ?? (rules.AutomaticallyAfterDays ? `every ${rules.AutomaticallyAfterDays} days` : undefined);
  return {
    name: described.Name ?? secretId,
    arn,
    rotation: {
      enabled,
      lambdaArn: described.RotationLambdaARN,
      schedule,
      window: rules.Duration,
      lastRotated: isoDate(last),
      nextRotation: isoDate(next),
      nextRotationEstimated: described.NextRotationDate === undefined && next !== undefined,
    },
    vaultDns: current?.vaultDns,
    tokenPrefix,
    versions,
    tokens,
    warnings: secretWarnings(
      { rotationEnabled: enabled, nextRotation: next?.getTime(), versions, tokens, vaultProblem: problem, foreignTokens },
      options.now,
    ),
  };
}

/**
 * Labelled versions (AWSCURRENT's own case is current-not-owned) whose token is not one of the secret's named tokens
 * and that Vault still accepts: a hand-made token kept in AWSPREVIOUS after a recovery, say. Asked with that token
 * itself (Validate Session User), once per such version; a token Vault refuses is not reported.
 */
async function foreignActiveTokens(
  current: ValueFields,
  versions: readonly VersionReport[],
  fieldsOf: ReadonlyMap<string, ValueFields | undefined>,
  named: readonly ClassifiedToken[],
): Promise<ForeignToken[]> {
  const foreign: ForeignToken[] = [];
  for (const version of versions) {
    const fields = fieldsOf.get(version.versionId);
    const labelled = version.stages.some((stage) => stage === 'AWSCURRENT' || stage === 'AWSPREVIOUS');
    if (!labelled || fields?.accessToken === undefined) continue;
    if (version.stages.includes('AWSCURRENT') && version.tokenId === undefined) continue;
    if (version.tokenId !== undefined && named.some((token) => token.id === version.tokenId)) continue;
    const vaultDns = fields.vaultDns ?? current.vaultDns;
    if (vaultDns === undefined) continue;
    const session = openVaultSession(
      { vaultDns, ...((fields.apiVersion ?? current.apiVersion) ? { apiVersion: fields.apiVersion ?? current.apiVersion } : {}), retry: { attempts: 1 } },
      { kind: 'token', token: fields.accessToken },
    );
    const accepted = await session.whoAmI().then(
      () => true,
      () => false,
    );
    await session.close();
    if (accepted) foreign.push({ versionId: version.versionId, stages: version.stages, tokenId: version.tokenId });
  }
  return foreign;
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
