// commander's own argument errors (unknown option, unknown command, excess arguments, invalid choice) quote what was
// typed; an operator who types a password or token into the wrong place must not see it echoed to stderr (or a CI
// log). Run in process with memory streams, so the property can try many argument lists quickly.
import { Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { runCli as spawnCli } from './support.js';

async function inProcess(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (into: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        into(chunk.toString());
        done();
      },
    });
  const code = await runCli(argv, {
    stdin: Readable.from([]),
    stdout: sink((t) => (stdout += t)),
    stderr: sink((t) => (stderr += t)),
    interactive: false,
    stderrIsTTY: false,
    env: {},
  });
  return { code, stdout, stderr };
}

const boot = ['bootstrap', '--secret-name', 'x', '--vault-dns', 'v.veevavault.com'];

describe('commander argument errors never quote a value', () => {
  it.each([
    ['an unknown --password=VALUE', [...boot, '--password=hunter2'], 'hunter2', /unknown option '--password'/],
    ['an unknown --token=TOKEN', [...boot, '--token=veeva-vault-abcDEF123'], 'abcDEF123', /unknown option '--token'/],
    ['a token as the command', ['veeva-vault-SECRET123'], 'SECRET123', /unknown command/],
    ['a password as the command', ['Hunter2!pw'], 'Hunter2!pw', /unknown command/],
    ['a password as an excess argument', [...boot, 'Hunter2!pw'], 'Hunter2!pw', /too many arguments/],
    ['a password as a bad choice', [...boot, '--revoke-previous', 'Hunter2!pw'], 'Hunter2!pw', /--revoke-previous.*Allowed choices/],
    ['a password glued to a short option', [...boot, '-pHunter2!pw'], 'Hunter2!pw', /unknown option '-p'/],
  ])('%s', async (_title, argv, secret, message) => {
    const run = await inProcess(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr + run.stdout).not.toContain(secret);
  });

  it('the real process does not print --password=hunter2 either', async () => {
    const run = await spawnCli([...boot, '--password=hunter2'], { env: {}, secrets: ['hunter2'] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--password'/);
  });

  it('for any argv with a secret-like value after = or as a positional, stderr never contains it', async () => {
    // A first character other than '-': `--abc` typed alone is an option name, and is named as one.
    const secret = fc.stringMatching(/^[A-Za-z0-9!#%&*+./:;?@^_~][A-Za-z0-9!#%&*+./:;?@^_~-]{5,39}$/);
    const flag = fc.constantFrom('--password', '--token', '--secret', '--access-token', '--pw', '-p', '--username', '--tag');
    const place = fc.oneof(
      fc.tuple(flag, secret).map(([f, s]) => ({ args: [`${f}=${s}`], secret: s })),
      secret.map((s) => ({ args: [s], secret: s })),
      secret.map((s) => ({ args: [`-p${s}`], secret: s })),
    );
    const command = fc.constantFrom<string[]>([], boot, ['status'], ['audit', '--vault-dns', 'v.veevavault.com']);
    await fc.assert(
      fc.asyncProperty(command, place, fc.boolean(), async (head, { args, secret: value }, before) => {
        const argv = before ? [...args, ...head] : [...head, ...args];
        const run = await inProcess(argv);
        // Some lists are valid (e.g. a positional that happens to name a command): only what is printed matters.
        expect(run.stderr).not.toContain(value);
      }),
      { numRuns: 150 },
    );
  });
});
