// Where the command reads and writes. The real process in bin/main; a test or the demo can run the command in
// process with its own streams. stdout carries the result (a table, or JSON with --json); stderr carries progress,
// prompts and errors.
import type { Readable, Writable } from 'node:stream';
import { printableText } from '../shared/printable.js';
import { redact } from '../shared/redaction/redact.js';

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** True when stdin is a terminal: secrets may then be prompted for (no echo). */
  readonly interactive: boolean;
  /** True when stderr is a terminal: a spinner may be drawn there. */
  readonly stderrIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}

/**
 * Every line the command writes passes through redact() (a token that slipped into a message is still blanked) and
 * printableText() (a server-supplied string cannot drive the terminal). Callers put a server-supplied string that
 * could hold a line break on a line of its own through printableLine() first (table() does, for its cells).
 */
export function out(io: CliIo, text: string): void {
  io.stdout.write(`${printableText(redact(text))}\n`);
}

export function note(io: CliIo, text: string): void {
  io.stderr.write(`${printableText(redact(text))}\n`);
}
