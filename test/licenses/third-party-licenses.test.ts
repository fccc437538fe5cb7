// The bundles drop licence comments (legalComments: 'none'), so THIRD_PARTY_LICENSES.txt next to each must name every
// npm package esbuild put into it, with its licence text, and only licences an adopter can ship without surprises.
// The committed copies in action/dist and cli/dist are also covered by their dist-fresh tests (part of the
// byte-identical build).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { actionBuildOptions, cliBuildOptions, lambdaBuildOptions } from '../../scripts/build.mjs';
import { bundledPackageDirs, THIRD_PARTY_LICENSES_FILE, thirdPartyLicenses } from '../../scripts/third-party-licenses.mjs';
import { repoRoot } from '../template/template-files.js';

/** Permissive licences; anything else needs a decision (and this list, updated with it). */
const ALLOWED = new Set(['MIT', 'MIT-0', 'Apache-2.0', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD']);

async function metafileOf(options: object): Promise<Metafile> {
  const result = await build({
    ...options,
    absWorkingDir: repoRoot,
    outdir: join(repoRoot, 'build', 'licence-check'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

interface PackageJson {
  name: string;
  version: string;
  license?: string;
}

const bundles = [
  { name: 'action/dist', options: actionBuildOptions, file: join(repoRoot, 'action', 'dist', THIRD_PARTY_LICENSES_FILE) },
  { name: 'cli/dist', options: cliBuildOptions, file: join(repoRoot, 'cli', 'dist', THIRD_PARTY_LICENSES_FILE) },
  // build/functions is built by test/support/global-setup.ts with the same code as `npm run build`.
  { name: 'the Lambda bundle', options: lambdaBuildOptions, file: join(repoRoot, 'build', 'functions', THIRD_PARTY_LICENSES_FILE) },
];

describe.each(bundles)('THIRD_PARTY_LICENSES.txt of $name', ({ options, file }) => {
  it('exists next to the bundle and lists every bundled package with its version and licence', async () => {
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    const dirs = bundledPackageDirs(await metafileOf(options));
    expect(dirs.length).toBeGreaterThan(5);
    for (const dir of dirs) {
      const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as PackageJson;
      expect(text).toContain(`\n${manifest.name} ${manifest.version}: ${manifest.license}`);
    }
  });

  it('carries licence texts, not only names (the copyright lines travel with them)', () => {
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/Permission is hereby granted, free of charge/);
    expect(text).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(text).toMatch(/Copyright/);
  });

  it('has only permissive licences', async () => {
    const dirs = bundledPackageDirs(await metafileOf(options));
    const licences = dirs.map((dir) => {
      const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as PackageJson;
      return { package: manifest.name, license: manifest.license };
    });
    expect(licences.filter((entry) => !ALLOWED.has(String(entry.license)))).toEqual([]);
  });

  it('is deterministic: the same inputs give the same bytes, with no absolute paths', async () => {
    const metafile = await metafileOf(options);
    const once = thirdPartyLicenses(repoRoot, [metafile], 'x');
    expect(thirdPartyLicenses(repoRoot, [metafile], 'x')).toBe(once);
    expect(once).not.toContain(repoRoot);
    expect(once).not.toContain('\r');
  });
});
