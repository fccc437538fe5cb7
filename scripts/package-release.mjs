// Release artifacts (the release workflow attaches them to the GitHub release; CONTRIBUTING.md describes the release):
//
//   node scripts/package-release.mjs --check-version v1.2.3   the tag must equal package.json's version, template.yaml's
//                                                             SemanticVersion, and have a CHANGELOG.md section
//   node scripts/package-release.mjs [--out build/release]    writes, for version V of package.json:
//     vault-api-token-lambda-V.zip   the Lambda deployment package as `sam build` lays out the function's directory
//                                    (rotate.cjs at the root, so Handler rotate.handler finds it), plus LICENSE and
//                                    THIRD_PARTY_LICENSES.txt
//     vault-api-token-V.template.yaml  template.yaml with the function's CodeUri pointing at that zip and its build
//                                    metadata removed (as sam build writes it): ready for `sam package`/`sam deploy`
//                                    or `aws cloudformation package`, which upload the zip (without the
//                                    Serverless Application Repository metadata, whose files are the repository's)
//     SHA256SUMS                     of the two files above: exactly the other assets release.yml uploads, so
//                                    `sha256sum -c SHA256SUMS` passes in a directory of the downloaded assets
//     RELEASE_NOTES.md               the version's CHANGELOG.md section: the release's notes (--notes-file), not an
//                                    uploaded asset, so not in SHA256SUMS
//
// The zip is reproducible: fixed file order and timestamps, no extra attributes (needs the `zip` command).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yamlDump, yamlParse } from 'yaml-cfn';
import { buildLambda } from './build.mjs';
import { THIRD_PARTY_LICENSES_FILE } from './third-party-licenses.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const FUNCTION_ID = 'RotationFunction';
/** 1980-01-02, the earliest time a zip entry can hold in every time zone. */
const FIXED_TIME = new Date('1980-01-02T00:00:00Z');

export function versions() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const template = yamlParse(readFileSync(join(root, 'template.yaml'), 'utf8'));
  const sar = template.Metadata?.['AWS::ServerlessRepo::Application']?.SemanticVersion;
  return { package: pkg, template: sar === undefined ? undefined : String(sar) };
}

/** The `## [V] - date` section of CHANGELOG.md, without its heading; undefined when there is none. */
export function changelogSection(version, text = readFileSync(join(root, 'CHANGELOG.md'), 'utf8')) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`## [${version}]`));
  if (start === -1) return undefined;
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines
    .slice(start + 1, end === -1 ? undefined : end)
    .filter((line) => !/^\[[^\]]+\]: /.test(line))
    .join('\n')
    .trim();
}

/** Problems with releasing `tag` (empty when it can be released). */
export function checkVersion(tag) {
  const problems = [];
  const match = /^v(\d+\.\d+\.\d+)$/.exec(tag);
  if (!match) return [`tag ${tag} is not vMAJOR.MINOR.PATCH`];
  const version = match[1];
  const found = versions();
  if (found.package !== version) problems.push(`package.json version is ${found.package}, the tag says ${version}`);
  if (found.template !== version) {
    problems.push(`template.yaml Metadata AWS::ServerlessRepo::Application SemanticVersion is ${found.template}, the tag says ${version}`);
  }
  if (!changelogSection(version)) problems.push(`CHANGELOG.md has no "## [${version}]" section`);
  return problems;
}

/** template.yaml as the packaged release template: CodeUri is the zip, the build metadata is gone. */
export function packagedTemplate(zipName) {
  const template = yamlParse(readFileSync(join(root, 'template.yaml'), 'utf8'));
  const fn = template.Resources?.[FUNCTION_ID];
  if (!fn) throw new Error(`template.yaml has no ${FUNCTION_ID}`);
  fn.Properties.CodeUri = zipName;
  delete fn.Metadata;
  // Its LicenseUrl and ReadmeUrl are files of the repository, not of the release: publish to the Serverless
  // Application Repository from a clone (docs/deploy.md), not from this template.
  delete template.Metadata?.['AWS::ServerlessRepo::Application'];
  if (template.Metadata && Object.keys(template.Metadata).length === 0) delete template.Metadata;
  const header = `# vault-api-token ${versions().package}: template.yaml with ${FUNCTION_ID}'s code in ${zipName}.\n`;
  return header + yamlDump(template).replace(/ +$/gm, '');
}

function zip(zipPath, dir, files) {
  for (const file of files) utimesSync(join(dir, file), FIXED_TIME, FIXED_TIME);
  rmSync(zipPath, { force: true });
  const result = spawnSync('zip', ['-X', '-q', '-D', zipPath, ...files], { cwd: dir, stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    throw new Error(`zip failed (${result.error?.message ?? `exit ${result.status}`}); is the zip command installed?`);
  }
}

export async function packageRelease(outDir = join(root, 'build', 'release')) {
  const out = resolve(root, outDir);
  const version = versions().package;
  rmSync(out, { recursive: true, force: true });
  const functionDir = join(out, FUNCTION_ID);
  await buildLambda(relative(root, functionDir));
  copyFileSync(join(root, 'LICENSE'), join(functionDir, 'LICENSE'));

  const zipName = `vault-api-token-lambda-${version}.zip`;
  zip(join(out, zipName), functionDir, ['LICENSE', THIRD_PARTY_LICENSES_FILE, 'rotate.cjs']);
  const templateName = `vault-api-token-${version}.template.yaml`;
  writeFileSync(join(out, templateName), packagedTemplate(zipName));
  writeFileSync(join(out, 'RELEASE_NOTES.md'), `${changelogSection(version) ?? 'See CHANGELOG.md.'}\n`);

  // Only what release.yml uploads (test/release/package-release.test.ts reads its upload step to check this).
  const assets = [zipName, templateName];
  const sums = assets.map((name) => `${createHash('sha256').update(readFileSync(join(out, name))).digest('hex')}  ${name}`);
  writeFileSync(join(out, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  return {
    out,
    version,
    /** The files to upload to the release. */
    assets: [...assets, 'SHA256SUMS'].map((name) => join(out, name)),
    notes: join(out, 'RELEASE_NOTES.md'),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--check-version');
  if (at !== -1) {
    const problems = checkVersion(args[at + 1] ?? '');
    for (const problem of problems) console.error(`::error::${problem}`);
    if (problems.length > 0) process.exit(1);
    console.log(`${args[at + 1]} matches package.json, template.yaml and CHANGELOG.md.`);
  } else {
    const outAt = args.indexOf('--out');
    const result = await packageRelease(outAt === -1 ? undefined : args[outAt + 1]);
    console.log(
      `vault-api-token ${result.version}:\n${result.assets.map((file) => `  ${basename(file)}`).join('\n')}\n` +
        `  (notes: ${basename(result.notes)})`,
    );
  }
}
