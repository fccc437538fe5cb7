// TagResource and UntagResource, and the tag rules CreateSecret shares: at most 50 tags, keys unique, none under
// the reserved `aws:` prefix. Tagging a key again replaces its value, as in the service.
import { invalidParameter } from './errors.js';
import { liveSecret } from './lookup.js';
import type { Store } from './model.js';
import type { RequestOf } from './requests.js';

const MAX_TAGS = 50;

interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export function tagMap(tags: readonly Tag[]): Map<string, string> {
  const map = new Map<string, string>();
  addTags(map, tags);
  return map;
}

function addTags(map: Map<string, string>, tags: readonly Tag[]): void {
  const next = new Map(map);
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw invalidParameter('Tag keys with the prefix aws: are reserved for AWS use.');
    }
    next.set(tag.Key, tag.Value);
  }
  if (next.size > MAX_TAGS) throw invalidParameter(`A secret can have at most ${MAX_TAGS} tags.`);
  map.clear();
  for (const [key, value] of next) map.set(key, value);
}

export function tagResource(store: Store, request: RequestOf<'TagResource'>) {
  const secret = liveSecret(store, request.SecretId);
  addTags(secret.tags, request.Tags);
  return {};
}

export function untagResource(store: Store, request: RequestOf<'UntagResource'>) {
  const secret = liveSecret(store, request.SecretId);
  for (const key of request.TagKeys) secret.tags.delete(key);
  return {};
}
