// The CLI as users run it: a child process that prints its URL and a bootstrap token, serves, and stops on a signal.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../simulator/vault/cli-args.js';

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', ...args], { cwd: process.cwd() });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return { child, out: () => stdout, err: () => stderr };
}

/** Resolves once `pattern` appears on stdout; rejects (without echoing the output, which holds credentials) on exit. */
async function waitFor(cli: ReturnType<typeof startCli>, pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 300; i += 1) {
    const match = pattern.exec(cli.out());
    if (match) return match;
    if (cli.child.exitCode !== null)
      throw new Error(`CLI exited with ${cli.child.exitCode} before printing ${pattern}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`CLI did not print ${pattern}`);
}

describe('vault-simulator CLI', () => {
  it('prints its URL, user, password and a working token, serves, and exits 0 on SIGTERM', async () => {
    const cli = startCli(['--port', '0', '--max-expiry-days', '30', '--page-size', '5']);
    const url = (await waitFor(cli, /listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    const token = (await waitFor(cli, /Bootstrap token:\s+(veeva-vault-\S+)/))[1]!;
    expect(cli.out()).toMatch(/Bootstrap user name:\s+\S+@\S+/);
    expect(cli.out()).toMatch(/Bootstrap password:\s+\S+/);

    const response = await fetch(`${url}/api/v26.2/objects/users/me`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { responseStatus: string };
    expect(body.responseStatus).toBe('SUCCESS');
    await waitFor(cli, /GET \/api\/v26\.2\/objects\/users\/me -> 200 SUCCESS/);

    const exited = once(cli.child, 'exit');
    cli.child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it.each([
    [['--port', 'abc'], /--port/],
    [['--host', '0.0.0.0'], /loopback/],
    [['--bogus'], /bogus/],
    [['--page-size', '0'], /--page-size/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const cli = startCli(args);
    const [code] = await once(cli.child, 'exit');
    expect(code).toBe(2);
    expect(cli.err()).toMatch(message);
    expect(cli.err()).toMatch(/Usage:/);
  });
});

describe('parseCliArgs', () => {
  it('applies defaults and reads every flag', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: {
        host: '127.0.0.1',
        port: 8080,
        maxExpiryDays: undefined,
        allowNonExpiring: false,
        pageSize: undefined,
        rejectedTokenAnswer: 'envelope',
      },
    });
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--host',
        'localhost',
        '--max-expiry-days',
        '7',
        '--allow-non-expiring',
        '--page-size',
        '10',
        '--rejected-token-answer',
        'http-401',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        host: '127.0.0.1',
        port: 0,
        maxExpiryDays: 7,
        allowNonExpiring: true,
        pageSize: 10,
        rejectedTokenAnswer: 'http-401',
      },
    });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it('refuses bad values naming the flag', () => {
    for (const [args, flag] of [
      [['--port', '70000'], '--port'],
      [['--port', '-1'], '--port'],
      [['--max-expiry-days', '0'], '--max-expiry-days'],
      [['--page-size', '1001'], '--page-size'],
      [['--host', '10.0.0.1'], '--host'],
      [['--host', '::1'], '--host'],
      [['--rejected-token-answer', '401'], '--rejected-token-answer'],
    ] as const) {
      const parsed = parseCliArgs(args);
      expect(parsed.kind).toBe('error');
      expect(parsed.kind === 'error' ? parsed.message : '').toContain(flag);
    }
  });
});
