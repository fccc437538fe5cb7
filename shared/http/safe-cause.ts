// Errors from fetch/undici (and their cause chains) are third-party objects we cannot vouch for: a header value or
// URL could end up in a message or a property. We keep only what helps diagnosis (name, redacted message, code) in a
// fresh Error chain, and never attach the original object to anything the client throws.

import { redact } from '../redaction/redact.js';

const MAX_DEPTH = 4;

export function safeCause(error: unknown, depth = 0): Error | undefined {
  if (error === undefined || error === null || depth >= MAX_DEPTH) return undefined;
  const source = error instanceof Error ? error : undefined;
  const name = source?.name ?? typeof error;
  const own = (error as { code?: unknown }).code;
  const code = typeof own === 'string' ? own : undefined;
  const message = source ? source.message : String(error);
  const inner = source ? safeCause(source.cause, depth + 1) : undefined;
  const copy = new Error(redact(`${name}${code ? ` ${code}` : ''}: ${message}`), inner ? { cause: inner } : undefined);
  copy.name = name;
  if (code) Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  // The stack would repeat the message and point into fetch internals; the client error's own stack is what matters.
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** `code` of an error or of the first cause that has one (undici puts ECONNREFUSED on `cause`). */
export function errorCode(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== 'object' || depth >= MAX_DEPTH) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((error as { cause?: unknown }).cause, depth + 1);
}
