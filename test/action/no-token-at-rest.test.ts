// SECURITY.md "Never stored": the action keeps the minted token only in the job — the masked `token` output and the
// step state post needs to revoke it — and never writes it (or the parent credential) anywhere else: not to the
// GITHUB_ENV / GITHUB_PATH / summary files, not to a file in the step's temp or working directory, not to HOME, and
// not into an environment variable for later steps. The bundles run as the runner runs them; a small wrapper around
// node points TMPDIR at the step's directory and copies that directory before the runner model deletes it, so every
// file the step left behind is searched. Assertions name files and keys, never print a value.

import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runStage, type StageResult } from './support/runner.js';
import { mintedTokens, PINNED_CLOCK, useVault } from './support/vault.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'vat-at-rest-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

/**
 * A `node` that runs the real one with TMPDIR in the step's directory, then copies that directory to `snapshot`. A
 * Node script, not a shell one: sh drops the runner's INPUT_VAULT-DNS-style variables (not shell identifiers).
 */
function snapshottingNode(snapshot: string): string {
  const path = join(work, 'node-wrapper.cjs');
  writeFileSync(
    path,
    [
      `#!${process.execPath}`,
      "const { spawnSync } = require('node:child_process');",
      "const { cpSync } = require('node:fs');",
      "const { basename, join } = require('node:path');",
      'const dir = process.cwd();',
      'const env = { ...process.env, TMPDIR: dir, TMP: dir, TEMP: dir };',
      "const run = spawnSync(process.execPath, process.argv.slice(2), { env, stdio: 'inherit' });",
      `cpSync(dir, join(${JSON.stringify(snapshot)}, basename(dir)), { recursive: true });`,
      'process.exit(run.status ?? 1);',
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (statSync(path).isFile()) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** The files (relative to `dir`, as `<step dir>/<file>`) whose bytes contain `value`. */
function filesHolding(dir: string, value: string): string[] {
  return filesUnder(dir)
    .filter((path) => readFileSync(path).includes(value))
    .map((path) => relative(dir, path).replace(/^vault-action-(main|post)-[^/]+/, '$1'));
}

const keysHolding = (record: Readonly<Record<string, string>>, value: string) =>
  Object.entries(record)
    .filter(([, item]) => item.includes(value))
    .map(([key]) => key);

describe('the action writes no token to disk or to environment variables', () => {
  const vault = useVault();

  it.each(['access-token', 'password'] as const)(
    'with a parent %s: the token is only in the `token` output and post’s state; the parent credential nowhere',
    async (source) => {
      const sim = vault();
      const snapshot = join(work, 'steps');
      const home = join(work, 'home');
      for (const dir of [snapshot, home]) mkdirSync(dir);
      const credential: Record<string, string> =
        source === 'access-token'
          ? { 'access-token': sim.bootstrapToken }
          : { username: sim.bootstrapUser.userName, password: sim.bootstrapUser.password };
      const parent = source === 'access-token' ? sim.bootstrapToken : sim.bootstrapUser.password;
      const inputs = { 'vault-dns': sim.url, ...credential };
      const options = { inputs, env: { HOME: home }, preload: PINNED_CLOCK, nodePath: snapshottingNode(snapshot) };

      const main = await runStage('main', options);
      expect(main.failed).toBe(false);
      const token = main.outputs.token ?? '';
      expect(token.startsWith('veeva-vault-')).toBe(true);
      const post = await runStage('post', { ...options, state: main.state });
      expect(post.failed).toBe(false);
      expect(mintedTokens(sim, { activeOnly: true }), 'post revoked it').toEqual([]);

      const fileCommands = (result: StageResult) => ({
        outputs: keysHolding(result.outputs, token),
        state: keysHolding(result.state, token),
        env: keysHolding(result.exportedEnv, token),
        path: result.path.filter((line) => line.includes(token)).length,
        summary: result.summary.includes(token),
      });
      expect(fileCommands(main)).toEqual({ outputs: ['token'], state: ['token'], env: [], path: 0, summary: false });
      expect(fileCommands(post)).toEqual({ outputs: [], state: [], env: [], path: 0, summary: false });
      // Every file either step left in its directory (temp files included) or in HOME: only the output and state files.
      expect(filesUnder(snapshot).length, 'the wrapper copied both step directories').toBeGreaterThanOrEqual(10);
      expect(filesHolding(snapshot, token)).toEqual(['main/save_state', 'main/set_output']);
      expect(filesHolding(home, token)).toEqual([]);
      // The parent credential is not kept after the main step: in no file, no output, no state.
      expect(filesHolding(snapshot, parent)).toEqual([]);
      expect(filesHolding(home, parent)).toEqual([]);
      // No workflow command that would set an environment variable (the runner refuses ::set-env, but it must not be tried).
      expect([...main.stdout, ...post.stdout].filter((line) => line.startsWith('::set-env'))).toEqual([]);
    },
  );

  it('the action’s code imports no file system module, exports no variable and assigns no environment variable', () => {
    const root = fileURLToPath(new URL('../../action/src/', import.meta.url));
    const offenders: string[] = [];
    for (const path of filesUnder(root).filter((file) => file.endsWith('.ts'))) {
      const source = readFileSync(path, 'utf8');
      if (/from\s+['"](node:)?fs(\/promises)?['"]|require\(\s*['"](node:)?fs/.test(source)) offenders.push(`${path}: fs`);
      if (/\bexportVariable\b|\baddPath\b/.test(source)) offenders.push(`${path}: exportVariable/addPath`);
      if (/process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)/.test(source)) offenders.push(`${path}: process.env assignment`);
    }
    expect(offenders).toEqual([]);
  });
});
