// The rotated secret's contract, the one module the rotator, the CLI and the Secrets Manager stand-in import it by:
// the secret's JSON value, its staging labels, the names of its tokens, how long they live, and the rotation
// schedules the service accepts. Pure: nothing here calls AWS or Vault.

export {
  ASSUMED_INTERVAL_MS,
  defaultTokenLifetimeMs,
  lifetimeMarginMs,
  minimumLifetimeMs,
  type RotationInterval,
  rotationInterval,
  type TokenLifetime,
  tokenLifetime,
} from './lifetime.js';
export {
  type Checked,
  checkRotationRules,
  checkScheduleExpression,
  checkWindow,
  MAX_ROTATION_DAYS,
  MAX_WINDOW_HOURS,
  MIN_ROTATION_INTERVAL_HOURS,
  rotationIntervalMs,
  type ScheduleShape,
} from './schedule.js';
export { fireTimes } from './schedule-gap.js';
export { AWSCURRENT, AWSPENDING, AWSPREVIOUS, stagesOf, versionWithStage } from './stages.js';
export { rotationTokenName, secretTokenPrefix } from './token-names.js';
export {
  nextSecretString,
  type ParsedSecretValue,
  parseSecretValue,
  REVOKE_PREVIOUS_MODES,
  type RevokePrevious,
  type RotatedSecretConfig,
  type SecretValueParse,
  type SecretValueProblem,
  tokenIdOf,
} from './value.js';
