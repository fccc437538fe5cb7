// `npm start`: the whole product end to end on loopback, narrated. Exit 0 when every step worked and the self-check
// found no secret in the output; 1 otherwise, with the reason on the last lines.
import { redact } from '../shared/redaction/redact.js';
import { parseDemoArgs } from './args.js';
import { runDemo } from './demo.js';
import { runOAuthDemo } from './oauth-demo.js';
import { createNarrator, terminalWriter } from './narrator.js';
import { selfCheck } from './self-check.js';
import { createTokenWatch } from './token-watch.js';

const startedAt = Date.now();
const narrator = createNarrator(terminalWriter());
const watch = createTokenWatch();
const heldBack: string[] = [];

let failure: string | undefined;
try {
  const args = parseDemoArgs(process.argv.slice(2));
  await (args.oauth ? runOAuthDemo : runDemo)(args, { narrator, watch, heldBack });
} catch (error) {
  failure = redact(error instanceof Error ? error.message : String(error));
}
if (failure !== undefined) {
  narrator.plain('');
  narrator.plain(`DEMO FAILED: ${failure}`);
}
const clean = selfCheck(narrator, watch, heldBack);
const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
narrator.plain(failure === undefined && clean ? `Demo finished in ${seconds} s.` : `Demo failed after ${seconds} s.`);
// Explicit: an SDK keep-alive socket must not keep a finished demo waiting. Writes to a pipe or file are synchronous.
process.exit(failure === undefined && clean ? 0 : 1);
