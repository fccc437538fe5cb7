// The fenced code blocks of a Markdown page, with the marker comment that may precede each:
//   <!-- runs: NAME -->        a test runs this block against the stand-ins (NAME says which test)
//   <!-- needs: WHAT -->       it needs something the tests cannot have (aws-account, sam, github); checked statically
// Indented blocks (inside list items) count too: the indentation is removed from the body.

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  body: string;
  marker?: { kind: 'runs' | 'needs'; value: string };
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console']);

export function codeBlocks(markdown: string, file: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```|~~~)\s*([\w-]*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j]!.trim() !== fence; j++) {
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!);
    }
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const mark = k >= 0 ? /^\s*<!--\s*(runs|needs):\s*([\w-]+)\s*-->\s*$/.exec(lines[k]!) : null;
    blocks.push({
      file,
      line: i + 1,
      lang,
      body: body.join('\n') + '\n',
      ...(mark ? { marker: { kind: mark[1] as 'runs' | 'needs', value: mark[2]! } } : {}),
    });
    i = j;
  }
  return blocks;
}

export const isShell = (block: CodeBlock) => SHELL_LANGS.has(block.lang);

/** The one block marked `<!-- runs: name -->` in the page. */
export function runnableBlock(markdown: string, file: string, name: string): string {
  const found = codeBlocks(markdown, file).filter((block) => block.marker?.kind === 'runs' && block.marker.value === name);
  if (found.length !== 1) throw new Error(`${file}: expected one block marked "runs: ${name}", found ${found.length}`);
  return found[0]!.body;
}
