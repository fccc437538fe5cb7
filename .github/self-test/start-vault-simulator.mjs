// CI self-test, step 1: starts the Vault simulator (`npm run vault-simulator`) on loopback in the background, waits for
// its banner, and hands the job its origin and bootstrap token as step outputs (the token masked first). The
// simulator keeps running for the rest of the job; the runner ends it with the job's other orphan processes.
// Works on Linux, macOS and Windows runners. test/github/self-test.test.ts runs it too.

import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIMEOUT_MS = 120_000;
const root = new URL('../..', import.meta.url);
const logDir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'vault-simulator-'));
const logFile = join(logDir, 'vault-simulator.log');
const log = openSync(logFile, 'a');

// shell: npm is npm.cmd on Windows. --port 0: any free port; the banner says which.
const child = spawn('npm run -s vault-simulator -- --host 127.0.0.1 --port 0', {
  cwd: root,
  shell: true,
  detached: true,
  stdio: ['ignore', log, log],
  windowsHide: true,
});
child.unref();
closeSync(log);

const started = Date.now();
let banner;
while (Date.now() - started < TIMEOUT_MS) {
  const text = readFileSync(logFile, 'utf8');
  const url = /listening on (http:\/\/\S+)/.exec(text)?.[1];
  const token = /Bootstrap token:\s+(\S+)/.exec(text)?.[1];
  const password = /Bootstrap password:\s+(\S+)/.exec(text)?.[1];
  if (url && token && password && /Bootstrap token id:/.test(text)) {
    banner = { url, token, password };
    break;
  }
  if (child.exitCode !== null) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
if (!banner) {
  console.error(`::error::the Vault simulator did not start within ${TIMEOUT_MS / 1000} s; its output:`);
  console.error(readFileSync(logFile, 'utf8').replace(/(Bootstrap (?:token|password):\s+)\S+/g, '$1<redacted>'));
  process.exit(1);
}

// Mask before anything else can print them (the log step prints the banner); they open only this loopback simulator.
console.log(`::add-mask::${banner.token}`);
console.log(`::add-mask::${banner.password}`);
const outputs = [`vault-dns=${banner.url}`, `bootstrap-token=${banner.token}`, `log=${logFile}`, `pid=${child.pid}`];
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${outputs.join('\n')}\n`);
else console.log(outputs.filter((line) => !line.startsWith('bootstrap-token=')).join('\n'));
console.log(`Vault simulator listening on ${banner.url} (pid ${child.pid}); log: ${logFile}`);
