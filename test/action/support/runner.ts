// The runner model (simulator/actions-runner/), bound to this repository's action: the tests run the committed
// bundles in action/dist exactly as a job would, through action.yml at the repository root (where `uses: owner/repo@v0`
// and the Marketplace look for it).

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { node24 } from '../../support/node24.js';
import {
  type ActionManifest,
  readActionManifest,
  runActionStage,
  type Stage,
  type StageOptions,
  type StageResult,
} from '../../../simulator/actions-runner/index.js';

export {
  type ActionManifest,
  CommandProcessor,
  splitLines,
  inputVariable,
  parseKeyValueFile,
  RUN_CONTEXT,
  type Stage,
  type StageOptions,
  type StageResult,
  unescapeCommandData,
} from '../../../simulator/actions-runner/index.js';

/**
 * The action under test: this repository's, or another checkout's (VAULT_TOKEN_ACTION_UNDER_TEST, the directory holding
 * its action.yml), e.g. to show that a new test fails on an older commit's bundles.
 */
const UNDER_TEST = process.env.VAULT_TOKEN_ACTION_UNDER_TEST || undefined;
/** The directory holding action.yml (the repository root); its runs.main and runs.post are relative to it. */
export const MANIFEST_DIR = UNDER_TEST ?? fileURLToPath(new URL('../../../', import.meta.url));
/** The action's sources and committed bundles: action/src, action/dist. */
export const ACTION_DIR = join(MANIFEST_DIR, 'action');

export function readManifest(): ActionManifest {
  return readActionManifest(MANIFEST_DIR);
}

/**
 * Runs one stage of the action under test on the Node its manifest names (runs.using: node24), as the runner does,
 * when a Node 24 is installed (tools/node24, or NODE24_PATH); else on the Node running the tests.
 */
export function runStage(stage: Stage, options: StageOptions = {}): Promise<StageResult> {
  return runActionStage(MANIFEST_DIR, stage, { ...(node24.path === undefined ? {} : { nodePath: node24.path }), ...options });
}
