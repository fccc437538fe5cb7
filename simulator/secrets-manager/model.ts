// The stand-in's state: secrets, their versions and staging labels. Values are held as `Secret`s so that no dump of
// the state (inspect, JSON, a failed assertion's diff) can show them.
import type { Secret } from '../../shared/secret.js';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

export interface StoredValue {
  readonly kind: 'string' | 'binary';
  /** For `binary`, the base64 text the protocol carries. */
  readonly secret: Secret;
}

export interface StoredVersion {
  readonly id: string;
  /** Undefined for the value-less AWSPENDING placeholder that a rotation starts with. */
  value: StoredValue | undefined;
  readonly stages: Set<string>;
  readonly createdAt: Date;
}

export interface RotationRules {
  readonly AutomaticallyAfterDays?: number;
  readonly ScheduleExpression?: string;
  readonly Duration?: string;
}

export interface RotationState {
  /** False until rotation is first configured; DescribeSecret then starts reporting RotationEnabled. */
  configured: boolean;
  enabled: boolean;
  lambdaArn: string | undefined;
  rules: RotationRules | undefined;
  lastRotatedAt: Date | undefined;
}

export interface StoredSecret {
  readonly name: string;
  readonly arn: string;
  description: string | undefined;
  kmsKeyId: string | undefined;
  /** Tag key → value, in the order they were first set. */
  readonly tags: Map<string, string>;
  /** Insertion order is creation order. */
  readonly versions: Map<string, StoredVersion>;
  readonly createdAt: Date;
  lastChangedAt: Date;
  deletedAt: Date | undefined;
  readonly rotation: RotationState;
}

/** One line of a function's CloudWatch log, as the stand-in serves it to FilterLogEvents. */
export interface FunctionLogEvent {
  readonly logGroupName: string;
  readonly timestamp: number;
  readonly message: string;
}

export interface Store {
  /** Keyed by secret name. */
  readonly secrets: Map<string, StoredSecret>;
  /** What a rotation function invoked by the stand-in logged (only the Lambda runtime's error lines). */
  readonly functionLogs: FunctionLogEvent[];
  /** Called when RotateSecret has created the AWSPENDING placeholder: the service would now invoke the function. */
  rotationStarted?: (secret: StoredSecret, clientRequestToken: string) => void;
}

export function createStore(): Store {
  return { secrets: new Map(), functionLogs: [] };
}

/** AWS JSON 1.1 carries timestamps as epoch seconds. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
