// Request shapes per operation. A request that does not fit is refused as the service does (ValidationException,
// naming the member) before anything changes. Messages name members, never values: a value may be a secret.
import * as v from 'valibot';
import type { SecretsManagerOperation } from '../secrets-manager-types.js';
import { ServiceError } from './errors.js';

const text = (min: number, max: number) =>
  v.pipe(
    v.string('Member must be a string'),
    v.minLength(min, `Member must have length greater than or equal to ${min}`),
    v.maxLength(max, `Member must have length less than or equal to ${max}`),
  );

// Without a message, valibot would quote the received value in the error, and a value may be a secret.
const shape = <T extends v.ObjectEntries>(entries: T) => v.object(entries, 'Member must be a JSON object');

const secretId = text(1, 2048);
const versionId = text(32, 64);
const stage = text(1, 256);
const secretString = v.pipe(v.string('Member must be a string'), v.maxLength(65536, 'Member must be at most 65536'));
const flag = v.boolean('Member must be a boolean');

const tagKey = text(1, 128);
const tags = v.pipe(
  v.array(shape({ Key: tagKey, Value: text(0, 256) }), 'Member must be a list of tags'),
  v.maxLength(50, 'Member must have length less than or equal to 50'),
);
const FILTER_KEYS = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'] as const;
const filters = v.pipe(
  v.array(
    shape({
      Key: v.picklist(FILTER_KEYS, `Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`),
      Values: v.pipe(
        v.array(text(1, 512), 'Member must be a list of strings'),
        v.minLength(1, 'Member must have length greater than or equal to 1'),
        v.maxLength(10, 'Member must have length less than or equal to 10'),
      ),
    }),
    'Member must be a list of filters',
  ),
  v.maxLength(10, 'Member must have length less than or equal to 10'),
);

const rotationRules = shape({
  AutomaticallyAfterDays: v.optional(
    v.pipe(
      v.number('Member must be a number'),
      v.integer('Member must be an integer'),
      v.minValue(1),
      v.maxValue(1000),
    ),
  ),
  ScheduleExpression: v.optional(text(1, 256)),
  Duration: v.optional(text(2, 3)),
});

export const requestSchemas = {
  CreateSecret: shape({
    Name: v.pipe(text(1, 512), v.regex(/^[A-Za-z0-9/_+=.@-]+$/, 'Member must contain only A-Za-z0-9/_+=.@-')),
    Description: v.optional(text(0, 2048)),
    SecretString: v.optional(secretString),
    SecretBinary: v.optional(secretString),
    ClientRequestToken: v.optional(versionId),
    KmsKeyId: v.optional(text(0, 2048)),
    Tags: v.optional(tags),
  }),
  DescribeSecret: shape({ SecretId: secretId }),
  GetSecretValue: shape({
    SecretId: secretId,
    VersionId: v.optional(versionId),
    VersionStage: v.optional(stage),
  }),
  PutSecretValue: shape({
    SecretId: secretId,
    ClientRequestToken: v.optional(versionId),
    SecretString: v.optional(secretString),
    SecretBinary: v.optional(secretString),
    VersionStages: v.optional(v.pipe(v.array(stage, 'Member must be a list of strings'), v.maxLength(20))),
    // Accepted and ignored: it only matters for cross-account or assumed-role rotation in AWS.
    RotationToken: v.optional(v.string('Member must be a string')),
  }),
  UpdateSecretVersionStage: shape({
    SecretId: secretId,
    VersionStage: stage,
    RemoveFromVersionId: v.optional(versionId),
    MoveToVersionId: v.optional(versionId),
  }),
  ListSecretVersionIds: shape({
    SecretId: secretId,
    IncludeDeprecated: v.optional(flag),
    MaxResults: v.optional(v.number('Member must be a number')),
    NextToken: v.optional(v.string('Member must be a string')),
  }),
  RotateSecret: shape({
    SecretId: secretId,
    ClientRequestToken: v.optional(versionId),
    RotationLambdaARN: v.optional(text(1, 2048)),
    RotationRules: v.optional(rotationRules),
    RotateImmediately: v.optional(flag),
  }),
  CancelRotateSecret: shape({ SecretId: secretId }),
  DeleteSecret: shape({
    SecretId: secretId,
    RecoveryWindowInDays: v.optional(
      v.pipe(v.number('Member must be a number'), v.integer('Member must be an integer')),
    ),
    ForceDeleteWithoutRecovery: v.optional(flag),
  }),
  ListSecrets: shape({
    MaxResults: v.optional(
      v.pipe(
        v.number('Member must be a number'),
        v.integer('Member must be an integer'),
        v.minValue(1, 'Member must have value greater than or equal to 1'),
        v.maxValue(100, 'Member must have value less than or equal to 100'),
      ),
    ),
    NextToken: v.optional(text(1, 4096)),
    Filters: v.optional(filters),
    IncludePlannedDeletion: v.optional(flag),
    SortOrder: v.optional(v.picklist(['asc', 'desc'], 'Member must satisfy enum value set: [asc, desc]')),
    SortBy: v.optional(
      v.picklist(
        ['created-date', 'last-accessed-date', 'last-changed-date', 'name'],
        'Member must satisfy enum value set: [created-date, last-accessed-date, last-changed-date, name]',
      ),
    ),
  }),
  TagResource: shape({ SecretId: secretId, Tags: tags }),
  UntagResource: shape({
    SecretId: secretId,
    TagKeys: v.pipe(v.array(tagKey, 'Member must be a list of strings'), v.maxLength(50)),
  }),
  UpdateSecret: shape({
    SecretId: secretId,
    ClientRequestToken: v.optional(versionId),
    Description: v.optional(text(0, 2048)),
    KmsKeyId: v.optional(text(0, 2048)),
    SecretString: v.optional(secretString),
    SecretBinary: v.optional(secretString),
  }),
} satisfies Record<SecretsManagerOperation, v.GenericSchema>;

export type RequestOf<Op extends SecretsManagerOperation> = v.InferOutput<(typeof requestSchemas)[Op]>;

export function parseRequest<Op extends SecretsManagerOperation>(operation: Op, body: unknown): RequestOf<Op> {
  const result = v.safeParse(requestSchemas[operation], body);
  if (result.success) return result.output as RequestOf<Op>;
  const issue = result.issues[0];
  const member = v.getDotPath(issue) ?? 'request';
  throw new ServiceError(
    'ValidationException',
    `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${issue.message}`,
  );
}
