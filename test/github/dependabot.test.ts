// .github/dependabot.yml against a schema of Dependabot's documented version 2 options (test/github/fixtures; written
// for this repository, see its $comment), plus what the repository needs of it: npm (root and tools/node24) and
// github-actions, each pointing at a directory that has what the ecosystem reads.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../template/template-files.js';

interface Update {
  'package-ecosystem': string;
  directory: string;
}

const schema = JSON.parse(readFileSync(new URL('fixtures/dependabot-v2.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv.default({ allErrors: true, allowUnionTypes: true });
const validate = ajv.compile(schema);
const config = parseYaml(readFileSync(join(repoRoot, '.github', 'dependabot.yml'), 'utf8')) as { updates: Update[] };

describe('.github/dependabot.yml', () => {
  it('is valid against the Dependabot v2 options schema', () => {
    const valid = validate(config);
    expect(ajv.errorsText(validate.errors)).toBe('No errors');
    expect(valid).toBe(true);
  });

  it('the schema refuses a misspelt key and an unknown interval (so a pass means something)', () => {
    const broken = structuredClone(config) as unknown as { updates: Record<string, unknown>[] };
    broken.updates[0]!.schedul = broken.updates[0]!.schedule;
    expect(validate(broken)).toBe(false);
    const badInterval = structuredClone(config) as unknown as { updates: { schedule: { interval: string } }[] };
    badInterval.updates[0]!.schedule.interval = 'hourly';
    expect(validate(badInterval)).toBe(false);
  });

  it('updates npm in the root and tools/node24, and the GitHub Actions, from directories that exist', () => {
    const entries = config.updates.map((update) => `${update['package-ecosystem']} ${update.directory}`);
    expect(entries).toEqual(['npm /', 'npm /tools/node24', 'github-actions /']);
    for (const update of config.updates.filter((u) => u['package-ecosystem'] === 'npm')) {
      expect(existsSync(join(repoRoot, update.directory, 'package-lock.json'))).toBe(true);
    }
    expect(existsSync(join(repoRoot, '.github', 'workflows'))).toBe(true);
  });
});
