// The runner model (simulator/actions-runner.ts), bound to this repository's action: the tests run the committed
// bundles in action/dist exactly as a job would, through action.yml at the repository root (where `uses: owner/repo@v1`
// and the Marketplace look for it).

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
  inputVariable,
  parseKeyValueFile,
  RUN_CONTEXT,
  type Stage,
  type StageOptions,
  type StageResult,
  unescapeCommandData,
} from '../../../simulator/actions-runner.js';

/** The action's sources and committed bundles: action/src, action/dist. */
export const ACTION_DIR = fileURLToPath(new URL('../../../action/', import.meta.url));
/** The directory holding action.yml (the repository root); its runs.main and runs.post are relative to it. */
export const MANIFEST_DIR = fileURLToPath(new URL('../../../', import.meta.url));

export function readManifest(): ActionManifest {
  return readActionManifest(MANIFEST_DIR);
}

export function runStage(stage: Stage, options: StageOptions = {}): Promise<StageResult> {
  return runActionStage(MANIFEST_DIR, stage, options);
}
