// Faults armed by tests, consumed by the next matching requests before they are processed.
import type { SecretsManagerFault, SecretsManagerOperation } from '../secrets-manager-types.js';
import { isOperation } from './operations.js';

const KINDS: readonly SecretsManagerFault['kind'][] = ['service', 'throttle', 'reset'];

interface ArmedFault {
  readonly operation: SecretsManagerOperation;
  readonly kind: SecretsManagerFault['kind'];
  remaining: number;
}

export interface FaultBook {
  inject(fault: SecretsManagerFault): void;
  clear(): void;
  /** The fault to apply to this request, if one is armed (and counts it down). */
  take(operation: SecretsManagerOperation): SecretsManagerFault['kind'] | undefined;
}

export function createFaultBook(): FaultBook {
  const armed: ArmedFault[] = [];
  return {
    inject(fault) {
      if (!isOperation(fault.operation)) {
        throw new TypeError(`injectFault: operation must be a Secrets Manager operation the stand-in serves`);
      }
      if (!KINDS.includes(fault.kind)) throw new TypeError(`injectFault: kind must be one of ${KINDS.join(', ')}`);
      const times = fault.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new TypeError('injectFault: times must be an integer >= 1');
      armed.push({ operation: fault.operation, kind: fault.kind, remaining: times });
    },
    clear() {
      armed.length = 0;
    },
    take(operation) {
      const index = armed.findIndex((f) => f.operation === operation);
      const fault = armed[index];
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      if (fault.remaining === 0) armed.splice(index, 1);
      return fault.kind;
    },
  };
}
