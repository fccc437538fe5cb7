// Every operation the stand-in serves: parse the request, then run it against the store (synchronously, so each
// operation is atomic, as in the service).
import type { SecretsManagerOperation } from '../secrets-manager-types.js';
import type { Store } from './model.js';
import { parseRequest } from './requests.js';
import { cancelRotateSecret, rotateSecret } from './rotation-operations.js';
import { listSecrets } from './list-operations.js';
import { createSecret, deleteSecret, describeSecret, updateSecret } from './secret-operations.js';
import { tagResource, untagResource } from './tag-operations.js';
import { listSecretVersionIds, updateSecretVersionStage } from './stage-operations.js';
import { getSecretValue, putSecretValue } from './value-operations.js';

type Handler = (store: Store, body: unknown) => object;

const handlers: Record<SecretsManagerOperation, Handler> = {
  CreateSecret: (store, body) => createSecret(store, parseRequest('CreateSecret', body)),
  DescribeSecret: (store, body) => describeSecret(store, parseRequest('DescribeSecret', body)),
  GetSecretValue: (store, body) => getSecretValue(store, parseRequest('GetSecretValue', body)),
  PutSecretValue: (store, body) => putSecretValue(store, parseRequest('PutSecretValue', body)),
  UpdateSecretVersionStage: (store, body) =>
    updateSecretVersionStage(store, parseRequest('UpdateSecretVersionStage', body)),
  ListSecretVersionIds: (store, body) => listSecretVersionIds(store, parseRequest('ListSecretVersionIds', body)),
  RotateSecret: (store, body) => rotateSecret(store, parseRequest('RotateSecret', body)),
  CancelRotateSecret: (store, body) => cancelRotateSecret(store, parseRequest('CancelRotateSecret', body)),
  DeleteSecret: (store, body) => deleteSecret(store, parseRequest('DeleteSecret', body)),
  ListSecrets: (store, body) => listSecrets(store, parseRequest('ListSecrets', body)),
  TagResource: (store, body) => tagResource(store, parseRequest('TagResource', body)),
  UntagResource: (store, body) => untagResource(store, parseRequest('UntagResource', body)),
  UpdateSecret: (store, body) => updateSecret(store, parseRequest('UpdateSecret', body)),
};

export function isOperation(name: string): name is SecretsManagerOperation {
  return Object.hasOwn(handlers, name);
}

export function runOperation(store: Store, operation: SecretsManagerOperation, body: unknown): object {
  return handlers[operation](store, body);
}
