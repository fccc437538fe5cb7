// Captures what this process writes to stdout and stderr while a Lambda runs in it (Powertools Logger writes its JSON
// lines there), so the demo and the tests can keep the lines out of view and prove no secret is in them.

export interface OutputCapture {
  readonly text: () => string;
  /** Parsed JSON log lines (non-JSON writes are skipped). */
  readonly lines: () => Record<string, unknown>[];
  readonly clear: () => void;
  readonly restore: () => void;
}

export function captureOutput(): OutputCapture {
  const chunks: string[] = [];
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (chunk: unknown, ...rest: unknown[]): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  return {
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim().startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    clear: () => {
      chunks.length = 0;
    },
    restore: () => {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
    },
  };
}

/** Runs `work` with output captured, then appends the non-empty lines to `sink`. */
export async function capturingOutput<T>(sink: string[], work: () => Promise<T>): Promise<T> {
  const capture = captureOutput();
  try {
    return await work();
  } finally {
    capture.restore();
    for (const line of capture.text().split('\n')) if (line.trim() !== '') sink.push(line);
  }
}
