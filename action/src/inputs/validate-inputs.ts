// The action's inputs, checked with valibot. The runner does not enforce `required`, so every rule lives here, and
// every message starts with the input it is about. Values of secret inputs are never echoed; other values are, so
// the user sees what the step actually received.

import * as v from 'valibot';
import {
  DEFAULT_FEDERATION_AUDIENCE,
  DEFAULT_VAULT_LOGIN_URL,
  OAuthSignInError,
  resolveOAuthSettings,
} from '../../../shared/auth/oauth/index.js';
import { parseDuration, registerSecretValue, validateSandboxName } from '../../../shared/index.js';
import { Secret } from '../../../shared/secret.js';
import type { MintTarget } from '../../../shared/types.js';
import type { Env } from '../deps.js';
import { ActionInputError } from './input-error.js';
import { quote, type RawInputs, type RevokeInput } from './read-inputs.js';
import { DEFAULT_RETRY_ATTEMPTS, MAX_RETRY_ATTEMPTS, parseRetryAttempts } from './retry-attempts.js';
import { defaultTokenName, markedTokenName, TOKEN_NAME_MAX, TOKEN_NAME_PATTERN } from './token-name.js';
import { tokenTextProblem } from './token-text.js';

export const MIN_LIFETIME_MS = 5 * 60 * 1000;
export const MAX_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

const SECRET_HINT = '(if using a secret, ensure it is available in this context)';
const API_VERSION = /^v\d{2}\.\d$/;
const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;
// The user id goes into a URL path as it is; the shared client accepts this set for it. (A sandbox name is checked by
// the shared client's own rule, validateSandboxName, and URL-encoded: Vault allows names like `R&D (UAT)`.)
const PATH_SEGMENT = /^[A-Za-z0-9._-]{1,128}$/;

export type CredentialSource =
  | { readonly kind: 'token'; readonly token: Secret }
  | { readonly kind: 'password'; readonly username: string; readonly password: Secret }
  | { readonly kind: 'aws-secret'; readonly secretId: string }
  | { readonly kind: 'oauth'; readonly oauth: OAuthInputs };

/** The OAuth 2.0 / OIDC sign-in the inputs describe (no secret among them: the job's ID token is the credential). */
export interface OAuthInputs {
  readonly profileId: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  /** Sent only when given. */
  readonly scope: string | undefined;
  /** The audience of the GitHub ID token. */
  readonly audience: string;
  readonly loginUrl: string;
}

/** The inputs of the OAuth sign-in other than oauth-profile-id, which selects it. */
export const OAUTH_ONLY_INPUTS = [
  'oauth-token-url',
  'oauth-client-id',
  'oauth-scope',
  'oauth-audience',
  'vault-login-url',
] as const;

/** The inputs that carry a stored credential: none may be given with oauth-profile-id. */
export const STORED_CREDENTIAL_INPUTS = ['access-token', 'username', 'password', 'aws-secret-id'] as const;

export interface ActionInputs {
  /** Empty when aws-secret-id is expected to supply it. */
  readonly vaultDns: string | undefined;
  readonly apiVersion: string;
  readonly credential: CredentialSource;
  readonly target: MintTarget;
  readonly lifetimeMs: number;
  readonly tokenName: string;
  readonly revoke: boolean;
  readonly clientId: string;
  /** Attempts per Vault request, the first included (1 = no retry). */
  readonly retryAttempts: number;
  /** Warnings about inputs that were accepted after a fix (e.g. a password's trailing line break removed). */
  readonly warnings: readonly string[];
}

const present = (s: string) => s !== '';

