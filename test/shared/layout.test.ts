// The layout docs/development.md describes, pinned: adapters import shared/, never the reverse and never each other;
// no import circle in product code (type-only imports count); no folder holds more than 16 source files directly; no
// two sibling files differ only by a plural. Read from the sources' import lines; nothing is run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** Folders checked: every adapter's source and shared/. */
const PRODUCT = ['functions', 'shared', 'cli', 'action/src'];
const SOURCE = /\.(ts|mts)$/;

function sourcesUnder(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path);
    }
  };
  walk(join(ROOT, folder));
  return out;
}

/** Relative imports of a file, resolved to files (type-only ones included). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\s*\(?\s*['"](\.[^'"]+)['"]/g),
  ].map((m) => (m[1] ?? m[2]) as string);
  // Source files only: the CLI reads its own package.json for --version, which is data, not another area's code.
  return specs.map((spec) => resolve(dirname(file), spec).replace(/\.m?js$/, '.ts')).filter((target) => SOURCE.test(target));
}

const files = PRODUCT.flatMap(sourcesUnder);
const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => target !== file)]));
const area = (file: string) => relative(ROOT, file).split('/')[0] ?? '';

describe('the layout', () => {
  it('shared/ imports no adapter, and no adapter imports another', () => {
    const allowed: Record<string, string[]> = {
      shared: ['shared'],
      functions: ['functions', 'shared'],
      cli: ['cli', 'shared'],
      action: ['action', 'shared'],
    };
    const wrong = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => !(allowed[area(file)] ?? []).includes(area(target)))
        .map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`),
    );
    expect(wrong).toEqual([]);
  });

  it('has no import circle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]) => {
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) {
        if (!graph.has(target)) continue;
        if (state.get(target) === 'open') {
          circles.push([...path.slice(path.indexOf(target)), target].map((f) => relative(ROOT, f)).join(' -> '));
        } else if (!state.has(target)) visit(target, [...path, target]);
      }
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file, [file]);
    expect(circles).toEqual([]);
  });

  it('holds at most 16 source files in any folder, and no siblings that differ only by a plural', () => {
    const byFolder = new Map<string, string[]>();
    for (const file of files) byFolder.set(dirname(file), [...(byFolder.get(dirname(file)) ?? []), file]);
    for (const [folder, inside] of byFolder) {
      expect(inside.length, relative(ROOT, folder)).toBeLessThanOrEqual(16);
      const stems = inside.map((file) => file.replace(SOURCE, ''));
      const plurals = stems.filter((stem) => stems.includes(`${stem}s`) || stems.includes(`${stem}es`));
      expect(plurals, relative(ROOT, folder)).toEqual([]);
    }
  });
});
