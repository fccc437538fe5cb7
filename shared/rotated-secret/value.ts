// The rotated secret's JSON contract (README "The secret's value"). Validation names the field and what is expected,
// never the value it found. Fields the rotator does not know are preserved when it writes the next version.

import * as v from 'valibot';
import { VaultConfigError } from '../errors.js';
import { validateTokenId, validateUserId } from '../ids.js';
import { registerSecretValue } from '../redaction/redact.js';
import { Secret } from '../secret.js';
import { parseVaultTarget, validateSandboxName } from '../target.js';
import { parseDuration } from '../time/duration.js';
import { VAULT_TOKEN_PREFIX } from '../tokens/prefix.js';

export const REVOKE_PREVIOUS_MODES = ['next-rotation', 'immediately', 'never'] as const;
export type RevokePrevious = (typeof REVOKE_PREVIOUS_MODES)[number];

export interface RotatedSecretConfig {
  readonly vaultDns: string;
  readonly apiVersion: string | undefined;
  readonly accessToken: Secret | undefined;
  readonly tokenId: string | undefined;
  readonly expiresAt: string | undefined;
  readonly userId: string | undefined;
  readonly credentialsSecretArn: string | undefined;
  readonly forUserId: string | undefined;
  readonly sandboxName: string | undefined;
  readonly parentVaultDns: string | undefined;
  /** Parsed `tokenLifetime`, in ms. */
  readonly tokenLifetimeMs: number | undefined;
  readonly revokePrevious: RevokePrevious;
  readonly clientId: string | undefined;
}

export interface ParsedSecretValue {
  readonly config: RotatedSecretConfig;
  /** Every field as stored, with `accessToken` blanked (kept in place so the key order survives a rewrite). */
  readonly preserved: Readonly<Record<string, unknown>>;
}

const EXPECT = {
  vaultDns: 'expected the Vault host (myvault.veevavault.com) or its https origin',
  apiVersion: 'expected an API version like "v26.2"',
  accessToken: 'expected a Vault API access token (a string starting with "veeva-vault-")',
  tokenId: 'expected the api_access_token__sys record id (1-40 letters and digits)',
  expiresAt: 'expected an ISO-8601 UTC date-time such as "2027-02-18T12:00:00Z"',
  userId: 'expected a Vault user id: a positive whole number of at most 18 digits, such as "61603"',
  credentialsSecretArn:
    'expected the ARN of a Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)',
  forUserId: 'expected a Vault user id: a positive whole number of at most 18 digits, such as "61603"',
  sandboxName:
    'expected the sandbox name as shown on My Vaults (1-255 characters, no leading or trailing space, no control characters, no / or \\, not . or ..)',
  parentVaultDns: 'expected the parent Vault host (myvault.veevavault.com) or its https origin',
  tokenLifetime: 'expected a positive duration such as "60d", "36h" or "P60D"',
  revokePrevious: `expected one of ${REVOKE_PREVIOUS_MODES.join(', ')}`,
  clientId: 'expected 1-100 characters of A-Z a-z 0-9 . _ -',
} as const;

type Field = keyof typeof EXPECT;

const HOST_OR_ORIGIN = /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?\/?$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** A real instant: the shape alone admits month 13 or 30 February, so the parsed date must give the same fields back. */
const realDateTime = v.custom<string>(
  (value) =>
    typeof value === 'string' &&
    ISO_DATE_TIME.test(value) &&
    !Number.isNaN(Date.parse(value)) &&
    new Date(Date.parse(value)).toISOString().slice(0, 19) === value.slice(0, 19),
);
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

const text = (pattern?: RegExp) =>
  pattern === undefined ? v.pipe(v.string(), v.minLength(1)) : v.pipe(v.string(), v.regex(pattern));
// The shared client's own validators, checked here so that bad input fails before the sweep or any Vault call.
const acceptedBy = <T extends string | number = string>(validate: (value: unknown, field: string) => unknown) =>
  v.custom<T>((value) => {
    try {
      validate(value, 'value');
      return true;
    } catch {
      return false;
    }
  });
const numericId = acceptedBy<string | number>(validateUserId);

const SCHEMA = v.looseObject({
  vaultDns: text(HOST_OR_ORIGIN),
  apiVersion: v.optional(text(/^v\d{2}\.\d$/)),
  accessToken: v.optional(v.pipe(v.string(), v.startsWith(VAULT_TOKEN_PREFIX), v.minLength(VAULT_TOKEN_PREFIX.length + 1))),
  tokenId: v.optional(v.pipe(v.string(), acceptedBy<string>(validateTokenId))),
  expiresAt: v.optional(v.pipe(v.string(), realDateTime)),
  userId: v.optional(numericId),
  credentialsSecretArn: v.optional(text(SECRET_ARN)),
  forUserId: v.optional(numericId),
  sandboxName: v.optional(v.pipe(v.string(), acceptedBy<string>(validateSandboxName))),
  parentVaultDns: v.optional(text(HOST_OR_ORIGIN)),
  tokenLifetime: v.optional(text()),
  revokePrevious: v.optional(v.picklist(REVOKE_PREVIOUS_MODES)),
  clientId: v.optional(text(/^[A-Za-z0-9._-]{1,100}$/)),
});

/** A field the contract refuses, and what it expects there (never the value found). */
export interface SecretValueProblem {
  readonly ok: false;
  readonly field: string;
  readonly expectation: string;
}

