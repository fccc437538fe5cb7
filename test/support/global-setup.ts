// Builds the Lambda bundle once so integration tests exercise the artifact as built for deployment.
import { existsSync } from 'node:fs';

export default async function setup(): Promise<void> {
  if (!existsSync('functions/rotate.ts')) return;
  const { buildLambda } = await import('../../scripts/build.mjs');
  await buildLambda();
}
