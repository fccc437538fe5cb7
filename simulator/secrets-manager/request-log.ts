// What the stand-in answered, in order: which operation and how, never a request's or answer's content (no secret
// value, no RotationToken). The benchmark counts a rotation's calls from it; tests may read it too.
import type { SecretsManagerFault, SecretsManagerOperation } from '../secrets-manager-types.js';

export interface StandInRequestLogEntry {
  /** `unknown` for a request that named no operation the stand-in serves. */
  readonly operation: SecretsManagerOperation | 'FilterLogEvents' | 'unknown';
  /** 0 when no HTTP answer was sent (an injected reset). */
  readonly httpStatus: number;
  /** The `__type` of an error answer. */
  readonly errorType?: string;
  readonly fault?: SecretsManagerFault['kind'];
}

export interface RequestLog {
  readonly entries: readonly StandInRequestLogEntry[];
  record(entry: StandInRequestLogEntry): void;
  clear(): void;
}

// A stand-in left running for days must not grow without bound; a test or a benchmark never comes near this.
const MAX_LOGGED_REQUESTS = 50_000;

export function createRequestLog(): RequestLog {
  const entries: StandInRequestLogEntry[] = [];
  return {
    entries,
    record(entry) {
      entries.push(entry);
      if (entries.length > MAX_LOGGED_REQUESTS) entries.splice(0, entries.length - MAX_LOGGED_REQUESTS);
    },
    clear() {
      entries.length = 0;
    },
  };
}
