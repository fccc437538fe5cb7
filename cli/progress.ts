// Progress for a long wait: a spinner on a terminal, one line per change otherwise (a log or a pipe gets no
// control characters).
import yoctoSpinner from 'yocto-spinner';
import { printableLine } from '../shared/printable.js';
import { redact } from '../shared/redaction/redact.js';
import { type CliIo, note } from './io.js';

export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

export function startProgress(io: CliIo, text: string): Progress {
  if (io.stderrIsTTY) {
    // The spinner writes to the terminal itself, not through note(): its text gets the same treatment here (a
    // failure can quote the rotation function's log). Signals are cli/interrupts.ts's: the spinner must not exit.
    const safe = (line: string) => printableLine(redact(line));
    const spinner = yoctoSpinner({ text: safe(text), stream: io.stderr as NodeJS.WriteStream, handleSignals: false }).start();
    return {
      update: (next) => {
        spinner.text = safe(next);
      },
      succeed: (done) => void spinner.success(safe(done)),
      fail: (done) => void spinner.error(safe(done)),
    };
  }
  note(io, `${text}…`);
  let last = text;
  return {
    update: (next) => {
      if (next !== last) note(io, `${next}…`);
      last = next;
    },
    succeed: (done) => note(io, done),
    fail: (done) => note(io, done),
  };
}
