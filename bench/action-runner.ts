// Starts an action bundle the way the GitHub Actions runner does: node on the entry file with no shell, every input
// declared in action.yml as INPUT_<NAME> (its value, its default, or ''), and fresh file-command files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { baseEnv, type NodeRun, runNode } from './node-process.js';
import { ROOT } from './paths.js';

interface ActionManifest {
  readonly inputs: Record<string, { readonly default?: string }>;
}

const manifest = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionManifest;

export interface ActionRun extends NodeRun {
  /** The GITHUB_OUTPUT file's content after the run. */
  readonly outputFile: string;
}

let runCounter = 0;

export async function runActionEntry(
  entry: string,
  inputs: Readonly<Record<string, string>>,
  scratchDir: string,
  node?: string,
): Promise<ActionRun> {
  runCounter += 1;
  const dir = mkdtempSync(join(scratchDir, 'job-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  const env: Record<string, string> = {
    ...baseEnv(),
    ...files,
    ...inputEnv(inputs),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: dir,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    // A new run each time, so a token name derived from it never repeats.
    GITHUB_RUN_ID: String(4_200_000_000 + runCounter),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'bench',
    GITHUB_WORKFLOW: 'bench',
    GITHUB_ACTION: '__octo-org_vault-api-token',
  };
  // The runner creates each file-command file before the step starts.
  for (const file of Object.values(files)) writeFileSync(file, '');
  const run = await runNode([entry], env, dir, node);
  return { ...run, outputFile: readFileSync(files.GITHUB_OUTPUT, 'utf8') };
}

function inputEnv(inputs: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(manifest.inputs)) {
    env[`INPUT_${name.replaceAll(' ', '_').toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  }
  return env;
}