export type SecretValueParse = { readonly ok: true; readonly value: ParsedSecretValue } | SecretValueProblem;

const problem = (field: string, expectation: string): SecretValueProblem => ({ ok: false, field, expectation });

/** Parse and validate a secret value: the first field the contract refuses, or the value. */
export function parseSecretValue(secretString: string | undefined): SecretValueParse {
  if (secretString === undefined) return problem('SecretString', 'expected a JSON object (the secret has no SecretString)');
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    return problem('SecretString', 'expected a JSON object (the value is not valid JSON)');
  }
  // Registered before validation (a mistyped real token is still a secret), but never the bare prefix or less:
  // that is no token, and registering it would blank "veeva-vault-" in every later log line.
  const accessToken = (json as { accessToken?: unknown } | null)?.accessToken;
  if (typeof accessToken === 'string' && accessToken.length > VAULT_TOKEN_PREFIX.length) registerSecretValue(accessToken);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return problem('SecretString', 'expected a JSON object');

  const result = v.safeParse(SCHEMA, json, { abortEarly: true });
  if (!result.success) {
    const key = result.issues[0]?.path?.[0]?.key;
    const field = typeof key === 'string' && key in EXPECT ? (key as Field) : undefined;
    return problem(field ?? 'SecretString', field ? EXPECT[field] : 'expected a JSON object');
  }
  const value = result.output;
  const refused = combinationProblem(value) ?? hostProblem(value);
  if (refused !== undefined) return refused;
  const tokenLifetimeMs = value.tokenLifetime === undefined ? undefined : lifetimeMs(value.tokenLifetime);
  if (tokenLifetimeMs === null) return problem('tokenLifetime', EXPECT.tokenLifetime);

  return {
    ok: true,
    value: {
      config: {
        vaultDns: value.vaultDns,
        apiVersion: value.apiVersion,
        accessToken: value.accessToken === undefined ? undefined : new Secret(value.accessToken),
        tokenId: value.tokenId,
        expiresAt: value.expiresAt,
        userId: value.userId === undefined ? undefined : String(value.userId),
        credentialsSecretArn: value.credentialsSecretArn,
        forUserId: value.forUserId === undefined ? undefined : String(value.forUserId),
        sandboxName: value.sandboxName,
        parentVaultDns: value.parentVaultDns,
        tokenLifetimeMs,
        revokePrevious: value.revokePrevious ?? 'next-rotation',
        clientId: value.clientId,
      },
      preserved: { ...(json as Record<string, unknown>), accessToken: undefined },
    },
  };
}

type SchemaOutput = v.InferOutput<typeof SCHEMA>;

/** Fields that are valid alone but not together. */
function combinationProblem(value: SchemaOutput): SecretValueProblem | undefined {
  if (value.accessToken === undefined && value.credentialsSecretArn === undefined) {
    return problem('accessToken', 'required (the current token) unless credentialsSecretArn is set');
  }
  if (value.sandboxName !== undefined) {
    if (value.parentVaultDns === undefined) {
      return problem('parentVaultDns', 'required with sandboxName (the Vault that owns the sandbox, where tokens are minted)');
    }
    if (value.credentialsSecretArn === undefined) {
      return problem('credentialsSecretArn', 'required with sandboxName (credentials for parentVaultDns that mint the token)');
    }
    if (value.forUserId !== undefined) {
      return problem('forUserId', "cannot be combined with sandboxName (Vault's sandbox endpoint mints only for the caller)");
    }
  }
  return undefined;
}

/** The shared client's own rules for a Vault host, checked here so bad input fails before any Vault call. */
function hostProblem(value: SchemaOutput): SecretValueProblem | undefined {
  for (const field of ['vaultDns', 'parentVaultDns'] as const) {
    const host = value[field];
    if (host === undefined) continue;
    try {
      parseVaultTarget(host, value.apiVersion);
    } catch (error) {
      if (!(error instanceof VaultConfigError)) throw error;
      return problem(error.field === 'vaultDns' ? field : error.field, error.message.slice(`${error.field}: `.length));
    }
  }
  if (value.forUserId !== undefined && value.userId !== undefined && String(value.forUserId) !== String(value.userId)) {
    return problem('userId', 'must equal forUserId when both are set (the tokens belong to forUserId)');
  }
  return undefined;
}

/** `tokenLifetime` in ms; null when it is not a positive duration. */
function lifetimeMs(text: string): number | null {
  try {
    const ms = parseDuration(text);
    return Number.isFinite(ms) && ms > 0 ? ms : null;
  } catch {
    return null;
  }
}

/** The next version's value: every stored field kept, the rotator's four fields replaced. */
export function nextSecretString(
  preserved: Readonly<Record<string, unknown>>,
  minted: { readonly token: Secret; readonly id: string; readonly expiresAt: string | undefined },
  userId: string,
): string {
  return JSON.stringify({
    ...preserved,
    accessToken: minted.token.reveal(),
    tokenId: minted.id,
    expiresAt: minted.expiresAt,
    userId,
  });
}

/** The `tokenId` field of a stored value, or undefined when there is none (or the value is not JSON). */
export function tokenIdOf(secretString: string | undefined): string | undefined {
  try {
    const tokenId = (JSON.parse(secretString ?? 'null') as { tokenId?: unknown } | null)?.tokenId;
    return typeof tokenId === 'string' && tokenId.length > 0 ? tokenId : undefined;
  } catch {
    return undefined;
  }
}
