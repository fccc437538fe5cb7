// The shared client's logger, written to the job log through @actions/core. The client has already redacted every
// message and attribute; attributes are appended as compact JSON so execution ids reach the log.
// The client's warn level (e.g. "retrying") goes to the log as a plain line, not core.warning: a warning becomes an
// annotation on the run page, and a retry that then succeeds is not worth one. The action itself raises the one
// warning or error that matters.

import type { VaultLogger } from '../../../shared/types.js';
import type { ActionCore } from '../deps.js';

export function coreLogger(core: Pick<ActionCore, 'debug' | 'info'>): VaultLogger {
  return {
    debug: (message, attributes) => core.debug(withAttributes(message, attributes)),
    info: (message, attributes) => core.info(withAttributes(message, attributes)),
    warn: (message, attributes) => core.info(`Vault client: ${withAttributes(message, attributes)}`),
  };
}

function withAttributes(message: string, attributes: Record<string, unknown> | undefined): string {
  if (attributes === undefined || Object.keys(attributes).length === 0) return message;
  return `${message} ${JSON.stringify(attributes)}`;
}
