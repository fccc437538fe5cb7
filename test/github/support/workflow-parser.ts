// Loads GitHub's @actions/workflow-parser for the tests. Its ESM build imports its JSON schemas without import
// attributes, which Node refuses, so it is bundled once per test file with esbuild (which reads JSON imports) into a
// temporary directory and imported from there. The code is the package's own, unchanged.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { repoRoot } from '../../template/template-files.js';

type Parser = typeof import('@actions/workflow-parser');
type ActionParser = typeof import('@actions/workflow-parser/actions/action-parser');

export interface WorkflowParser {
  readonly parseWorkflow: Parser['parseWorkflow'];
  readonly convertWorkflowTemplate: Parser['convertWorkflowTemplate'];
  readonly NoOperationTraceWriter: Parser['NoOperationTraceWriter'];
  readonly parseAction: ActionParser['parseAction'];
}

export async function loadWorkflowParser(): Promise<WorkflowParser> {
  const dist = join(repoRoot, 'node_modules', '@actions', 'workflow-parser', 'dist');
  const out = mkdtempSync(join(tmpdir(), 'workflow-parser-'));
  try {
    await build({
      entryPoints: { index: join(dist, 'index.js'), action: join(dist, 'actions', 'action-parser.js') },
      absWorkingDir: repoRoot,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      outdir: out,
      outExtension: { '.js': '.mjs' },
      logLevel: 'error',
    });
    const parser = (await import(pathToFileURL(join(out, 'index.mjs')).href)) as Parser;
    const action = (await import(pathToFileURL(join(out, 'action.mjs')).href)) as ActionParser;
    return {
      parseWorkflow: parser.parseWorkflow,
      convertWorkflowTemplate: parser.convertWorkflowTemplate,
      NoOperationTraceWriter: parser.NoOperationTraceWriter,
      parseAction: action.parseAction,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
