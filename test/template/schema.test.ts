// template.yaml against the official SAM schema (draft-04), compiled once for this file. The schema checks SAM
// resources strictly and only the Type of plain CloudFormation ones; cfn-lint.test.ts covers the rest.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionLogicalId, loadTemplate, SAM_SCHEMA_SHA256, samSchemaPath, type Template } from './template-files.js';

type Validate = (data: unknown) => { valid: boolean; errors: string };

function compileSamSchema(): Validate {
  // The schema annotates properties with SAM's own keywords; declare them so strict mode stays on for the rest.
  const ajv = new AjvDraft04.default({ allErrors: true, strictTypes: false, strictTuples: false });
  ajv.addKeyword('markdownDescription');
  ajv.addKeyword('__samPassThrough');
  const validate = ajv.compile(JSON.parse(readFileSync(samSchemaPath, 'utf8')));
  return (data) => {
    const valid = validate(data) as boolean;
    return { valid, errors: ajv.errorsText(validate.errors, { separator: '\n' }) };
  };
}

describe('the vendored SAM schema (test/template/fixtures)', () => {
  it('is the copy its README describes (update both together)', () => {
    const digest = createHash('sha256').update(readFileSync(samSchemaPath)).digest('hex');
    expect(digest).toBe(SAM_SCHEMA_SHA256);
    expect(readFileSync(new URL('fixtures/README.md', import.meta.url), 'utf8')).toContain(SAM_SCHEMA_SHA256);
  });
});

describe('template.yaml against sam.schema.json', () => {
  let validate: Validate;
  let template: Template;

  beforeAll(() => {
    validate = compileSamSchema();
    template = loadTemplate();
  });

  it('is valid', () => {
    const result = validate(template);
    expect(result.errors, 'schema errors').toBe('No errors');
    expect(result.valid).toBe(true);
  });

  it('rejects a misspelt function property, so a pass means something', () => {
    const broken = structuredClone(template) as unknown as {
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    const properties = broken.Resources[functionLogicalId]!.Properties;
    properties.Handlr = properties.Handler;
    delete properties.Handler;
    const result = validate(broken);
    expect(result.valid).toBe(false);
    expect(result.errors).toMatch(/additional properties/);
  });
});
