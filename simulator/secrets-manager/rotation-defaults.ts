// What a rotation is configured with when the caller of startRotation says nothing: the service always has a
// function and a schedule for a secret it rotates.
import type { RotationRules } from './model.js';

export const DEFAULT_ROTATION_LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:vault-api-token-rotator';
export const DEFAULT_ROTATION_RULES: RotationRules = { AutomaticallyAfterDays: 30 };

export interface StartRotationOptions {
  readonly rotationLambdaArn?: string;
  readonly automaticallyAfterDays?: number;
  readonly scheduleExpression?: string;
}

export function rulesFromOptions(options: StartRotationOptions): RotationRules | undefined {
  if (options.automaticallyAfterDays !== undefined && options.scheduleExpression !== undefined) {
    throw new TypeError('startRotation: give automaticallyAfterDays or scheduleExpression, not both');
  }
  if (options.automaticallyAfterDays !== undefined) return { AutomaticallyAfterDays: options.automaticallyAfterDays };
  if (options.scheduleExpression !== undefined) return { ScheduleExpression: options.scheduleExpression };
  return undefined;
}

/** ClientRequestToken doubles as the new version's id: 32–64 characters, as the service requires. */
export function assertClientRequestToken(field: string, token: string): void {
  if (typeof token !== 'string' || token.length < 32 || token.length > 64) {
    throw new TypeError(`${field}: expected a ClientRequestToken of 32-64 characters (a UUID)`);
  }
}
