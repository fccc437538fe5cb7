// Holds back what this process writes to stdout and stderr while the Lambda runs in it: Powertools Logger writes its
// JSON lines there. The demo keeps the lines (to count them and prove they hold no token) instead of showing them.

export async function capturingOutput<T>(sink: string[], run: () => Promise<T>): Promise<T> {
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    for (const line of text.split('\n')) if (line.trim() !== '') sink.push(line);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    return await run();
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
}