const RawInputsSchema = v.pipe(
  v.object({
    'vault-dns': v.string(),
    'api-version': v.pipe(
      v.string(),
      v.check(
        (s) => s === '' || API_VERSION.test(s),
        (i) => `api-version: expected vNN.N like v26.2, got ${quote(i.input)}`,
      ),
    ),
    'access-token': v.pipe(
      v.string(),
      v.rawCheck(({ dataset, addIssue }) => {
        const problem = dataset.typed ? tokenTextProblem(dataset.value, 'access-token') : undefined;
        if (problem) addIssue({ message: problem });
      }),
    ),
    username: v.string(),
    password: v.pipe(
      v.string(),
      v.check(
        (s) => !/[\r\n]/.test(withoutTrailingLineBreak(s)),
        'password: contains a line break before its end; a Vault password is one line, so check the secret (its value is not shown)',
      ),
      v.check(
        (s) => s === '' || withoutTrailingLineBreak(s) !== '',
        'password: is only a line break; a Vault password is one line of text, so check the secret (its value is not shown)',
      ),
    ),
    'aws-secret-id': v.string(),
    'oauth-profile-id': v.string(),
    'oauth-token-url': v.string(),
    'oauth-client-id': v.string(),
    'oauth-scope': v.string(),
    'oauth-audience': v.string(),
    'vault-login-url': v.string(),
    'user-id': v.pipe(
      v.string(),
      v.check(
        (s) => s === '' || PATH_SEGMENT.test(s),
        (i) => `user-id: expected a Vault user id (1–128 characters of A-Z a-z 0-9 . _ -), got ${quote(i.input)}`,
      ),
    ),
    sandbox: v.pipe(v.string(), v.rawCheck(checkSandbox)),
    'expires-in': v.pipe(v.string(), v.rawCheck(checkLifetime)),
    'token-name': v.pipe(
      v.string(),
      v.check(
        (s) => s === '' || (s.length <= TOKEN_NAME_MAX && TOKEN_NAME_PATTERN.test(s)),
        (i) =>
          `token-name: expected at most ${TOKEN_NAME_MAX} characters of A-Z a-z 0-9 . _ : / space -, got ${quote(i.input)} (${i.input.length} chars)`,
      ),
    ),
    'client-id': v.pipe(
      v.string(),
      v.check(
        (s) => s === '' || CLIENT_ID.test(s),
        (i) => `client-id: expected 1–100 characters of A-Z a-z 0-9 . _ -, got ${quote(i.input)}`,
      ),
    ),
    'retry-max-attempts': v.pipe(
      v.string(),
      v.check(
        (s) => s === '' || parseRetryAttempts(s) !== undefined,
        (i) =>
          `retry-max-attempts: expected a whole number from 1 to ${MAX_RETRY_ATTEMPTS} (1 = no retry), got ${quote(i.input)}`,
      ),
    ),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const message of crossInputProblems(dataset.value)) addIssue({ message });
  }),
);

/** The shared client's rule (its message starts with `sandbox: ` and does not echo the name). */
function checkSandbox({ dataset, addIssue }: v.RawCheckContext<string>): void {
  if (!dataset.typed || dataset.value === '') return;
  try {
    validateSandboxName(dataset.value, 'sandbox');
  } catch (error) {
    addIssue({ message: error instanceof Error ? error.message : 'sandbox: expected a sandbox name' });
  }
}

function checkLifetime({ dataset, addIssue }: v.RawCheckContext<string>): void {
  if (!dataset.typed) return;
  const problem = lifetimeProblem(dataset.value);
  if (problem) addIssue({ message: problem });
}

function lifetimeProblem(text: string): string | undefined {
  const bounds = 'between 5m and 90d (e.g. 15m, 1h, PT30M, 2d)';
  if (text === '') return `expires-in: required; expected a duration ${bounds}`;
  let lifetime: number;
  try {
    lifetime = parseDuration(text, 'expires-in');
  } catch {
    return `expires-in: expected a positive duration ${bounds}, got ${quote(text)}`;
  }
  if (lifetime < MIN_LIFETIME_MS) {
    return `expires-in: ${quote(text)} is too short; expected a duration ${bounds} — a shorter token could expire before the job uses it`;
  }
  if (lifetime > MAX_LIFETIME_MS) {
    return `expires-in: ${quote(text)} is too long; expected a duration ${bounds} — Vault's longest security-profile limit is 90 days, and a job token should be short-lived`;
  }
  return undefined;
}

