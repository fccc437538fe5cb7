// The runner's file commands (FileCommandManager.cs): the files a step writes its outputs, state, environment, path
// and summary to, and the runner's parser for them. Output is split into lines as .NET's StreamReader.ReadLine does.

import { join } from 'node:path';

/** Which runner OS to model for file-command parsing. Only Windows splits at CRLF. */
export type RunnerPlatform = 'linux' | 'windows';

export type FileCommandFiles = ReturnType<typeof fileCommandFiles>;

export function fileCommandFiles(dir: string) {
  return {
    GITHUB_OUTPUT: join(dir, 'set_output'),
    GITHUB_STATE: join(dir, 'save_state'),
    GITHUB_ENV: join(dir, 'set_env'),
    GITHUB_PATH: join(dir, 'add_path'),
    GITHUB_STEP_SUMMARY: join(dir, 'step_summary'),
  } as const;
}

/** .NET StreamReader.ReadLine / File.ReadAllLines: a line ends at \r\n, \r or \n; no empty last line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The runner's file-command parser (FileCommandManager.cs, EnvFileKeyValuePairs), line for line: `NAME=VALUE` when
 * `=` comes before any `<<`, else the heredoc `NAME<<DELIM` … `DELIM`. Lines end at `\n` only, so a `\r` stays in the
 * value (and a `DELIM\r` line is no delimiter); only the Windows runner also ends lines at `\r\n`. The first
 * malformed entry stops the file (the runner's enumerator throws) and fails the step; entries before it count.
 */
export function parseKeyValueFile(
  content: string,
  platform: RunnerPlatform = 'linux',
): { values: Record<string, string>; errors: string[] } {
  const values: Record<string, string> = {};
  let index = 0;
  const readLine = (): { line: string; newline: string | undefined } | undefined => {
    if (index >= content.length) return undefined;
    const start = index;
    const lf = content.indexOf('\n', index);
    if (lf < 0) {
      index = content.length;
      return { line: content.slice(start), newline: undefined };
    }
    if (platform === 'windows') {
      const crlf = content.indexOf('\r\n', index);
      if (crlf >= 0 && crlf < lf) {
        index = crlf + 2;
        return { line: content.slice(start, crlf), newline: '\r\n' };
      }
    }
    index = lf + 1;
    return { line: content.slice(start, lf), newline: '\n' };
  };
  try {
    for (let next = readLine(); next !== undefined; next = readLine()) {
      const { line } = next;
      if (line === '') continue;
      const equals = line.indexOf('=');
      const heredoc = line.indexOf('<<');
      if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
        // The runner checks the line, not the name, for emptiness: `=value` sets the key "".
        values[line.slice(0, equals)] = line.slice(equals + 1);
      } else if (heredoc >= 0 && (equals < 0 || heredoc < equals)) {
        const name = line.slice(0, heredoc);
        const delimiter = line.slice(heredoc + 2);
        if (name === '' || delimiter === '') {
          throw new Error(`Invalid format '${line}'. Name must not be empty and delimiter must not be empty`);
        }
        const startIndex = index;
        let endIndex = index;
        let value = readLine();
        while (value?.line !== delimiter) {
          if (value === undefined) throw new Error(`Invalid value. Matching delimiter not found '${delimiter}'`);
          if (value.newline === undefined) throw new Error('Invalid value. EOF marker missing new line.');
          endIndex = index - value.newline.length;
          value = readLine();
        }
        values[name] = endIndex > startIndex ? content.slice(startIndex, endIndex) : '';
      } else {
        throw new Error(`Invalid format '${line}'`);
      }
    }
  } catch (error) {
    return { values, errors: [(error as Error).message] };
  }
  return { values, errors: [] };
}
