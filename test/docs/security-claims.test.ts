// Every checkable security promise of the security pages, and the test that fails if it stops being true.
//
// The mapping lives here, not inline in the pages (docs/security.md points to this file): a reader wants the model,
// not test paths, and one table is easier to keep exact than eighty inline references. The table is still checked both ways: each claim's
// phrase must be in its page (rewording a promise breaks its row, so the row gets a second look), and each named test
// file must exist and hold that test title (renaming or deleting the pinning test breaks the row too).
//
// A new promise cannot slip in unpinned: every sentence of these pages that says "never", "always" or "ever" must
// contain a mapped phrase, or be in ALLOWED with the reason it needs no test of its own. Sentences are cut at ". "
// and table cells, with line wrapping and code spans kept, so rewrapping a paragraph changes nothing here.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const SECURITY_PAGES = [
  'docs/security.md',
  'SECURITY.md',
  'docs/rotation.md',
  'docs/secret-contract.md',
  'docs/fleet.md',
] as const;
type Page = (typeof SECURITY_PAGES)[number];

interface Claim {
  readonly doc: Page;
  /** Words of the promise, as the page has them (whitespace and line wrapping do not matter). */
  readonly phrase: string;
  /** The test file that fails when the promise stops holding, and its test title (or a unique part of it). */
  readonly test: string;
  readonly title: string;
}

const S = 'docs/security.md';
const P = 'SECURITY.md';
const R = 'docs/rotation.md';
const C = 'docs/secret-contract.md';
const F = 'docs/fleet.md';

