// Progress for a long wait: a spinner on a terminal, one line per change otherwise (a log or a pipe gets no
// control characters).
import yoctoSpinner from 'yocto-spinner';
import { type CliIo, note } from './io.js';

export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

export function startProgress(io: CliIo, text: string): Progress {
  if (io.stderrIsTTY) {
    const spinner = yoctoSpinner({ text, stream: io.stderr as NodeJS.WriteStream }).start();
    return {
      update: (next) => {
        spinner.text = next;
      },
      succeed: (done) => void spinner.success(done),
      fail: (done) => void spinner.error(done),
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
