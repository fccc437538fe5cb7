// An ESM bundle's cost at start-up: the entry plus every chunk it imports statically, transitively. Chunks reached
// only through import() load when the code asks for them (the action's AWS SDK chunk), so they are counted apart.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface EsmClosure {
  /** The entry and its static imports, transitively. */
  readonly staticFiles: readonly string[];
  readonly staticBytes: number;
  /** Reached only through import(): loaded lazily, if ever. */
  readonly lazyFiles: readonly string[];
  readonly lazyBytes: number;
}

// esbuild's minified output: `import{a as b}from"./chunks/x.mjs"`, `import"./chunks/y.mjs"`, `import("./z.mjs")`.
const STATIC_IMPORT = /\bimport\s*(?:[\w$*{},\s]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
const EXPORT_FROM = /\bexport\s*(?:\*|\{[^}]*\})\s*from\s*["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

export function esmClosure(entry: string): EsmClosure {
  const staticFiles = walk([entry], (file) => [...specifiers(file, STATIC_IMPORT), ...specifiers(file, EXPORT_FROM)]);
  const dynamicRoots = staticFiles.flatMap((file) => specifiers(file, DYNAMIC_IMPORT));
  const everything = walk(dynamicRoots, (file) => [
    ...specifiers(file, STATIC_IMPORT),
    ...specifiers(file, EXPORT_FROM),
    ...specifiers(file, DYNAMIC_IMPORT),
  ]);
  const lazyFiles = everything.filter((file) => !staticFiles.includes(file));
  return { staticFiles, staticBytes: bytesOf(staticFiles), lazyFiles, lazyBytes: bytesOf(lazyFiles) };
}

function walk(roots: readonly string[], next: (file: string) => string[]): string[] {
  const seen: string[] = [];
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.includes(file)) continue;
    seen.push(file);
    queue.push(...next(file));
  }
  return seen;
}

function specifiers(file: string, pattern: RegExp): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(pattern)].map((match) => resolve(dirname(file), match[1] as string));
}

function bytesOf(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + statSync(file).size, 0);
}
