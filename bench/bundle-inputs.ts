// What a bundle is made of, from esbuild's metafile: output bytes per npm package (or per project folder), so a
// missed size or load-time goal can be traced to what costs it.
import type { Metafile } from 'esbuild';

export interface InputShare {
  /** An npm package (`@aws-sdk/client-secrets-manager`) or a project folder (`functions/`, `shared/`). */
  readonly name: string;
  readonly bytes: number;
}

export function sharesByPackage(metafile: Metafile): InputShare[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = ownerOf(path);
      totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function ownerOf(path: string): string {
  const normalised = path.replaceAll('\\', '/');
  // The innermost node_modules names the package that owns the file.
  const owner = [...normalised.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1)?.[1];
  if (owner !== undefined) return owner;
  const folder = normalised.split('/')[0] ?? normalised;
  return normalised.includes('/') ? `${folder}/` : normalised;
}

/** Packages in `ours` that the reference does not carry at all, largest first: the extra cost of the bundle. */
export function extraShares(ours: readonly InputShare[], reference: readonly InputShare[]): InputShare[] {
  const inReference = new Set(reference.map((share) => share.name));
  return ours.filter((share) => !inReference.has(share.name));
}
