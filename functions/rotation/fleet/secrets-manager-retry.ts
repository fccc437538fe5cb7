// Secrets Manager's quotas meet a fleet: PutSecretValue and UpdateSecretVersionStage together 50 per second per
// account and Region (not adjustable), DescribeSecret and GetSecretValue together 10,000 (AWS Secrets Manager User
// Guide, "AWS Secrets Manager quotas"). Past them the service answers ThrottlingException, and AWS asks callers to
// retry with back-off. The SDK's standard retry mode does that for throttling errors (a 500 ms base, doubling, full
// jitter, at most 20 s); with 6 attempts instead of the default 3 a short burst of throttles (up to about 15 s of
// back-off in all) delays a step instead of failing it, well inside the function's 120 s timeout. The concurrency
// bound (template RotationConcurrency, docs/fleet.md) keeps a fleet below the quotas; this is the safety net.

export const SECRETS_MANAGER_MAX_ATTEMPTS = 6;

/** The rotation function's SecretsManagerClient configuration (functions/rotate.ts; the benchmark uses it too). */
export function secretsManagerClientConfig(): { readonly maxAttempts: number; readonly retryMode: 'standard' } {
  return { maxAttempts: SECRETS_MANAGER_MAX_ATTEMPTS, retryMode: 'standard' };
}
