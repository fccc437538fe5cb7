// template.yaml's AWS::ServerlessRepo::Application metadata, so `sam publish` can put the rotator in the Serverless
// Application Repository: the keys SAR needs, within SAR's documented limits, and in step with package.json.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isObject, loadTemplate, readJson, repoRoot } from './template-files.js';

const template = loadTemplate();
const metadata = isObject(template.Metadata) ? template.Metadata : {};
const app = isObject(metadata['AWS::ServerlessRepo::Application']) ? metadata['AWS::ServerlessRepo::Application'] : {};
const pkg = readJson('package.json') as { version: string; license: string };

describe('Metadata AWS::ServerlessRepo::Application', () => {
  it('has every key a published application shows', () => {
    for (const key of [
      'Name',
      'Description',
      'Author',
      'SpdxLicenseId',
      'LicenseUrl',
      'ReadmeUrl',
      'Labels',
      'HomePageUrl',
      'SemanticVersion',
      'SourceCodeUrl',
    ]) {
      expect({ key, present: app[key] !== undefined }).toEqual({ key, present: true });
    }
  });

  it('stays within SAR limits for the name, author, description and labels', () => {
    expect(app.Name).toMatch(/^[A-Za-z0-9-]{1,140}$/);
    expect(app.Author).toMatch(/^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$/);
    expect(String(app.Author).length).toBeLessThanOrEqual(127);
    expect(String(app.Description).length).toBeLessThanOrEqual(256);
    const labels = app.Labels as string[];
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.length).toBeLessThanOrEqual(10);
    for (const label of labels) expect(label).toMatch(/^[a-zA-Z0-9+\-_:/@]{1,127}$/);
  });

  it('names the licence package.json declares, and files that exist (sam package uploads them)', () => {
    expect(app.SpdxLicenseId).toBe(pkg.license);
    for (const key of ['LicenseUrl', 'ReadmeUrl']) {
      expect(existsSync(path.join(repoRoot, String(app[key])))).toBe(true);
    }
  });

  it('has the version package.json has, and https URLs', () => {
    expect(String(app.SemanticVersion)).toBe(pkg.version);
    expect(app.HomePageUrl).toMatch(/^https:\/\//);
    expect(app.SourceCodeUrl).toMatch(/^https:\/\//);
  });
});
