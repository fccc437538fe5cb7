// ListSecrets: Filters as the service documents them (name, tag-key, tag-value, description, all; prefix matches;
// values within one filter OR'ed, filters AND'ed; a value starting with ! negates), secrets scheduled for deletion
// only on request, and NextToken pagination (opaque; a token this stand-in did not hand out is refused).
import { ServiceError } from './errors.js';
import type { Store, StoredSecret } from './model.js';
import type { RequestOf } from './requests.js';
import { secretEntry } from './secret-operations.js';

const DEFAULT_PAGE = 100;

type Request = RequestOf<'ListSecrets'>;
type Filter = NonNullable<Request['Filters']>[number];

export function listSecrets(store: Store, request: Request) {
  const matching = [...store.secrets.values()]
    .filter((secret) => request.IncludePlannedDeletion === true || secret.deletedAt === undefined)
    .filter((secret) => (request.Filters ?? []).every((filter) => matchesFilter(secret, filter)));
  sortSecrets(matching, request);
  const start = request.NextToken === undefined ? 0 : offsetFrom(request.NextToken, matching.length);
  const size = request.MaxResults ?? DEFAULT_PAGE;
  const page = matching.slice(start, start + size);
  const next = start + size < matching.length ? tokenFor(start + size) : undefined;
  return {
    SecretList: page.map((secret) => {
      const { VersionIdsToStages, ...entry } = secretEntry(secret);
      return { ...entry, SecretVersionsToStages: VersionIdsToStages };
    }),
    ...(next === undefined ? {} : { NextToken: next }),
  };
}

function sortSecrets(secrets: StoredSecret[], request: Request): void {
  const by = request.SortBy ?? 'created-date';
  const key = (secret: StoredSecret): string | number =>
    by === 'name' ? secret.name : by === 'last-changed-date' ? secret.lastChangedAt.getTime() : secret.createdAt.getTime();
  // A stable sort keeps creation order among equal keys.
  secrets.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (request.SortOrder === 'desc') secrets.reverse();
}

function matchesFilter(secret: StoredSecret, filter: Filter): boolean {
  const positive = filter.Values.filter((value) => !value.startsWith('!'));
  const negative = filter.Values.filter((value) => value.startsWith('!')).map((value) => value.slice(1));
  const hit = (value: string) => attributes(secret, filter.Key).some((attribute) => matches(filter.Key, attribute, value));
  if (negative.some(hit)) return false;
  return positive.length === 0 || positive.some(hit);
}

function attributes(secret: StoredSecret, key: Filter['Key']): string[] {
  switch (key) {
    case 'name':
      return [secret.name];
    case 'description':
      return secret.description === undefined ? [] : [secret.description];
    case 'tag-key':
      return [...secret.tags.keys()];
    case 'tag-value':
      return [...secret.tags.values()];
    case 'all':
      return [secret.name, secret.description ?? '', ...secret.tags.keys(), ...secret.tags.values()];
    default:
      // primary-region and owning-service: this stand-in has no replicas and no managing services.
      return [];
  }
}

function matches(key: Filter['Key'], attribute: string, value: string): boolean {
  if (key === 'description') return attribute.toLowerCase().startsWith(value.toLowerCase());
  if (key === 'all') {
    const words = attribute.toLowerCase().split(/[^a-z0-9]+/);
    return value
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((word) => words.some((candidate) => candidate.startsWith(word)));
  }
  return attribute.startsWith(value);
}

function tokenFor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function offsetFrom(token: string, total: number): number {
  let offset: unknown;
  try {
    offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
  } catch {
    offset = undefined;
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > total) {
    throw new ServiceError('InvalidNextTokenException', 'The NextToken value is invalid.');
  }
  return offset;
}