function crossInputProblems(raw: RawInputs): string[] {
  const problems: string[] = present(raw['oauth-profile-id']) ? oauthProblems(raw) : storedCredentialProblems(raw);
  if (present(raw['user-id']) && present(raw.sandbox)) {
    problems.push('user-id, sandbox: give at most one of them (a token is minted for a user or for a sandbox)');
  }
  return problems;
}

function storedCredentialProblems(raw: RawInputs): string[] {
  const problems: string[] = [];
  const hasToken = present(raw['access-token']);
  const hasPasswordPair = present(raw.username) || present(raw.password);
  const hasAws = present(raw['aws-secret-id']);
  const sources = [
    hasToken && 'access-token',
    hasPasswordPair && 'username + password',
    hasAws && 'aws-secret-id',
  ].filter((s): s is string => typeof s === 'string');

  if (sources.length === 0) {
    problems.push(
      `oauth-profile-id, access-token, username + password, aws-secret-id: no credential given; set exactly one of them ${SECRET_HINT}`,
    );
  } else if (sources.length > 1) {
    problems.push(`${sources.join(', ')}: more than one credential source given; set exactly one of them`);
  }
  if (present(raw.username) && !present(raw.password)) {
    problems.push(`password: required when username is set ${SECRET_HINT}`);
  }
  if (present(raw.password) && !present(raw.username)) {
    problems.push(`username: required when password is set ${SECRET_HINT}`);
  }
  if (!hasAws && !present(raw['vault-dns'])) {
    problems.push(
      `vault-dns: required unless aws-secret-id supplies it; expected a host like myvault.veevavault.com ${SECRET_HINT}`,
    );
  }
  for (const name of OAUTH_ONLY_INPUTS) {
    if (present(raw[name])) {
      problems.push(`${name}: only used by the OAuth sign-in; set oauth-profile-id too, or remove ${name}`);
    }
  }
  return problems;
}

