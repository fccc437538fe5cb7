// THIRD_PARTY_LICENSES.txt for a bundle: every npm package esbuild put into it (from the build's metafile), with its
// version, its declared licence and the text of its licence file. The bundles are built with legalComments: 'none',
// so this file is where those notices travel. The output is deterministic (sorted, LF line endings, no dates or
// absolute paths) so the committed action/dist stays byte-identical to a fresh build.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const THIRD_PARTY_LICENSES_FILE = 'THIRD_PARTY_LICENSES.txt';

/** File names npm packages use for their licence and notice texts, in the order they are printed. */
const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;

/** The package directories (relative to `root`, e.g. node_modules/@smithy/core) the metafile's inputs came from. */
export function bundledPackageDirs(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const path = input.replaceAll('\\', '/');
    const at = path.lastIndexOf('node_modules/');
    if (at === -1) continue;
    const parts = path.slice(at + 'node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    dirs.add(`${path.slice(0, at)}node_modules/${name}`);
  }
  return [...dirs];
}

function normalise(text) {
  return `${text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim()}\n`;
}

function describePackage(root, dir) {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const license =
    typeof manifest.license === 'string'
      ? manifest.license
      : (manifest.license?.type ?? manifest.licenses?.map((entry) => entry.type).join(' OR ') ?? 'UNKNOWN');
  const files = readdirSync(join(root, dir))
    .filter((name) => LICENSE_FILE.test(name))
    .sort();
  const texts = files.map((name) => normalise(readFileSync(join(root, dir, name), 'utf8')));
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  return { name: manifest.name, version: manifest.version, license, repository, files, text: texts.join('\n') };
}

/**
 * For a package that ships no licence file: the standard text of its declared licence when we have it (Apache-2.0,
 * from the repository's own LICENSE), or a line saying there is none.
 */
function fallbackText(root, license) {
  const note = `(The package ships no licence file; it declares ${license}.`;
  if (license === 'Apache-2.0') {
    return `${note} The Apache License 2.0 text follows.)\n\n${normalise(readFileSync(join(root, 'LICENSE'), 'utf8'))}`;
  }
  return `${note})\n`;
}

/**
 * The licence file's text for a build. Packages whose licence files are word-for-word the same share one copy of
 * the text (the AWS SDK's many packages carry the same Apache-2.0 file).
 */
export function thirdPartyLicenses(root, metafiles, bundleName) {
  const byKey = new Map();
  for (const metafile of metafiles) {
    for (const dir of bundledPackageDirs(metafile)) {
      if (!existsSync(join(root, dir, 'package.json'))) continue;
      const info = describePackage(root, dir);
      byKey.set(`${info.name}@${info.version}`, info);
    }
  }
  // Code-unit order, not localeCompare: the same on every machine.
  const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const packages = [...byKey.values()].sort((a, b) => order(a.name, b.name) || order(a.version, b.version));
  const groups = new Map();
  for (const info of packages) {
    const key = info.text || fallbackText(root, info.license);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(info);
  }
  const rule = '='.repeat(78);
  const out = [
    `Third-party software in ${bundleName}`,
    '',
    'This bundle is part of vault-api-token (Apache-2.0; see LICENSE in the repository). It contains code from the',
    `${packages.length} npm packages below, each listed with its version, its declared licence and its own licence`,
    'text. Packages whose licence texts are identical share one copy.',
    '',
  ];
  for (const [text, members] of groups) {
    out.push(rule);
    for (const info of members) {
      const from = info.repository ? ` (${info.repository.replace(/^git\+/, '')})` : '';
      out.push(`${info.name} ${info.version}: ${info.license}${from}`);
    }
    out.push(rule, '');
    out.push(text);
  }
  return `${out.join('\n').trimEnd()}\n`;
}
