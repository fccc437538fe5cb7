// The shipped shape: action.yml (at the repository root) as issue 4 specifies it, and a main bundle that does not load
// the AWS SDK unless aws-secret-id is used (the SDK sits in a chunk reached only through a dynamic import).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_DIR, MANIFEST_DIR, readManifest } from './support/runner.js';

const INPUTS = [
  'vault-dns',
  'api-version',
  'oauth-profile-id',
  'oauth-token-url',
  'oauth-client-id',
  'oauth-scope',
  'oauth-audience',
  'vault-login-url',
  'access-token',
  'username',
  'password',
  'aws-secret-id',
  'user-id',
  'sandbox',
  'expires-in',
  'token-name',
  'revoke',
  'retry-max-attempts',
  'client-id',
];
const BOOLEAN_INPUTS = ['revoke'];
const OUTPUTS = ['token', 'token-id', 'expires-at', 'user-id', 'vault-dns'];
/** Strings only the AWS SDK's own code carries (its user agent and its HTTP layer). */
const AWS_SDK_MARKERS = [/aws-sdk-js/, /@smithy\//, /x-amz-/i];

describe('action.yml', () => {
  const manifest = readManifest() as ReturnType<typeof readManifest> & Record<string, unknown>;

  it('runs the committed ESM bundles on node24', () => {
    expect(manifest.runs).toEqual({ using: 'node24', main: 'action/dist/main.mjs', post: 'action/dist/post.mjs' });
    expect(existsSync(join(MANIFEST_DIR, manifest.runs.main))).toBe(true);
    expect(existsSync(join(MANIFEST_DIR, manifest.runs.post))).toBe(true);
  });

  it('is the one metadata file, at the repository root (uses: owner/repo@v1 and the Marketplace need it there)', () => {
    expect(existsSync(join(MANIFEST_DIR, 'action.yml'))).toBe(true);
    for (const stray of ['action.yaml', 'action/action.yml', 'action/action.yaml']) {
      expect({ stray, exists: existsSync(join(MANIFEST_DIR, stray)) }).toEqual({ stray, exists: false });
    }
  });

  it('has a name, description, author and branding', () => {
    for (const key of ['name', 'description', 'author']) expect(manifest[key]).toEqual(expect.any(String));
    expect(manifest.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
  });

  it('declares exactly the kebab-case inputs of issues 4 and 19, each described', () => {
    expect(Object.keys(manifest.inputs)).toEqual(INPUTS);
    for (const spec of Object.values(manifest.inputs) as { description?: string; required?: boolean }[]) {
      expect(spec.description).toEqual(expect.any(String));
      // The runner does not enforce `required`; the code validates, so the manifest must not pretend.
      expect(spec.required).not.toBe(true);
    }
  });

  it('gives every boolean input a default (getBooleanInput throws on an empty value) and the documented defaults', () => {
    for (const name of BOOLEAN_INPUTS) expect(['true', 'false']).toContain(manifest.inputs[name]?.default);
    expect(manifest.inputs['api-version']?.default).toBe('v26.2');
    expect(manifest.inputs['expires-in']?.default).toBe('1h');
    expect(manifest.inputs.revoke?.default).toBe('true');
  });

  it('declares the five outputs', () => {
    expect(Object.keys(manifest.outputs)).toEqual(OUTPUTS);
  });

  it('reads every declared input in code', () => {
    const source = readFileSync(join(ACTION_DIR, 'src/inputs/read-inputs.ts'), 'utf8');
    for (const name of INPUTS) expect(source).toContain(`'${name}'`);
  });
});

describe('bundles', () => {
  const dist = join(ACTION_DIR, 'dist');

  it('main.mjs and everything it imports statically are free of the AWS SDK', () => {
    const loaded = staticClosure(join(dist, 'main.mjs'));
    expect(loaded.length).toBeGreaterThan(1);
    for (const file of loaded) {
      const code = readFileSync(file, 'utf8');
      for (const marker of AWS_SDK_MARKERS) expect({ file, sdk: marker.test(code) }).toEqual({ file, sdk: false });
    }
  });

  it('the SDK is in the build, in a chunk reached only by a dynamic import (so the check above means something)', () => {
    const chunks = readdirSync(join(dist, 'chunks')).map((name) => join(dist, 'chunks', name));
    const withSdk = chunks.filter((file) => AWS_SDK_MARKERS[0]?.test(readFileSync(file, 'utf8')));
    expect(withSdk.length).toBeGreaterThan(0);
    const dynamicTargets = chunks.flatMap((file) => importsOf(file).dynamic);
    expect(withSdk.some((file) => dynamicTargets.includes(file))).toBe(true);
  });

  it('read no test knob: the action\'s clock and retry waits cannot be set through the job\'s environment', () => {
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(2);
    for (const entry of files) {
      const file = join(entry.parentPath, entry.name);
      expect({ file, knob: readFileSync(file, 'utf8').includes('VAULT_TOKEN_ACTION_TEST_') }).toEqual({ file, knob: false });
    }
  });

  it('hold no JOSE library: the OAuth sign-in only fetches the ID token and forwards it, it never signs or verifies', () => {
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    for (const entry of files) {
      const file = join(entry.parentPath, entry.name);
      // jose's error codes (ERR_JOSE_GENERIC, ERR_JWS_INVALID, …) are string literals that minifying keeps.
      expect({ file, jose: /ERR_JOSE_|ERR_JWS_|ERR_JWT_/.test(readFileSync(file, 'utf8')) }).toEqual({ file, jose: false });
    }
  });

  it('post.mjs and its static imports are free of the AWS SDK too', () => {
    for (const file of staticClosure(join(dist, 'post.mjs'))) {
      expect(AWS_SDK_MARKERS.some((marker) => marker.test(readFileSync(file, 'utf8')))).toBe(false);
    }
  });
});

/** Every file loaded at startup: the entry plus its static imports, transitively. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of importsOf(file).static) visit(next);
  };
  visit(entry);
  return [...seen];
}

function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const code = readFileSync(file, 'utf8');
  const resolve = (specifier: string) => join(dirname(file), specifier);
  // esbuild's minified ESM: `import{a as b}from"./x.mjs"`, `import"./x.mjs"`, `import("./x.mjs")`.
  const fromImports = [...code.matchAll(/\bfrom\s*"(\.[^"]+)"/g)].map((m) => resolve(m[1] ?? ''));
  const bareImports = [...code.matchAll(/\bimport\s*"(\.[^"]+)"/g)].map((m) => resolve(m[1] ?? ''));
  const dynamic = [...code.matchAll(/\bimport\(\s*"(\.[^"]+)"\s*\)/g)].map((m) => resolve(m[1] ?? ''));
  return { static: [...fromImports, ...bareImports], dynamic };
}
