// The README and docs/ stay true to the repository: every relative link resolves to a file in it (nothing outside
// the clone), every #anchor names a heading of its target (GitHub's slugs), every `npm run <script>` they name is a
// script in package.json, and the deploy walk-through's commands keep the conventions docs/deploy.md promises.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../template/template-files.js';

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'CHANGELOG.md',
  'test/template/fixtures/README.md',
  ...readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
].filter((file) => existsSync(join(repoRoot, file)));

/** The pages a first deployment follows: they must agree on the stack name the bootstrap commands assume. */
const NEWCOMER_PATH = ['README.md', 'docs/deploy.md', 'docs/bootstrap.md'];

const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

/** The text outside fenced code blocks, with inline code blanked (links there are examples, not links). */
export function prose(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** Inline links and images: [text](target) and ![alt](target), target without an optional title. */
export function links(markdown: string): string[] {
  const found: string[] = [];
  for (const match of prose(markdown).matchAll(/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    found.push(match[1]!);
  }
  return found;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1, -2 … for repeats. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of withoutCode.matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const text = match[1]!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .trim()
      .toLowerCase();
    const slug = text.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) result.add(match[1]!);
  return result;
}

const EXTERNAL = /^(https?:|mailto:)/i;

describe('the link checker (so a pass means something)', () => {
  it('finds links outside code, and not inside it', () => {
    const text = 'See [a](a.md) and ![i](img.png "t").\n\n```sh\n[no](x.md)\n```\nand `[no](y.md)` [b](b.md#x)\n';
    expect(links(text)).toEqual(['a.md', 'img.png', 'b.md#x']);
  });

  it('makes GitHub’s anchors, repeats numbered', () => {
    const text = '# Deploy it\n## Recover a rotation stuck with `AWSPENDING`\n## Let (`aws-secret-id`) in\n## Deploy it\n';
    expect([...anchors(text)]).toEqual([
      'deploy-it',
      'recover-a-rotation-stuck-with-awspending',
      'let-aws-secret-id-in',
      'deploy-it-1',
    ]);
  });
});

describe.each(DOCS)('%s', (file) => {
  const markdown = read(file);

  it('has relative links that resolve inside the repository, and anchors that exist', () => {
    const broken: string[] = [];
    for (const target of links(markdown)) {
      if (EXTERNAL.test(target)) continue;
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const resolved = pathPart === '' ? join(repoRoot, file) : resolve(dirname(join(repoRoot, file)), decodeURI(pathPart));
      if (relative(repoRoot, resolved).startsWith('..')) {
        broken.push(`${target}: outside the repository`);
        continue;
      }
      if (!existsSync(resolved)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && anchor !== '' && statSync(resolved).isFile() && resolved.endsWith('.md')) {
        if (!anchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${target}: no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('names only npm scripts that package.json has', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const named = [...markdown.matchAll(/\bnpm run(?: -s| --silent)? ([a-z][\w:.-]*)/g)].map((match) => match[1]!);
    expect(named.filter((script) => !scripts.includes(script))).toEqual([]);
  });

  // The newcomer's path names one stack throughout; other pages (several stacks, say) may name others.
  if (NEWCOMER_PATH.includes(file)) {
    it('uses the stack name vault-api-token in every --stack-name', () => {
      const names = [...markdown.matchAll(/--stack-name[ =]("?)([^\s"`]+)\1/g)].map((match) => match[2]);
      expect(names.filter((name) => name !== 'vault-api-token')).toEqual([]);
    });
  }
});

describe('docs/deploy.md', () => {
  const deploy = read('docs/deploy.md');
  const local = deploy.slice(deploy.indexOf('## Try it locally'));

  it('names the stack, the overrides, the order, upgrade, uninstall and sam delete', () => {
    for (const needle of [
      '--stack-name vault-api-token',
      '--parameter-overrides',
      'RotatedSecretArns=',
      'SomethingToRotate',
      '## Upgrade',
      '## Uninstall',
      'sam delete --stack-name vault-api-token',
      'cancel-rotate-secret',
    ]) {
      expect({ needle, found: deploy.includes(needle) }).toEqual({ needle, found: true });
    }
  });

  it('passes --endpoint-url to every AWS CLI command of the local walk-through (AWS CLI before 2.13 ignores the variable)', () => {
    expect(local.length).toBeGreaterThan(100);
    const commands = [...local.matchAll(/^.*\baws (?:--[\w-]+ \S+ )*secretsmanager\b.*$/gm)].map((match) => match[0]);
    expect(commands.length).toBeGreaterThanOrEqual(3);
    expect(commands.filter((command) => !command.includes('--endpoint-url'))).toEqual([]);
  });
});
