// Secrets come from stdin (--password-stdin, --token-stdin) or, when stdin is a terminal, from a prompt that echoes
// nothing. Never from a flag's value or the environment: those end up in shell history and the process list.
import password from '@inquirer/password';
import confirm from '@inquirer/confirm';
import { Secret } from '../shared/secret.js';
import { VAULT_TOKEN_PREFIX } from '../shared/tokens/prefix.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

const MAX_STDIN_BYTES = 64 * 1024;

/** The whole of stdin, less one trailing newline. */
export async function readStdinSecret(io: CliIo, flag: string): Promise<Secret> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new UsageError(flag, `expected one secret on stdin (got more than ${MAX_STDIN_BYTES} bytes)`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text.trim() === '') throw new UsageError(flag, 'expected the secret on stdin, got nothing');
  if (/[\r\n]/.test(text)) throw new UsageError(flag, 'expected one line on stdin');
  return new Secret(text);
}

export async function promptSecret(io: CliIo, message: string): Promise<Secret> {
  const value = await password(
    // No echo at all, and no ctrl+t "toggle visibility": it would print the secret in clear on the terminal.
    { message, mask: false, toggleMask: false, validate: (text) => (text.trim() === '' ? 'required' : true) },
    { input: io.stdin, output: io.stderr },
  );
  return new Secret(value);
}

export async function promptYesNo(io: CliIo, message: string, fallback: boolean): Promise<boolean> {
  return confirm({ message, default: fallback }, { input: io.stdin, output: io.stderr });
}

export function assertTokenShape(token: Secret, flag: string): Secret {
  if (!token.reveal().startsWith(VAULT_TOKEN_PREFIX)) {
    throw new UsageError(flag, `expected a Vault API access token (it starts with "${VAULT_TOKEN_PREFIX}")`);
  }
  return token;
}
