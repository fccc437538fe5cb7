// Contract of the project's local Secrets Manager stand-in (AWS JSON 1.1 over loopback HTTP, reached through the real
// SDK with AWS_ENDPOINT_URL_SECRETS_MANAGER), and of the rotation driver that does what the service does.

export type SecretsManagerOperation =
  | 'CreateSecret'
  | 'DescribeSecret'
  | 'GetSecretValue'
  | 'PutSecretValue'
  | 'UpdateSecretVersionStage'
  | 'ListSecretVersionIds'
  | 'RotateSecret'
  | 'CancelRotateSecret'
  | 'DeleteSecret'
  | 'ListSecrets'
  | 'TagResource'
  | 'UntagResource'
  | 'UpdateSecret';

export interface SecretsManagerFault {
  readonly operation: SecretsManagerOperation;
  /** service: HTTP 500 InternalServiceError; throttle: HTTP 400 ThrottlingException; reset: socket destroyed, not processed. */
  readonly kind: 'service' | 'throttle' | 'reset';
  readonly times?: number;
}

export interface VersionView {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly hasValue: boolean;
  readonly createdDate: number;
}

/** A Secrets Manager that tests and the demo can point the SDK at. Implemented by the stand-in and by moto. */
export interface SecretsManagerBackend {
  readonly kind: 'stand-in' | 'moto';
  /** `http://127.0.0.1:PORT` for AWS_ENDPOINT_URL_SECRETS_MANAGER. */
  readonly endpoint: string;
  readonly region: string;
  /** Environment for a process (or an in-process SDK client) that should talk to this backend. */
  env(): Record<string, string>;
  /**
   * Begin a rotation the way the service does before calling createSecret: record the rotation function and rules,
   * and put a VALUE-LESS version `clientRequestToken` labelled AWSPENDING. Fails like the service when a previous
   * rotation is incomplete.
   */
  startRotation(
    secretId: string,
    clientRequestToken: string,
    options?: { rotationLambdaArn?: string; automaticallyAfterDays?: number; scheduleExpression?: string },
  ): Promise<void>;
  /** What the service does after a successful finishSecret: AWSPENDING leaves the version (moto doesn't; we do). */
  completeRotation(secretId: string, clientRequestToken: string): Promise<void>;
  /** Stand-in only (moto: throws "not supported"). */
  injectFault?(fault: SecretsManagerFault): void;
  clearFaults?(): void;
  /** Versions and their labels, read through the public API. */
  versions(secretId: string): Promise<VersionView[]>;
  close(): Promise<void>;
}

/** The Lambda as Secrets Manager sees it: one call per step. */
export type RotationInvoker = (event: {
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
  SecretId: string;
  ClientRequestToken: string;
  RotationToken?: string;
}) => Promise<void>;

export interface RotationRunResult {
  readonly versionId: string;
  readonly succeeded: boolean;
  /** Attempts of the whole rotation (the service retries the entire rotation on any step failure). */
  readonly attempts: number;
  readonly errors: readonly Error[];
}
