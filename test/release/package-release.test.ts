// The release artifacts (scripts/package-release.mjs, run by .github/workflows/release.yml): the version checks that
// gate a tag, the Lambda zip laid out as `sam build` lays out the function, and the packaged template that points at it.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { yamlParse } from 'yaml-cfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changelogSection, checkVersion, packageRelease, versions } from '../../scripts/package-release.mjs';
import { readJson, repoRoot } from '../template/template-files.js';

const zipMissing = spawnSync('zip', ['-v'], { stdio: 'ignore' }).status !== 0;
const unzipMissing = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0;
if (zipMissing || unzipMissing) {
  console.warn('WARNING: zip/unzip are not installed: the release packaging tests are SKIPPED (CI has them).');
}

describe('release version checks', () => {
  const version = (readJson('package.json') as { version: string }).version;

  it('package.json and template.yaml SemanticVersion agree (a release also needs its CHANGELOG.md section)', () => {
    expect(versions()).toEqual({ package: version, template: version });
    const problems = checkVersion(`v${version}`);
    expect(problems.filter((problem) => !problem.startsWith('CHANGELOG.md'))).toEqual([]);
  });

  it('refuses a tag that is not vMAJOR.MINOR.PATCH, or that nothing else names', () => {
    expect(checkVersion('v1')).toEqual(['tag v1 is not vMAJOR.MINOR.PATCH']);
    expect(checkVersion('1.2.3')).toHaveLength(1);
    const problems = checkVersion('v99.0.0');
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/package\.json.*SemanticVersion.*CHANGELOG/s);
  });

  it('reads a CHANGELOG section up to the next one, without link references', () => {
    const text = '# C\n\n## [Unreleased]\n\n- next\n\n## [1.0.0] - 2026-01-01\n\n### Added\n\n- one\n\n[1.0.0]: https://x\n';
    expect(changelogSection('1.0.0', text)).toBe('### Added\n\n- one');
    expect(changelogSection('Unreleased', text)).toBe('- next');
    expect(changelogSection('2.0.0', text)).toBeUndefined();
  });
});

describe.skipIf(zipMissing || unzipMissing)('release artifacts', () => {
  let out: string;
  let second: string;
  let result: Awaited<ReturnType<typeof packageRelease>>;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'vault-release-'));
    second = mkdtempSync(join(tmpdir(), 'vault-release-'));
    result = await packageRelease(out);
    await packageRelease(second);
  });
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
  });

  const zipName = () => `vault-api-token-lambda-${result.version}.zip`;
  const templateName = () => `vault-api-token-${result.version}.template.yaml`;

  it('zips the function directory as sam build lays it out: rotate.cjs at the root, with the licences', () => {
    const listing = execFileSync('unzip', ['-Z1', join(out, zipName())], { encoding: 'utf8' });
    expect(listing.trim().split('\n').sort()).toEqual(['LICENSE', 'THIRD_PARTY_LICENSES.txt', 'rotate.cjs']);
  });

  it('the zipped rotate.cjs exports the handler template.yaml names (rotate.handler)', () => {
    const bundle = join(out, 'RotationFunction', 'rotate.cjs');
    const unzipped = execFileSync('unzip', ['-p', join(out, zipName()), 'rotate.cjs']);
    expect(unzipped.equals(readFileSync(bundle))).toBe(true);
    const loaded = createRequire(import.meta.url)(bundle) as { handler?: unknown };
    expect(typeof loaded.handler).toBe('function');
  });

  it('is reproducible: two runs give byte-identical zips and templates', () => {
    for (const name of [zipName(), templateName()]) {
      expect(readFileSync(join(second, name)).equals(readFileSync(join(out, name)))).toBe(true);
    }
  });

  it('the packaged template points the function at the zip and carries no build metadata', () => {
    const template = yamlParse(readFileSync(join(out, templateName()), 'utf8')) as {
      Metadata?: Record<string, unknown>;
      Resources: Record<string, { Properties: Record<string, unknown>; Metadata?: unknown }>;
    };
    const fn = template.Resources.RotationFunction!;
    expect(fn.Properties.CodeUri).toBe(zipName());
    expect(fn.Properties.Handler).toBe('rotate.handler');
    expect(fn.Metadata).toBeUndefined();
    expect(template.Metadata?.['AWS::ServerlessRepo::Application']).toBeUndefined();
  });

  it('lists every asset in SHA256SUMS with its digest', () => {
    const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums.length).toBeGreaterThan(0);
    for (const line of sums) {
      const [digest, name] = line.split(/ +/);
      expect(createHash('sha256').update(readFileSync(join(out, name!))).digest('hex')).toBe(digest);
    }
  });

  // `sha256sum -c SHA256SUMS` in a directory of the downloaded release assets must pass: SHA256SUMS names exactly the
  // files release.yml's `gh release create` uploads (its globs expanded in the output directory), SHA256SUMS aside.
  it('SHA256SUMS names exactly the assets release.yml uploads, and the upload includes SHA256SUMS', () => {
    const uploaded = releaseUploadPatterns().flatMap((pattern) => expandIn(out, pattern));
    expect(uploaded).toContain('SHA256SUMS');
    const summed = readFileSync(join(out, 'SHA256SUMS'), 'utf8').trim().split('\n').map((line) => line.split(/ +/)[1]);
    expect([...summed].sort()).toEqual(uploaded.filter((name) => name !== 'SHA256SUMS').sort());
    expect(result.assets.map((file) => file.slice(out.length + 1)).sort()).toEqual([...uploaded].sort());
  });
});

/** The file arguments of the `gh release create` command in release.yml, relative to build/release/. */
function releaseUploadPatterns(): string[] {
  const workflow = parseYaml(readFileSync(join(repoRoot, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    jobs: Record<string, { steps?: { run?: string }[] }>;
  };
  const command = Object.values(workflow.jobs)
    .flatMap((job) => job.steps ?? [])
    .map((step) => step.run ?? '')
    .find((run) => run.includes('gh release create'));
  expect(command).toBeDefined();
  const words = command!.replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean);
  const patterns = words.filter((word, index) => word.startsWith('build/release/') && words[index - 1] !== '--notes-file');
  expect(patterns.length).toBeGreaterThan(0);
  return patterns.map((word) => word.slice('build/release/'.length));
}

/** The files of `dir` a shell glob (only `*`) matches. */
function expandIn(dir: string, pattern: string): string[] {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  const matches = readdirSync(dir).filter((name) => regex.test(name) && statSync(join(dir, name)).isFile());
  expect(matches, `release.yml uploads build/release/${pattern}, which matches nothing`).not.toEqual([]);
  return matches;
}
