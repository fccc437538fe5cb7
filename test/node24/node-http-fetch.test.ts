// The action's transport on the Node the action runs on (runs.using: node24): a kept-alive connection the server
// closed right after its answer is never written on, and each mint reaches the server exactly once. The same scenario
// runs on the test runner's Node in test/shared/node-http-fetch.test.ts.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { node24, node24Missing, requireNode24 } from '../support/node24.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('support/stale-connection.ts', import.meta.url));

describe.skipIf(node24Missing)(`nodeHttpFetch on Node 24 (${node24.version ?? 'absent'})`, () => {
  it('sends each mint once, on a new connection, after the server closed the pooled one', () => {
    const output = execFileSync(requireNode24(), ['--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    });
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { node: string; mode: string; ok: number; mintsSeen: number; failures: string[] });
    expect(lines.map((line) => line.mode)).toEqual(['half-close', 'full-close']);
    for (const line of lines) {
      expect(line.node.startsWith('v24.')).toBe(true);
      expect(line).toMatchObject({ ok: 10, mintsSeen: 10, failures: [] });
    }
  });
});
