// The function's concurrency bound (RotationConcurrency → ReservedConcurrentExecutions, docs/fleet.md "Sizing the
// concurrency bound"), and that the fleet benchmark measures the function with the bound and memory the template sets.
import { describe, expect, it } from 'vitest';
import { templateFacts } from '../../bench/fleet/template-facts.js';
import { functionLogicalId, loadTemplate, resourceOfType, templatePath } from './template-files.js';

const template = loadTemplate();
const fn = resourceOfType(template, functionLogicalId, 'AWS::Serverless::Function');
const parameter = template.Parameters.RotationConcurrency ?? {};

describe('the concurrency bound', () => {
  it('is a Number parameter the function reserves as its concurrency', () => {
    expect(fn.Properties?.ReservedConcurrentExecutions).toEqual({ Ref: 'RotationConcurrency' });
    expect(parameter.Type).toBe('Number');
  });

  it('never goes below 10 (Secrets Manager loops below that) and stays far from the account\'s 1,000', () => {
    const allowed = parameter.AllowedValues as number[];
    expect(Math.min(...allowed)).toBe(10);
    expect(Math.max(...allowed)).toBeLessThanOrEqual(100);
    expect(allowed).toContain(parameter.Default);
  });

  it('defaults to 10: at most 10 Secrets Manager writes in flight, far below 50 per second', () => {
    expect(parameter.Default).toBe(10);
  });

  it('is what the fleet benchmark runs with, at the template\'s memory size', () => {
    expect(templateFacts(templatePath)).toEqual({ concurrency: parameter.Default, memoryMb: fn.Properties?.MemorySize });
  });
});
