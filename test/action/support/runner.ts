// The runner model (simulator/actions-runner.ts), bound to this repository's action: the tests run the committed
// bundles in action/ exactly as a job would.

import { fileURLToPath } from 'node:url';
import {
  type ActionManifest,
  readActionManifest,
  runActionStage,
  type Stage,
  type StageOptions,
  type StageResult,
} from '../../../simulator/actions-runner.js';

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
} from '../../../simulator/actions-runner.js';

/**
 * The action under test: this repository's, or another checkout's `action/` (VAULT_TOKEN_ACTION_UNDER_TEST), e.g. to
 * show that a new test fails on an older commit's bundles.
 */
export const ACTION_DIR =
  process.env.VAULT_TOKEN_ACTION_UNDER_TEST || fileURLToPath(new URL('../../../action/', import.meta.url));

export function readManifest(): ActionManifest {
  return readActionManifest(ACTION_DIR);
}

export function runStage(stage: Stage, options: StageOptions = {}): Promise<StageResult> {
  return runActionStage(ACTION_DIR, stage, options);
}
