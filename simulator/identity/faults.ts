// Faults armed by tests, consumed in the order they were armed by the next requests of the operation they name.
import type { IdentityFault, IdentityFaultKind } from './types.js';

export interface IdentityFaults<Operation extends string> {
  add(fault: IdentityFault<Operation>): void;
  /** The fault for this request, if one is armed (counting one hit against it). */
  take(operation: Operation | 'unknown'): IdentityFaultKind | undefined;
  clear(): void;
}

const KINDS: readonly IdentityFaultKind['type'][] = ['service-error', 'connection-reset', 'hang', 'lost-answer'];

export function createIdentityFaults<Operation extends string>(
  service: string,
  operations: readonly Operation[],
): IdentityFaults<Operation> {
  const armed: { operation: Operation; kind: IdentityFaultKind; remaining: number }[] = [];
  return {
    add(fault) {
      if (!operations.includes(fault?.operation)) {
        throw new TypeError(
          `${service} injectFault: operation must be one of ${operations.join(', ')}; got ${String(fault?.operation)}`,
        );
      }
      if (!KINDS.includes(fault.kind?.type)) {
        throw new TypeError(`${service} injectFault: kind.type must be one of ${KINDS.join(', ')}`);
      }
      if (fault.kind.type === 'service-error' && fault.kind.status !== undefined) {
        const status = fault.kind.status;
        if (!Number.isInteger(status) || status < 400 || status > 599) {
          throw new TypeError(`${service} injectFault: kind.status must be an HTTP error status (400-599)`);
        }
      }
      const times = fault.times ?? 1;
      if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times >= 1))) {
        throw new TypeError(`${service} injectFault: times must be a positive integer or Infinity`);
      }
      armed.push({ operation: fault.operation, kind: fault.kind, remaining: times });
    },
    take(operation) {
      const index = armed.findIndex((fault) => fault.operation === operation);
      const fault = armed[index];
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) armed.splice(index, 1);
      return fault.kind;
    },
    clear() {
      armed.length = 0;
    },
  };
}
