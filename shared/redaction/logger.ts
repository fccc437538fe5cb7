// The logger the client writes through: every message and attribute passes redact() on the way out, so a secret
// that slipped into a Vault message or an error still never reaches a log line.

import { redact, redactAttributes } from './redact.js';
import type { VaultLogger } from '../types.js';

const silent: VaultLogger = { debug() {}, info() {}, warn() {} };

export function redactingLogger(logger: VaultLogger | undefined): VaultLogger {
  const sink = logger ?? silent;
  return {
    debug: (message, attributes) => sink.debug(redact(message), attributes && redactAttributes(attributes)),
    info: (message, attributes) => sink.info(redact(message), attributes && redactAttributes(attributes)),
    warn: (message, attributes) => sink.warn(redact(message), attributes && redactAttributes(attributes)),
  };
}
