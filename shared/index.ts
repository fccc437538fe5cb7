// The public face of the shared Vault API client. Adapters import from here; proxy support is a separate opt-in
// import (shared/http/proxy-fetch.js) so bundles that do not need it stay free of undici.

export { DEFAULT_CLIENT_ID, parseClientId } from './client-id.js';
export { parseDuration } from './time/duration.js';
export {
  isInvalidSession,
  isVaultErrorOfType,
  VaultAbortedError,
  VaultApiError,
  VaultAuthDefaultingError,
  VaultConfigError,
  VaultError,
  VaultMintOutcomeUnknownError,
  type VaultOperation,
  VaultTransportError,
  VaultUserMismatchError,
} from './errors.js';
export { expiryAfter, formatVaultExpiry } from './time/expiry.js';
export { MAX_RECORD_ID_LENGTH, MAX_USER_ID_DIGITS, validateTokenId, validateUserId } from './ids.js';
export { redact, redactAttributes, registerSecretValue } from './redaction/redact.js';
export { DEFAULT_RETRY_POLICY, isTransientError } from './retry.js';
export { isSecret, Secret } from './secret.js';
export { DEFAULT_REQUEST_TIMEOUT_MS, openVaultSession } from './session.js';
export {
  DEFAULT_API_VERSION,
  isLoopbackHostname,
  parseVaultTarget,
  MAX_SANDBOX_NAME_LENGTH,
  sandboxOrigin,
  validateSandboxName,
  validateVaultDns,
} from './target.js';
export { MAX_QUERY_PAGES } from './tokens/list.js';
export { DELETE_CHUNK_SIZE } from './tokens/revoke.js';
export type * from './types.js';
export { VAULT_TOKEN_PREFIX } from './tokens/prefix.js';
