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

export const ACTION_DIR = fileURLToPath(new URL('../../../action/', import.meta.url));

export function readManifest(): ActionManifest {
  return readActionManifest(ACTION_DIR);
}

export function runStage(stage: Stage, options: StageOptions = {}): Promise<StageResult> {
  return runActionStage(ACTION_DIR, stage, options);
}