export const CLAIMS: readonly Claim[] = [
  // docs/security.md
  { doc: S, phrase: 'It fails itself when one of these pages gains a sentence with', test: 'test/docs/security-claims.test.ts', title: 'is mapped to a test or explicitly allowed' },
  { doc: S, phrase: 'Secret values never print.', test: 'test/shared/redaction.test.ts', title: 'the credentials and Secret objects themselves' },
  { doc: S, phrase: '`JSON.stringify` and `util.inspect` give `[REDACTED]`', test: 'test/shared/redaction-store.test.ts', title: 'a registered long value never survives any formatting path' },
  { doc: S, phrase: 'blanks registered secret values and anything shaped like a Vault token', test: 'test/shared/redaction.test.ts', title: 'revoke per-record messages echoing secrets' },
  { doc: S, phrase: 'The tests provoke failures (Vault errors that quote a secret', test: 'test/shared/redaction.test.ts', title: 'a refused connection with its fetch cause chain' },
  { doc: S, phrase: 'the demo self-checks everything it prints', test: 'test/demo/self-check.test.ts', title: 'fails on a secret in the printed output' },
  { doc: S, phrase: 'never logs its event (it carries `RotationToken`)', test: 'test/functions/dispatch.test.ts', title: 'never logs the RotationToken' },
  { doc: S, phrase: 'a secret value, or a response body', test: 'test/shared/response-body-not-logged.test.ts', title: 'an HTML error page, through every retry' },
  { doc: S, phrase: 'can touch only the secrets in its scope', test: 'test/template/invariants.test.ts', title: 'grants the four rotation actions exactly, and only on the rotated secrets' },
  { doc: S, phrase: 'read only the credentials secrets in scope', test: 'test/template/invariants.test.ts', title: 'reads other secrets only when credentials secrets are given, by ARN or name prefix' },
  { doc: S, phrase: 'use a customer KMS key only through Secrets Manager for matching secret ARNs', test: 'test/template/invariants.test.ts', title: 'uses the customer key only through Secrets Manager' },
  { doc: S, phrase: 'No wildcard resource that nothing narrows', test: 'test/template/invariants.test.ts', title: 'no wildcard resource that nothing narrows' },
  { doc: S, phrase: 'checked for `vaultDns` and `parentVaultDns` before any connection', test: 'test/functions/allowed-hosts.test.ts', title: 'outside the list before any connection and changes nothing' },
  { doc: S, phrase: 'IP literals such as 169.254.169.254 only when listed exactly', test: 'test/functions/allowed-hosts.test.ts', title: 'refuses IP literals (metadata, private, loopback) unless listed exactly' },
  { doc: S, phrase: 'HTTP redirects are never followed', test: 'test/functions/redirect.test.ts', title: 'password sign-in: nothing reaches the redirect target' },
  { doc: S, phrase: 'A credentials secret is used only by rotated secrets its `usableBy` names', test: 'test/functions/usable-by.test.ts', title: 'before any Vault call, naming credentialsSecretArn' },
  { doc: S, phrase: '`usableBy` it is refused', test: 'test/functions/usable-by.test.ts', title: 'fails closed without the field' },
  { doc: S, phrase: 'the role denies writes to exactly those', test: 'test/template/invariants.test.ts', title: 'denies every write action it grants on the credentials secrets' },
  { doc: S, phrase: 'the function refuses any other\n  `credentialsSecretArn`', test: 'test/functions/credentials-scope.test.ts', title: 'is refused naming credentialsSecretArn before any Vault call; a declared one is used' },
  { doc: S, phrase: 'keyed by the credentials secret\'s ARN and VersionId', test: 'test/functions/session-cache.test.ts', title: 'sign in once, and again only after the credentials secret gets a new version' },
  { doc: S, phrase: 'they are never logged, and they are ended when evicted', test: 'test/functions/session-cache.test.ts', title: 'is bounded: the least recently used session is ended' },
  { doc: S, phrase: 'Rotated tokens live two rotation intervals plus a day by default', test: 'test/functions/lifetime.test.ts', title: 'defaults to two intervals plus a day' },
  { doc: S, phrase: 'the action\'s tokens default to one hour and are revoked at job end', test: 'test/action/credentials.test.ts', title: 'mints with a parent access token, outputs it, and revokes it with itself at job end' },
  { doc: S, phrase: 'a longer request fails with Vault\'s message', test: 'test/functions/create-secret.test.ts', title: 'a configured tokenLifetime Vault refuses is not shortened' },
  { doc: S, phrase: 'The rotator keeps at most 3 per secret in the default mode', test: 'test/functions/rotation.test.ts', title: 'five rotations in a row keep at most three tokens and the current one valid' },
  { doc: S, phrase: 'revokes only tokens it made for that secret (by a per-secret name prefix), never the current one', test: 'test/functions/revocation-policy.test.ts', title: 'revokes only rows of this secret, of the expected user, active' },
  { doc: S, phrase: 'never the current one', test: 'test/functions/revocation-policy.test.ts', title: 'never revokes a token a protected version stores (AWSCURRENT, AWSPENDING, AWSPREVIOUS unless immediately)' },
  { doc: S, phrase: 'on the cap revokes that secret\'s stale tokens and tries once more', test: 'test/functions/create-secret.test.ts', title: 'revokes stale tokens of this secret and mints once more' },
  { doc: S, phrase: 'the client never blindly retries a mint whose answer was lost', test: 'test/functions/rotation-scenarios.test.ts', title: 'a lost mint answer: the token is revoked by name and the rotation is retried' },
  { doc: S, phrase: 'While that version has no stored value, a token carrying its name is kept', test: 'test/functions/create-secret.test.ts', title: 'keeps a token of its own name while the version has no value' },
  { doc: S, phrase: 'any other token with its name is a dead duplicate and is revoked', test: 'test/functions/create-secret.test.ts', title: 'rethrows when the mint answer is lost; the lost token is revoked as a duplicate once the version is stored' },
  { doc: S, phrase: 'The action looks an active token up by its name and the requested expiry, revokes it and fails the step', test: 'test/action/main-revokes-itself.test.ts', title: 'a mint that never answers: abandoned, then the token Vault created is found by name and revoked' },
  { doc: S, phrase: 'A `PutSecretValue` that is refused revokes the token it could not store', test: 'test/functions/create-secret.test.ts', title: 'revokes the new token when PutSecretValue fails, then rethrows' },
  { doc: S, phrase: 'checks `vaultId`/`vaultIds` against the host it asked for and fails, naming both hosts', test: 'test/shared/password-session.test.ts', title: 'refuses a session for another Vault, names both hosts, and ends that session on the Vault that issued it' },
  { doc: S, phrase: 'nothing, least of all the session id, is sent to the host Vault\'s answer names', test: 'test/shared/simulator-client.test.ts', title: 'the auth-defaulting guard: refuses a session for another Vault, sends nothing to that Vault, and never uses it' },
  { doc: S, phrase: 'It keeps the newest 500 values', test: 'test/shared/redaction-store.test.ts', title: 'keeps the newest ${MAX_REMEMBERED_SECRETS} values' },
  { doc: S, phrase: 'so an ordinary word is never mangled', test: 'test/shared/redaction-ordinary-words.test.ts', title: 'an unregistered ordinary word is never mangled' },
  { doc: F, phrase: 'is never used and never cached', test: 'test/shared/simulator-client.test.ts', title: 'sends nothing to that Vault, and never uses it' },
  { doc: F, phrase: 'It is ended on the Vault that issued it, never at the host the answer names', test: 'test/shared/password-session.test.ts', title: 'ends that session on the Vault that issued it — nothing goes to the host the answer names' },
  { doc: S, phrase: 'Bad passwords are never retried', test: 'test/shared/password-session.test.ts', title: 'never retries a bad password, and never sends it again from the same session' },
  { doc: S, phrase: 'masks sensitive inputs before the first request', test: 'test/action/inputs.test.ts', title: 'masks the secret inputs even when they are rejected' },
  { doc: S, phrase: 'the new token before anything is printed, saved or output', test: 'test/action/harness.test.ts', title: 'flags a secret printed before its mask' },
  { doc: S, phrase: 'the new token before anything is printed, saved or output', test: 'test/action/credentials.test.ts', title: 'mints with a parent access token, outputs it, and revokes it with itself at job end' },
  { doc: S, phrase: 'never masks non-secrets', test: 'test/action/credentials.test.ts', title: 'mints with username and password, ends the password session, and never shows the password' },
  { doc: S, phrase: 'CI fails when they differ from a fresh build', test: 'test/action/dist-fresh.test.ts', title: 'is byte-identical to a fresh build with the same options' },
  { doc: S, phrase: 'CI fails when they differ from a fresh build', test: 'test/cli/dist-fresh.test.ts', title: 'is byte-identical to a fresh build with the same options' },
  { doc: S, phrase: 'a test allows only permissive licences', test: 'test/licenses/third-party-licenses.test.ts', title: 'has only permissive licences' },

  // SECURITY.md
  { doc: P, phrase: 'a token, a password, a session id, a secret\'s value, the rotation event', test: 'test/functions/rotation-edge-cases.test.ts', title: 'blanks every secret the function holds, also when a service echoes it in an error' },
  { doc: P, phrase: 'or a Vault response body', test: 'test/shared/response-body-not-logged.test.ts', title: 'a successful JSON answer with a field the client ignores' },
  { doc: P, phrase: 'every error message and log attribute passes one redaction step', test: 'test/shared/redaction-store.test.ts', title: 'a registered long value never survives any formatting path' },
  { doc: P, phrase: 'The tests provoke failures and check their logs, errors and outputs for leaks', test: 'test/functions/fault-injection.test.ts', title: 'invariant' },
  { doc: P, phrase: 'check every log line against the runner\'s masks', test: 'test/action/harness.test.ts', title: 'flags a secret printed before its mask' },
  { doc: P, phrase: 'no token is written to disk, to environment variables or to the logs', test: 'test/action/no-token-at-rest.test.ts', title: 'the token is only in the `token` output and post’s state; the parent credential nowhere' },
  { doc: P, phrase: 'no token is written to disk, to environment variables or to the logs', test: 'test/functions/security-claims.test.ts', title: 'a whole rotation leaves no token value in process.env' },
  { doc: P, phrase: 'no token is written to disk, to environment variables or to the logs', test: 'test/functions/security-claims.test.ts', title: 'imports no file system module and assigns no environment variable' },
  { doc: P, phrase: 'the parent credential is not kept after the main step', test: 'test/action/no-token-at-rest.test.ts', title: 'the parent credential nowhere' },
  { doc: P, phrase: 'the action calls it only for `aws-secret-id`', test: 'test/action/bundle.test.ts', title: 'main.mjs and everything it imports statically are free of the AWS SDK' },
  { doc: P, phrase: 'no token is ever a template parameter or in `template.yaml`', test: 'test/template/invariants.test.ts', title: 'holds a placeholder, never a token from a parameter' },

  // docs/rotation.md
  { doc: R, phrase: '`__proto__` and the like are refused here, and version ids are looked up as own keys only', test: 'test/functions/dispatch.test.ts', title: 'looks version ids up as own keys only' },
  { doc: R, phrase: 'validate **all** of it before any Vault call', test: 'test/functions/create-secret.test.ts', title: 'rejects a bad value naming the field, before any Vault call, changing nothing' },
  { doc: R, phrase: 'A mismatch fails naming `userId`: nothing revoked, nothing minted', test: 'test/functions/rotation-edge-cases.test.ts', title: 'is checked against the credential’s user before anything is revoked or minted, naming userId' },
  { doc: R, phrase: 'the new token is revoked before the error is rethrown', test: 'test/functions/create-secret.test.ts', title: 'revokes the new token when PutSecretValue fails, then rethrows' },
  { doc: R, phrase: 'It revokes nothing itself (a token still propagating must not be killed)', test: 'test/functions/security-claims.test.ts', title: 'gives up on a pending token Vault does not accept yet without revoking it or anything else' },
  { doc: R, phrase: 'refuses to promote a version without a value', test: 'test/functions/finish-secret.test.ts', title: 'refuses a version createSecret never filled with the documented message' },
  { doc: R, phrase: 'Anything else is never revoked', test: 'test/functions/revocation-policy.test.ts', title: 'revokes only rows of this secret, of the expected user, active' },
  { doc: R, phrase: 'So two overlapping createSecret invocations can no longer revoke each other\'s token', test: 'test/functions/revocation-policy.test.ts', title: 'keeps the running version’s token while its value is not stored' },
  { doc: R, phrase: 'can never be stored (Secrets Manager refuses a second value for a version id) and are revoked in every mode', test: 'test/functions/revocation-policy.test.ts', title: 'revokes every owned duplicate of a version whose stored id is known, in every mode' },
  { doc: R, phrase: '`never` keeps stale tokens until they expire, except at the 25-token cap', test: 'test/functions/rotation-scenarios.test.ts', title: 'in never mode the cap itself triggers the clean-up of stale tokens' },
  { doc: R, phrase: 'Without that second read (`keepUnknownVersions` in the policy) such tokens are kept', test: 'test/functions/revocation-policy.test.ts', title: 'with keepUnknownVersions (finishSecret), keeps every token of a version its DescribeSecret did not list' },
  { doc: R, phrase: 'finishSecret judges tokens of versions its first DescribeSecret does not list by a second one', test: 'test/functions/finish-secret.test.ts', title: 'keeps the token of a rotation that started after the move (its version is not in the DescribeSecret it judged by)' },
  { doc: R, phrase: 'The event is not logged.', test: 'test/functions/dispatch.test.ts', title: 'never logs the RotationToken' },
  { doc: R, phrase: 'Token values, passwords, session ids and `RotationToken` never appear in logs or in error messages', test: 'test/functions/rotation-edge-cases.test.ts', title: 'blanks every secret the function holds, also when a service echoes it in an error' },
  { doc: R, phrase: 'If the abandoned invocation still ends later, it logs a warning, never `Rotation step succeeded`', test: 'test/functions/rotation-edge-cases.test.ts', title: 'the abandoned handler does not log "Rotation step succeeded"' },
  { doc: R, phrase: 'every token, password (of any length), session id and `RotationToken` the function has held is blanked', test: 'test/functions/security-claims.test.ts', title: 'blanks a held secret that only an inner cause of the thrown error quotes' },
  { doc: R, phrase: 'every token, password (of any length), session id and `RotationToken` the function has held is blanked', test: 'test/shared/session-id-redaction.test.ts', title: 'is blanked when it is shorter than 8 characters' },
  { doc: R, phrase: 'testSecret removes `AWSPENDING` from it and fails', test: 'test/functions/test-secret.test.ts', title: 'a pending version whose token was revoked is not stuck: AWSPENDING comes off' },
  { doc: R, phrase: '(never trusted from the query)', test: 'test/functions/revocation-policy.test.ts', title: 'revokes only rows of this secret, of the expected user, active — whatever else Vault returned' },
  { doc: R, phrase: 'Error names are string literals', test: 'test/functions/rotation-edge-cases.test.ts', title: 'RotationError and SecretValueError name themselves with literals' },

  // docs/secret-contract.md
  { doc: C, phrase: '`YYYY-MM-DDTHH:MM:SSZ`, optionally with a fraction of a second', test: 'test/functions/secret-value.test.ts', title: 'accepts a real date-time in expiresAt, with or without milliseconds' },
  { doc: C, phrase: '`2027-02-30T12:00:00Z` is refused', test: 'test/functions/secret-value.test.ts', title: 'names %s when it is wrong' },
  { doc: C, phrase: 'A rotated secret whose ARN matches none is refused before any Vault call, naming `credentialsSecretArn`', test: 'test/functions/usable-by.test.ts', title: 'before any Vault call, naming credentialsSecretArn' },
  { doc: C, phrase: '`crm-sync-*` would also admit `team-a/crm-sync-evil-AbCdEf`', test: 'test/functions/usable-by.test.ts', title: '-?????? admits one secret (its 6-character suffix) and not a longer name that starts the same' },
  { doc: C, phrase: 'anything else is refused before any connection, naming the field', test: 'test/functions/allowed-hosts.test.ts', title: 'outside the list before any connection and changes nothing' },
  { doc: C, phrase: 'The error never contains the value', test: 'test/functions/secret-value.test.ts', title: 'never repeats the value it rejected' },
  { doc: C, phrase: 'The error never contains the value', test: 'test/shared/redaction-store.test.ts', title: 'blanks a registered value that comes back case-folded' },
  { doc: C, phrase: 'Anything shorter is refused before any Vault call, naming `tokenLifetime`', test: 'test/functions/lifetime.test.ts', title: 'refuses a configured lifetime that does not outlive the interval plus the margin, naming tokenLifetime' },
  { doc: C, phrase: 'a **configured** `tokenLifetime` is never shortened', test: 'test/functions/create-secret.test.ts', title: 'a configured tokenLifetime Vault refuses is not shortened' },

  // docs/fleet.md
  { doc: F, phrase: 'The prefix must end in `/`', test: 'test/template/invariants.test.ts', title: 'bounds each name prefix by a /' },
  { doc: F, phrase: '`NamePrefixesDiffer` refuses the same prefix for rotated and credentials secrets', test: 'test/template/invariants.test.ts', title: 'refuses the same prefix for rotated and credentials secrets' },
  { doc: F, phrase: 'Declared credentials secrets are never written.', test: 'test/template/invariants.test.ts', title: 'denies every write action it grants on the credentials secrets, by prefix and by ARN, even if scopes overlap' },
  { doc: F, phrase: 'a credentials secret stays read-only even when the scopes overlap', test: 'test/template/invariants.test.ts', title: 'denies every write action it grants on the credentials secrets, by prefix and by ARN, even if scopes overlap' },
  { doc: F, phrase: 'No statement has a wildcard resource that nothing narrows', test: 'test/template/invariants.test.ts', title: 'no wildcard resource that nothing narrows' },
  { doc: F, phrase: 'so a parameter cannot break out of its JSON string', test: 'test/template/invariants.test.ts', title: 'keeps the tag parameters from breaking out of the JSON policy' },
  { doc: F, phrase: 'The function\'s role itself can neither tag nor untag', test: 'test/template/invariants.test.ts', title: 'grants the four rotation actions exactly, and only on the rotated secrets' },
  { doc: F, phrase: '`*.veevavault.com` matches `myvault.veevavault.com` and `sbx-myvault.veevavault.com`, never', test: 'test/functions/allowed-hosts.test.ts', title: 'never matches the bare domain, look-alikes or other domains' },
  { doc: F, phrase: 'a `*` label never matches a number', test: 'test/functions/allowed-hosts.test.ts', title: 'refuses IP literals (metadata, private, loopback) unless listed exactly' },
  { doc: F, phrase: 'A refusal names the field and the list', test: 'test/functions/allowed-hosts.test.ts', title: 'outside the list before any connection and changes nothing' },
  { doc: F, phrase: 'A credentials secret **without** `usableBy` is refused too (fail closed)', test: 'test/functions/usable-by.test.ts', title: 'fails closed without the field, and on anything but a non-empty list of strings' },
  { doc: F, phrase: 'A new password is a new version, so it never meets an old session', test: 'test/functions/session-cache.test.ts', title: 'retires (ends) the sessions of an older version when a new version signs in' },
  { doc: F, phrase: 'The session id lives only in the client\'s private fields; it is never logged', test: 'test/shared/redaction.test.ts', title: 'a password session through sign-in, use, retries and a failing close' },
  { doc: F, phrase: 'An invocation never ends a cached session', test: 'test/functions/session-cache.test.ts', title: 'sign in once, and again only after the credentials secret gets a new version' },
  { doc: F, phrase: 'the cache is bounded (16 sessions, least recently used goes first)', test: 'test/functions/security-claims.test.ts', title: 'keeps 16 sessions by default and ends the least recently used one for the 17th' },
  { doc: F, phrase: 'a session idle for 9 minutes', test: 'test/functions/security-claims.test.ts', title: 'hands out a session idle for 9 minutes by default, and replaces (ends) one idle a moment longer' },
  { doc: F, phrase: 'a failed sign-in (a locked or inactive user, a wrong password, a cancelled `/auth`) is never cached', test: 'test/functions/session-cache.test.ts', title: 'is not cached: after the user is unlocked the next invocations sign in and succeed' },
  { doc: F, phrase: 'a session whose calls keep failing still reaches the 9-minute limit and is replaced', test: 'test/functions/session-cache.test.ts', title: 'counts idleness from the last successful use, not from the last take' },
  { doc: F, phrase: 'the session is forgotten and the call repeated once on a fresh sign-in', test: 'test/functions/session-cache.test.ts', title: 'is replaced by a fresh sign-in and the call repeated once' },
  { doc: F, phrase: 'The password is never retried in a loop', test: 'test/shared/password-session.test.ts', title: 'does not retry a transient /auth failure either' },
  { doc: F, phrase: 'It is retryable, nothing is minted, and `AWSPENDING` stays without a value', test: 'test/functions/burst-budget.test.ts', title: 'defers before minting with a retryable error naming the reason' },
  { doc: F, phrase: 'No token, password or session id is ever in it', test: 'test/functions/invocation-summary.test.ts', title: 'is logged once per step of a rotation, with outcome, step, duration and token expiry' },
  // OAuth credentials secrets (the rotator's sign-in without a stored Vault credential)
  { doc: S, phrase: 'are registered for redaction as they arrive, and never appear in a log or error', test: 'test/functions/oauth-rotation.test.ts', title: 'first rotation mints the first token from the function role' },
  { doc: S, phrase: 'checked against `ALLOWED_VAULT_HOSTS` before any connection, redirects are never followed', test: 'test/functions/oauth-rotation.test.ts', title: 'a token endpoint that redirects: the redirect is never followed, nothing reaches its target' },
  { doc: S, phrase: '`usableBy` and the declared-credentials check apply as for passwords', test: 'test/functions/oauth-rotation.test.ts', title: 'usableBy applies: a credentials secret that does not admit the rotated secret is refused before any sign-in' },
  { doc: C, phrase: 'fails the rotation naming the field (`oauth.tokenUrl`, …), never its value', test: 'test/functions/oauth-credentials.test.ts', title: 'never echoes a value, whichever field is wrong' },
  { doc: F, phrase: 'Redirects are never followed, at the token endpoint', test: 'test/functions/oauth-rotation.test.ts', title: 'a token endpoint that redirects: the redirect is never followed, nothing reaches its target' },
  { doc: F, phrase: 'is never cached and is reported with the server\'s error type and description', test: 'test/functions/oauth-rotation.test.ts', title: 'a refused sign-in is never cached: once Vault maps the user again' },
];

