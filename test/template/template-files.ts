// Loads template.yaml and the files around it once per test file, and walks CloudFormation intrinsics so the tests
// can state invariants about the template as written (conditions included) rather than one resolved variant.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { yamlParse } from 'yaml-cfn';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const templatePath = path.join(repoRoot, 'template.yaml');
/** aws/serverless-application-model's schema, vendored as test data (fixtures/README.md says where from). */
export const samSchemaPath = path.join(repoRoot, 'test', 'template', 'fixtures', 'sam.schema.json');
export const SAM_SCHEMA_SHA256 = '18a02eee06fa707271eb41ccb95d88b38a4f288772466ab9f9c3e780b549a283';
export const functionLogicalId = 'RotationFunction';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Resource {
  readonly Type: string;
  readonly Properties?: JsonObject;
  readonly Metadata?: JsonObject;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
}

export interface Template {
  readonly Transform?: string | string[];
  readonly Parameters: Record<string, JsonObject>;
  readonly Conditions: Record<string, Json>;
  readonly Resources: Record<string, Resource>;
  readonly Outputs: Record<string, JsonObject>;
  readonly [section: string]: unknown;
}

export function loadTemplate(): Template {
  return yamlParse(readFileSync(templatePath, 'utf8')) as Template;
}

export function readJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(path.join(repoRoot, relativePath), 'utf8'));
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function resourceOfType(template: Template, logicalId: string, type: string): Resource {
  const resource = template.Resources[logicalId];
  if (resource?.Type !== type) throw new Error(`template.yaml: expected resource ${logicalId} of type ${type}`);
  return resource;
}

export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** A list element written as `!If [Cond, value, !Ref AWS::NoValue]`, seen as the value and the conditions guarding it. */
export interface Guarded<T> {
  readonly value: T;
  readonly conditions: readonly string[];
}

export function unwrapIf(element: Json, conditions: readonly string[] = []): Guarded<Json>[] {
  if (isObject(element) && Array.isArray(element['Fn::If'])) {
    const [condition, whenTrue, whenFalse] = element['Fn::If'] as [string, Json, Json];
    return [...unwrapIf(whenTrue, [...conditions, condition]), ...unwrapIf(whenFalse, conditions)].filter(
      (guarded) => !isNoValue(guarded.value),
    );
  }
  return [{ value: element, conditions }];
}

export function isNoValue(value: Json): boolean {
  return isObject(value) && value.Ref === 'AWS::NoValue';
}

/** Every `Ref`, `Fn::GetAtt` and `${Name}` in a `Fn::Sub` found anywhere inside a value. */
export function referencedNames(value: unknown): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, inner] of Object.entries(node)) {
      if (key === 'Ref' && typeof inner === 'string') names.push(inner);
      else if (key === 'Fn::GetAtt') names.push(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]!);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        // Names bound by the Sub's own variable map are local, not references.
        const local = Array.isArray(inner) && isObject(inner[1]) ? Object.keys(inner[1]) : [];
        for (const match of String(text).matchAll(/\$\{([A-Za-z0-9:]+)(?:\.[A-Za-z0-9.]+)?\}/g)) {
          if (!local.includes(match[1]!)) names.push(match[1]!);
        }
        if (Array.isArray(inner)) visit(inner[1]);
      } else visit(inner);
    }
  };
  visit(value);
  return names;
}

/** Every `Condition` name used by resources, outputs, `!If` and `!Condition`. */
export function usedConditionNames(template: Template): string[] {
  const names: string[] = [];
  const visit = (node: unknown, key?: string): void => {
    if (Array.isArray(node)) {
      if (key === 'Fn::If' && typeof node[0] === 'string') names.push(node[0]);
      for (const inner of node) visit(inner);
      return;
    }
    if (!isObject(node)) return;
    for (const [innerKey, inner] of Object.entries(node)) {
      if (innerKey === 'Condition' && typeof inner === 'string') names.push(inner);
      visit(inner, innerKey);
    }
  };
  visit({ Resources: template.Resources, Outputs: template.Outputs, Conditions: template.Conditions });
  return names;
}
