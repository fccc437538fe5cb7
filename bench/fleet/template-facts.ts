// What the fleet run takes from template.yaml, so it measures the function as deployed: the concurrency bound
// (RotationConcurrency's default → ReservedConcurrentExecutions) and MemorySize.
import { readFileSync } from 'node:fs';
import { yamlParse } from 'yaml-cfn';

export interface TemplateFacts {
  readonly concurrency: number;
  readonly memoryMb: number;
}

export function templateFacts(templatePath: string): TemplateFacts {
  const template = yamlParse(readFileSync(templatePath, 'utf8')) as {
    Parameters?: Record<string, { Default?: unknown }>;
    Resources?: Record<string, { Properties?: Record<string, unknown> }>;
  };
  const concurrency = Number(template.Parameters?.RotationConcurrency?.Default);
  const memoryMb = Number(template.Resources?.RotationFunction?.Properties?.MemorySize);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('template.yaml: no RotationConcurrency default');
  if (!Number.isInteger(memoryMb) || memoryMb < 128) throw new Error('template.yaml: no RotationFunction MemorySize');
  return { concurrency, memoryMb };
}
