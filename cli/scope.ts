// Which secrets a fleet command looks at: ListSecrets narrowed by --name-prefix and --tag KEY=VALUE (the fleet scope
// the rotator is deployed with). The service's tag filters match key and value separately, so the pair is checked
// here on each listed secret.
import { ListSecretsCommand, type SecretListEntry, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Tag } from './flags.js';

const MAX_PAGES = 100;

export interface Scope {
  readonly namePrefixes: readonly string[];
  readonly tags: readonly Tag[];
}

export async function listScope(sm: SecretsManagerClient, scope: Scope): Promise<SecretListEntry[]> {
  const filters = [
    ...(scope.namePrefixes.length === 0 ? [] : [{ Key: 'name' as const, Values: [...scope.namePrefixes] }]),
    ...scope.tags.map((tag) => ({ Key: 'tag-key' as const, Values: [tag.key] })),
  ];
  const found: SecretListEntry[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await sm.send(
      new ListSecretsCommand({ MaxResults: 100, NextToken: nextToken, ...(filters.length === 0 ? {} : { Filters: filters }) }),
    );
    found.push(...(answer.SecretList ?? []).filter((secret) => inScope(secret, scope)));
    nextToken = answer.NextToken;
    if (nextToken === undefined) return found;
  }
  throw new Error(`ListSecrets returned more than ${MAX_PAGES} pages; narrow the scope with --name-prefix or --tag`);
}

export function inScope(secret: SecretListEntry, scope: Scope): boolean {
  const name = secret.Name ?? '';
  if (scope.namePrefixes.length > 0 && !scope.namePrefixes.some((prefix) => name.startsWith(prefix))) return false;
  const tags = secret.Tags ?? [];
  return scope.tags.every((wanted) => tags.some((t) => t.Key === wanted.key && t.Value === wanted.value));
}
