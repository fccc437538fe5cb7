// The process entry of `vault-api-token`: scripts/build.mjs bundles it into cli/dist/main.mjs, which cli/bin.mjs runs.
import { processIo } from './io.js';
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), processIo());
// Explicit: an SDK keep-alive socket must not keep a finished command waiting.
process.exit(code);
