// Injected faults, consumed in the order they were added by the requests of the operation they name.
import type { SimFault, SimFaultKind, SimOperation } from '../vault-simulator-types.js';

interface PendingFault {
  readonly operation: SimOperation;
  readonly kind: SimFaultKind;
  remaining: number;
}

export interface FaultQueue {
  add(fault: SimFault): void;
  /** The next fault for this operation, counting one hit against it; undefined when none applies. */
  take(operation: SimOperation): SimFaultKind | undefined;
  clear(): void;
}

const OPERATIONS: readonly SimOperation[] = [
  'auth',
  'endSession',
  'mint',
  'whoAmI',
  'query',
  'delete',
  'sandboxes',
  'oauthSession',
  'unknown',
];
const KINDS: readonly SimFaultKind['type'][] = [
  'vault-error',
  'http-401',
  'http-503-html',
  'connection-reset',
  'hang',
  'lost-answer',
];

export function createFaultQueue(): FaultQueue {
  const pending: PendingFault[] = [];
  return {
    add(fault: SimFault): void {
      validateFault(fault);
      pending.push({ operation: fault.operation, kind: fault.kind, remaining: fault.times ?? 1 });
    },
    take(operation: SimOperation): SimFaultKind | undefined {
      const index = pending.findIndex((fault) => fault.operation === operation);
      if (index < 0) return undefined;
      const fault = pending[index]!;
      fault.remaining -= 1;
      if (fault.remaining <= 0) pending.splice(index, 1);
      return fault.kind;
    },
    clear(): void {
      pending.length = 0;
    },
  };
}

function validateFault(fault: SimFault): void {
  if (!OPERATIONS.includes(fault?.operation)) {
    throw new TypeError(
      `injectFault: operation must be one of ${OPERATIONS.join(', ')}; got ${String(fault?.operation)}`,
    );
  }
  if (!KINDS.includes(fault.kind?.type)) {
    throw new TypeError(`injectFault: kind.type must be one of ${KINDS.join(', ')}; got ${String(fault.kind?.type)}`);
  }
  if (fault.kind.type === 'vault-error') {
    if (typeof fault.kind.errorType !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(fault.kind.errorType)) {
      throw new TypeError('injectFault: kind.errorType must be an upper-case Vault error type such as RACE_CONDITION');
    }
    const status = fault.kind.responseStatus;
    if (status !== undefined && status !== 'FAILURE' && status !== 'EXCEPTION') {
      throw new TypeError('injectFault: kind.responseStatus must be FAILURE or EXCEPTION');
    }
  }
  const times = fault.times;
  if (times !== undefined && !(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times >= 1))) {
    throw new TypeError(`injectFault: times must be a positive integer or Infinity; got ${String(times)}`);
  }
}
