// Which secrets this deployment declared as credentials secrets (the template's CredentialsSecretArns and
// CredentialsSecretNamePrefix). The role denies writes to exactly those, so a credentialsSecretArn outside them — a
// secret that is readable only because it sits in the rotated scope (listed, same name prefix, or the rotation tag) —
// would be a credential the role may also overwrite. Such a secret is refused before it is used.

/** Undefined: not deployed by the template (tests, local runs): every readable secret may be named. */
export type CredentialsScope = { readonly arns: readonly string[]; readonly namePrefix: string } | undefined;

export function credentialsScopeFrom(env: Readonly<Record<string, string | undefined>>): CredentialsScope {
  const arns = env.CREDENTIALS_SECRET_ARNS;
  const namePrefix = env.CREDENTIALS_SECRET_NAME_PREFIX;
  // The template always sets both (empty when unused); absent means a run the template did not configure.
  if (arns === undefined && namePrefix === undefined) return undefined;
  return {
    arns: (arns ?? '')
      .split(',')
      .map((arn) => arn.trim())
      .filter((arn) => arn !== ''),
    namePrefix: (namePrefix ?? '').trim(),
  };
}

/** Pure: is the secret with this full ARN (as GetSecretValue returns it) a declared credentials secret? */
export function isDeclaredCredentialsSecret(scope: CredentialsScope, fullArn: string): boolean {
  if (scope === undefined) return true;
  if (scope.arns.includes(fullArn)) return true;
  const marker = ':secret:';
  const at = fullArn.indexOf(marker);
  const name = at === -1 ? undefined : fullArn.slice(at + marker.length);
  return scope.namePrefix !== '' && name !== undefined && name.startsWith(scope.namePrefix);
}
