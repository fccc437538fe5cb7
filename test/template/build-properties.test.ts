// `sam build` and `npm run build` must produce the same Lambda bundle: template.yaml's Metadata.BuildProperties
// mirror scripts/build.mjs's lambdaBuildOptions, key by key.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../scripts/build.mjs';
import { functionLogicalId, isObject, loadTemplate, repoRoot, resourceOfType } from './template-files.js';

const template = loadTemplate();
const fn = resourceOfType(template, functionLogicalId, 'AWS::Serverless::Function');
const metadata = fn.Metadata ?? {};
const buildProperties = isObject(metadata.BuildProperties) ? metadata.BuildProperties : {};

/** Options SAM's esbuild builder always sets itself (--bundle --platform=node), so the template cannot carry them. */
const forcedBySam = { bundle: true, platform: 'node' } as const;
/** Options that change only comments and console chatter, not the code; the builder has no documented key for them. */
const localOnly = ['legalComments', 'logLevel'];
/** Script option → [BuildProperties key, the value it must have there]. */
const mirrored: Record<string, (options: typeof lambdaBuildOptions) => readonly [string, unknown]> = {
  entryPoints: (options) => ['EntryPoints', options.entryPoints],
  format: (options) => ['Format', options.format],
  target: (options) => ['Target', options.target],
  minify: (options) => ['Minify', options.minify],
  // The builder passes MainFields as esbuild's --main-fields, one comma-separated value.
  mainFields: (options) => ['MainFields', options.mainFields.join(',')],
  external: (options) => ['External', options.external],
  outExtension: (options) => [
    'OutExtension',
    Object.entries(options.outExtension).map(([from, to]) => `${from}=${to}`),
  ],
};

describe('Metadata.BuildProperties mirror lambdaBuildOptions', () => {
  it('uses the esbuild build method', () => {
    expect(metadata.BuildMethod).toBe('esbuild');
  });

  it('knows every option of the build script', () => {
    const known = [...Object.keys(forcedBySam), ...localOnly, ...Object.keys(mirrored)];
    const unknown = Object.keys(lambdaBuildOptions).filter((key) => !known.includes(key));
    expect(unknown, 'new lambdaBuildOptions keys: mirror them in template.yaml BuildProperties and here').toEqual([]);
  });

  it('relies on the options SAM forces being what the script sets', () => {
    expect(lambdaBuildOptions).toMatchObject(forcedBySam);
  });

  for (const [option, pick] of Object.entries(mirrored)) {
    it(`mirrors ${option}`, () => {
      const [property, expected] = pick(lambdaBuildOptions);
      expect(buildProperties[property]).toEqual(expected);
    });
  }

  it('sets no source map, like the script (a map would need kms:Encrypt for NODE_OPTIONS at deploy)', () => {
    expect(buildProperties.Sourcemap ?? false).toBe(false);
    expect('sourcemap' in lambdaBuildOptions).toBe(false);
  });

  it('points the handler at the bundle the entry point becomes', () => {
    const [entry] = lambdaBuildOptions.entryPoints;
    const bundleName = path.basename(entry!, path.extname(entry!));
    expect(fn.Properties?.Handler).toBe(`${bundleName}.handler`);
  });

  it('resolves the entry point inside CodeUri, where sam build runs esbuild', () => {
    const codeUri = String(fn.Properties?.CodeUri);
    for (const entry of buildProperties.EntryPoints as string[]) {
      const file = path.resolve(repoRoot, codeUri, entry);
      expect(file.startsWith(repoRoot), `${entry} escapes CodeUri`).toBe(true);
      expect(existsSync(file), `${file} does not exist`).toBe(true);
    }
    expect(existsSync(path.resolve(repoRoot, codeUri, 'package.json')), 'CodeUri needs the package.json').toBe(true);
  });
});
