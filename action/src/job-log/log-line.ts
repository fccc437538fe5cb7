// Text the action prints comes partly from outside: Vault (user names, error messages, token names), AWS and the
// secret. The runner reads every stdout/stderr line for workflow commands: a line that starts with `::name::`, or
// holds `##[name]` anywhere, is a command, and `::stop-commands::T` makes it ignore every command after it,
// including the `::add-mask::` of the token minted next. So every message goes through logLine before it is
// printed: line breaks become visible `\n` / `\r`, other control characters `\uXXXX` (shared/printable.ts, which
// the CLI uses too), a leading `::` and any `##[` are broken up. The result is one line that the runner shows as
// plain text.

import { printableLine } from '../../../shared/printable.js';
import type { ActionCore } from '../deps.js';

export function logLine(text: string): string {
  const oneLine = printableLine(text).replace(/##\[/g, '##\\[');
  // The runner trims leading whitespace before looking for `::`.
  return oneLine.replace(/^(\s*):/, '$1\\:');
}

/** @actions/core with every message made a single, command-free line. Masking and file commands are untouched. */
export function printingSafely(core: ActionCore): ActionCore {
  return {
    ...core,
    debug: (message) => core.debug(logLine(message)),
    info: (message) => core.info(logLine(message)),
    warning: (message) => core.warning(typeof message === 'string' ? logLine(message) : message),
  };
}