/**
 * Sentences that say "never", "always" or "ever" but are no promise a test of this repository can fail on, each with
 * the reason. A phrase here must still be in its page (a stale entry fails).
 */
export const ALLOWED: readonly { readonly doc: Page; readonly phrase: string; readonly why: string }[] = [
  { doc: P, phrase: 'never send a real token, password or secret value, and redact logs', why: 'advice to reporters' },
  { doc: F, phrase: 'A container that is never invoked again simply lets Vault expire its sessions', why: 'what Vault does, not the code' },
  { doc: F, phrase: 'never signs in at all', why: 'about the auth limit, not a security promise (test/functions/fleet.test.ts counts sign-ins)' },
];

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
const pageText = new Map(SECURITY_PAGES.map((doc) => [doc, readFileSync(join(ROOT, doc), 'utf8')]));
const read = (doc: Page) => normalise(pageText.get(doc)!);

/** The page's sentences: fenced code and headings dropped, table cells and list items split, lines unwrapped. */
export function sentences(markdown: string): string[] {
  const withoutFences = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '\n')
    .replace(/^#{1,6} .*$/gm, '\n');
  const blocks = withoutFences
    .split(/\n\s*\n|\n(?=\s*(?:[-*] |\d+\. |\|))/)
    .flatMap((block) => (block.trimStart().startsWith('|') ? block.split('|') : [block]));
  return blocks
    .map(normalise)
    .flatMap((block) => block.split(/(?<=[.!?](?:\*\*)?)\s+(?=[A-Z*`(["])/))
    .filter((sentence) => sentence !== '');
}

const PROMISE_WORD = /\b(never|always|ever)\b/i;
/** A promise word outside code spans (`never` as a revokePrevious value is a name, not a promise). */
const isPromise = (sentence: string) => PROMISE_WORD.test(sentence.replace(/`[^`]*`/g, ''));

describe('the security pages’ claims and the tests that pin them', () => {
  it.each(CLAIMS.map((claim) => [claim.doc, claim.phrase, claim.test, claim.title] as const))(
    '%s: "%s" is pinned by %s',
    (doc, phrase, test, title) => {
      expect(read(doc), `${doc} no longer says this: update the row (and check the test still pins the new words)`).toContain(
        normalise(phrase),
      );
      expect(existsSync(join(ROOT, test)), `${test} exists`).toBe(true);
      const source = normalise(readFileSync(join(ROOT, test), 'utf8'));
      expect(source, `${test} has a test titled "${title}"`).toContain(normalise(title));
    },
  );

  it('every allow-listed sentence is still in its page', () => {
    const stale = ALLOWED.filter((entry) => !read(entry.doc).includes(normalise(entry.phrase)));
    expect(stale).toEqual([]);
  });

  it('every "never" / "always" / "ever" sentence of the security pages is mapped to a test or explicitly allowed', () => {
    const unmapped: string[] = [];
    for (const doc of SECURITY_PAGES) {
      const covering = [
        ...CLAIMS.filter((claim) => claim.doc === doc).map((claim) => normalise(claim.phrase)),
        ...ALLOWED.filter((entry) => entry.doc === doc).map((entry) => normalise(entry.phrase)),
      ];
      for (const sentence of sentences(pageText.get(doc)!)) {
        if (!isPromise(sentence)) continue;
        if (!covering.some((phrase) => sentence.includes(phrase) || phrase.includes(sentence))) {
          unmapped.push(`${doc}: ${sentence}`);
        }
      }
    }
    expect(unmapped, 'add a row to CLAIMS (with the test that pins it) or to ALLOWED (with why no test can)').toEqual([]);
  });

  it('names only files that exist (a promise about a file that moved points nowhere)', () => {
    const missing = SECURITY_PAGES.flatMap((doc) =>
      [...pageText.get(doc)!.matchAll(/`((?:[\w.-]+\/)+[\w.-]+\.(?:ts|mjs|cjs|md|yaml|json|txt))`/g)]
        .map((match) => match[1]!)
        .filter((path) => !existsSync(join(ROOT, path)))
        .map((path) => `${doc}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('the sentence scan finds a promise it is not told about (so a pass means something)', () => {
    const page = '# Never\n\nIntro.\n\n- **Tokens.** A token is never written to a file. It lives in memory; mode `never`.\n';
    expect(sentences(page).filter(isPromise)).toEqual([
      'A token is never written to a file.',
    ]);
  });
});
