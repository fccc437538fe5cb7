// Turns any error into the one line a person reads in the job log: what failed, Vault's error type and execution id
// when there is one, and never a secret (redact() blanks every value this process registered, plus token shapes).

import { OAuthSignInError, type OAuthSignInStep } from '../../../shared/auth/oauth/index.js';
import { VaultApiError, VaultConfigError, VaultTransportError } from '../../../shared/errors.js';
import { redact } from '../../../shared/redaction/redact.js';
import { ActionInputError } from '../inputs/input-error.js';
import { logLine } from './log-line.js';

/** Client field names as the user knows them: the action's inputs. */
const FIELD_TO_INPUT: Record<string, string> = {
  vaultDns: 'vault-dns',
  apiVersion: 'api-version',
  clientId: 'client-id',
  'target.userId': 'user-id',
  'target.sandboxName': 'sandbox',
  name: 'token-name',
};

/** The step's failure message: one safe line per input problem, else one safe line. */
export function failureText(error: unknown): string {
  if (error instanceof ActionInputError && error.problems.length > 1) {
    return `Invalid inputs:\n${error.problems.map((problem) => `  - ${logLine(redact(problem))}`).join('\n')}`;
  }
  return logLine(describeFailure(error));
}

export function describeFailure(error: unknown): string {
  return redact(rawDescription(error)).trim() || 'unknown error (no message)';
}

/** Where an OAuth sign-in failed, as the job log says it. */
const OAUTH_STEP: Record<OAuthSignInStep, string> = {
  configure: 'checking the settings',
  'identity-token': "getting the job's GitHub ID token",
  'token-exchange': 'exchanging the ID token at the authorization server',
  'vault-session': "opening the Vault session at Vault's OAuth endpoint",
};

function rawDescription(error: unknown): string {
  if (error instanceof OAuthSignInError) {
    return `OAuth sign-in failed while ${OAUTH_STEP[error.step]}: ${error.message} No token was minted.`;
  }
  if (error instanceof VaultConfigError) {
    const input = FIELD_TO_INPUT[error.field];
    return input === undefined ? error.message : `${input}${error.message.slice(error.field.length)}`;
  }
  if (error instanceof VaultApiError) return withFacts(error.message, error.operation, error.type, error.executionId);
  if (error instanceof VaultTransportError) {
    const status = error.httpStatus === undefined ? error.reason : `HTTP ${error.httpStatus}`;
    return withFacts(error.message, error.operation, status, error.executionId);
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** The operation, Vault's error type and the execution id, each added only when the message lacks it. */
function withFacts(message: string, operation: string, type: string, executionId: string | undefined): string {
  const facts = [`Vault ${operation}`];
  if (!message.includes(type)) facts.push(type);
  if (executionId !== undefined && !message.includes(executionId)) facts.push(`execution id ${executionId}`);
  return `${message} (${facts.join(', ')})`;
}
