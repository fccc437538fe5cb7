// cli/dist is committed (docs/development.md says why) and is what `vault-api-token` runs: it must be exactly what
// scripts/build.mjs makes from the current source, and it must run with nothing but node, as after
// `npm ci --omit=dev` (no tsx, no esbuild) or from a copy with no node_modules at all.
// Fix a failure with `npm run build -- cli` and commit cli/dist.

import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildCli } from '../../scripts/build.mjs';
import { startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { compareWithFreshBuild } from '../support/committed-build.js';

const CLI = fileURLToPath(new URL('../../cli/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);

describe('cli/dist', () => {
  it('is byte-identical to a fresh build with the same options', async () => {
    const { committed, fresh, differing } = await compareWithFreshBuild(join(CLI, 'dist'), (outdir) => buildCli(outdir));
    expect(fresh).toContain('main.mjs');
    expect(fresh).toContain('THIRD_PARTY_LICENSES.txt');
    expect(committed, 'rebuild with `npm run build -- cli` and commit cli/dist').toEqual(fresh);
    expect(differing, 'rebuild with `npm run build -- cli` and commit cli/dist').toEqual([]);
  });

  it('is what package.json\'s bin runs, with plain node', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ 'vault-api-token': 'cli/bin.mjs' });
    const bin = readFileSync(join(CLI, 'bin.mjs'), 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(bin.split('\n').filter((line) => /^\s*import\b/.test(line))).toEqual(["import './dist/main.mjs';"]);
  });

  it('needs nothing from node_modules: a copy of cli/bin.mjs and cli/dist alone prints the help and calls AWS', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'vault-cli-alone-'));
    const sm = await startSecretsManagerStandIn();
    try {
      cpSync(join(CLI, 'bin.mjs'), join(copy, 'cli', 'bin.mjs'));
      cpSync(join(CLI, 'dist'), join(copy, 'cli', 'dist'), { recursive: true });
      const bin = join(copy, 'cli', 'bin.mjs');
      const { stdout } = await execFileAsync(process.execPath, [bin, '--help'], { cwd: copy });
      expect(stdout).toMatch(/^Usage: vault-api-token \[options\] \[command\]/);
      expect(stdout).toMatch(/bootstrap .*\n.*status .*\n.*audit /s);
      // A command loads the chunks with the AWS SDK and its credential chain.
      const status = await execFileAsync(process.execPath, [bin, 'status', '--secret-id', 'cli/alone', '--no-vault'], {
        cwd: copy,
        env: { PATH: process.env.PATH, ...sm.env() },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(status.code).toBe(1);
      expect(status.stderr).toMatch(/ResourceNotFoundException/);
    } finally {
      await sm.close();
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
