// The operator's command (`vault-api-token`, cli/) run inside the demo's process, as `npx vault-api-token …` would run
// it: same code, same flags, its secret on stdin, its output quoted line by line under the current step (so the
// self-check scans it too). In process rather than as a child, to keep the demo fast.
import { Readable, Writable } from 'node:stream';
import { runCli } from '../cli/program.js';
import type { Narrator } from './narrator.js';

export interface OperatorRun {
  readonly code: number;
  readonly stdout: string;
}

export async function runOperatorCli(
  narrator: Narrator,
  argv: readonly string[],
  options: { readonly stdin?: string; readonly quoteStdout?: boolean } = {},
): Promise<OperatorRun> {
  narrator.say(`$ vault-api-token ${argv.join(' ')}${options.stdin === undefined ? '' : ' < (the token, on stdin)'}`);
  let stdout = '';
  const quoting = (keep: boolean) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        const text = chunk.toString();
        if (keep) stdout += text;
        if (!keep || options.quoteStdout !== false) {
          for (const line of text.split('\n')) if (line.trim() !== '') narrator.quote(line);
        }
        done();
      },
    });
  const code = await runCli(argv, {
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdout: quoting(true),
    stderr: quoting(false),
    interactive: false,
    stderrIsTTY: false,
    env: process.env,
  });
  return { code, stdout };
}
