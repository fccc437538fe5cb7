// Error names survive minification: `sam build`'s esbuild renames classes (no keep-names option), so a name read
// from `this.constructor.name` becomes `Te` or `ma` in the deployed bundle. Build shared/errors.ts minified, the way
// a bundler without keep-names would, and check every class still reports its literal name.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type ErrorsModule = typeof import('../../shared/errors.js');

let dir: string;
let minified: ErrorsModule;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'error-names-'));
  const outfile = join(dir, 'errors.mjs');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../shared/errors.ts', import.meta.url))],
    bundle: true,
    minify: true,
    keepNames: false,
    format: 'esm',
    platform: 'node',
    write: false,
  });
  writeFileSync(outfile, result.outputFiles[0]!.text);
  minified = (await import(pathToFileURL(outfile).href)) as ErrorsModule;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('error class names in a minified bundle', () => {
  it('every shared error reports its own literal name', () => {
    const m = minified;
    const api = {
      operation: 'listTokens' as const,
      message: 'm',
      type: 'INVALID_DATA',
      responseStatus: 'FAILURE',
      httpStatus: 200,
      executionId: undefined,
      errors: [],
      retryable: false,
    };
    const cases: [Error, string][] = [
      [new m.VaultConfigError('vaultDns', 'bad'), 'VaultConfigError'],
      [new m.VaultApiError(api), 'VaultApiError'],
      [new m.VaultTransportError({ operation: 'auth', message: 'm', reason: 'network' }), 'VaultTransportError'],
      [new m.VaultAbortedError('auth', 'm'), 'VaultAbortedError'],
      [new m.VaultAuthDefaultingError('a.example.com', 'b.example.com'), 'VaultAuthDefaultingError'],
      [new m.VaultUserMismatchError('1', '2'), 'VaultUserMismatchError'],
      [new m.VaultMintOutcomeUnknownError('n', new Error('x')), 'VaultMintOutcomeUnknownError'],
    ];
    // The bundle really was minified: the class bindings lost their names.
    expect(cases.some(([error, name]) => error.constructor.name !== name)).toBe(true);
    for (const [error, name] of cases) {
      expect(error.name).toBe(name);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('every exported error class declares its own name, so a new class cannot silently inherit one', () => {
    const classes = Object.entries(minified).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
    ) as [string, { prototype: Error }][];
    expect(classes.length).toBeGreaterThanOrEqual(8);
    for (const [exported, cls] of classes) {
      expect(Object.hasOwn(cls.prototype, 'name'), exported).toBe(true);
      expect(Object.getOwnPropertyDescriptor(cls.prototype, 'name')?.get?.call(undefined), exported).toBe(exported);
    }
  });

  it('the name is not an own enumerable property, so JSON and inspect output stay as before', () => {
    const error = new minified.VaultConfigError('vaultDns', 'bad');
    expect(Object.keys(error)).not.toContain('name');
  });
});