/** oauth-profile-id selects the OAuth sign-in: no stored credential with it, and its settings checked before any request. */
function oauthProblems(raw: RawInputs): string[] {
  const problems: string[] = [];
  for (const name of STORED_CREDENTIAL_INPUTS) {
    if (present(raw[name])) {
      problems.push(
        `oauth-profile-id, ${name}: give only one of them; oauth-profile-id selects the OAuth sign-in, which uses the job's GitHub ID token instead of a stored credential`,
      );
    }
  }
  if (!present(raw['vault-dns'])) {
    problems.push(`vault-dns: required with oauth-profile-id; expected a host like myvault.veevavault.com`);
  }
  for (const name of ['oauth-token-url', 'oauth-client-id'] as const) {
    if (!present(raw[name])) problems.push(`${name}: required with oauth-profile-id; ${OAUTH_EXPECTED[name]}`);
  }
  if (problems.length === 0) {
    const problem = oauthSettingsProblem(raw);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

const OAUTH_EXPECTED = {
  'oauth-token-url':
    "expected the authorization server's token endpoint (for Entra ID https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token)",
  'oauth-client-id': 'expected the client (application) id at the authorization server',
} as const;

/** The shared client's field names as the user knows them: the action's inputs. */
const OAUTH_FIELD_TO_INPUT: Readonly<Record<string, string>> = {
  'oauth.tokenUrl': 'oauth-token-url',
  'oauth.clientId': 'oauth-client-id',
  'oauth.scope': 'oauth-scope',
  'oauth.profileId': 'oauth-profile-id',
  'oauth.loginUrl': 'vault-login-url',
  'oauth.credential.audience': 'oauth-audience',
};

/** The shared client's own rules for the settings (its messages name the field and never echo a value). */
function oauthSettingsProblem(raw: RawInputs): string | undefined {
  try {
    resolveOAuthSettings({
      ...oauthSettingsText(raw),
      credential: {
        kind: 'assertion',
        source: () => Promise.reject(new Error('not called during validation')),
        audience: raw['oauth-audience'] || undefined,
      },
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof OAuthSignInError)) throw error;
    const field = error.field ?? '';
    const input = OAUTH_FIELD_TO_INPUT[field];
    return input === undefined ? error.message : `${input}${error.message.slice(field.length)}`;
  }
}

function oauthSettingsText(raw: RawInputs) {
  return {
    profileId: raw['oauth-profile-id'],
    tokenUrl: raw['oauth-token-url'],
    clientId: raw['oauth-client-id'],
    scope: present(raw['oauth-scope']) ? raw['oauth-scope'] : undefined,
    loginUrl: raw['vault-login-url'] || DEFAULT_VAULT_LOGIN_URL,
  };
}

export interface InputContext {
  readonly env: Env;
  readonly uniqueSuffix: () => string;
}

/** Checks every input; throws ActionInputError listing every problem, before anything is sent anywhere. */
export function validateInputs(raw: RawInputs, revokeInput: RevokeInput, context: InputContext): ActionInputs {
  const result = v.safeParse(RawInputsSchema, raw);
  const problems = result.success ? [] : result.issues.map((issue) => issue.message);
  if ('problem' in revokeInput) problems.push(revokeInput.problem);
  const revoke = 'value' in revokeInput && revokeInput.value;
  if (!result.success || problems.length > 0) throw new ActionInputError(problems);
  const inputs = result.output;
  const warnings: string[] = [];
  if (inputs.password !== withoutTrailingLineBreak(inputs.password)) warnings.push(PASSWORD_LINE_BREAK_WARNING);
  return {
    warnings,
    vaultDns: present(inputs['vault-dns']) ? inputs['vault-dns'] : undefined,
    apiVersion: inputs['api-version'] || 'v26.2',
    credential: credentialSource(inputs),
    target: mintTarget(inputs),
    lifetimeMs: parseDuration(inputs['expires-in'], 'expires-in'),
    tokenName: present(inputs['token-name'])
      ? markedTokenName(inputs['token-name'], context.uniqueSuffix())
      : defaultTokenName(context.env, context.uniqueSuffix()),
    revoke,
    clientId: inputs['client-id'] || 'vault-api-token-action',
    retryAttempts: parseRetryAttempts(inputs['retry-max-attempts']) ?? DEFAULT_RETRY_ATTEMPTS,
  };
}

function credentialSource(raw: RawInputs): CredentialSource {
  if (present(raw['oauth-profile-id'])) {
    const text = oauthSettingsText(raw);
    return {
      kind: 'oauth',
      oauth: { ...text, scope: text.scope?.trim(), audience: raw['oauth-audience'] || DEFAULT_FEDERATION_AUDIENCE },
    };
  }
  if (present(raw['access-token'])) return { kind: 'token', token: new Secret(raw['access-token']) };
  if (present(raw['aws-secret-id'])) return { kind: 'aws-secret', secretId: raw['aws-secret-id'] };
  const password = withoutTrailingLineBreak(raw.password);
  // A password may be shorter than redact()'s general minimum, and Vault may echo it in an error: blank it anyway.
  if (password !== '') registerSecretValue(password, { anyLength: true });
  return { kind: 'password', username: raw.username, password: new Secret(password) };
}

/**
 * A password pasted into a secret often ends in a line break (LF, or CRLF from Windows). Sent as-is, it would fail
 * the sign-in and count toward Vault's lockout, so one trailing line break is removed, with a warning; any other
 * whitespace is kept, since it can be part of a password.
 */
export function withoutTrailingLineBreak(value: string): string {
  return value.replace(/(?:\r\n|\r|\n)$/, '');
}

export const PASSWORD_LINE_BREAK_WARNING =
  'password: ended with a line break, which was removed before signing in (a Vault password cannot end with one); remove it from the secret';

function mintTarget(raw: RawInputs): MintTarget {
  if (present(raw['user-id'])) return { kind: 'user', userId: raw['user-id'] };
  if (present(raw.sandbox)) return { kind: 'sandbox', sandboxName: raw.sandbox };
  return { kind: 'self' };
}
