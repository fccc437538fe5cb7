// How the command signs in to Vault: an API token or a user name and password, each read from stdin or prompted for
// (no echo) when stdin is a terminal. Decided from the flags before anything is read or sent.
import { registerSecretValue } from '../shared/redaction/redact.js';
import type { VaultCredentials } from '../shared/types.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { assertTokenShape, promptSecret, readStdinSecret } from './secret-input.js';

export interface CredentialFlags {
  readonly username?: string | undefined;
  readonly passwordStdin?: boolean | undefined;
  readonly tokenStdin?: boolean | undefined;
  readonly yes?: boolean | undefined;
}

export type CredentialSource =
  | { readonly kind: 'token'; readonly from: 'stdin' | 'prompt' }
  | { readonly kind: 'password'; readonly username: string; readonly from: 'stdin' | 'prompt' };

const HOW = 'give --token-stdin, or --username U with --password-stdin (or run in a terminal to be asked)';

export function credentialSource(flags: CredentialFlags, io: CliIo): CredentialSource {
  if (flags.passwordStdin && flags.tokenStdin) {
    throw new UsageError('--password-stdin', 'cannot be combined with --token-stdin: stdin carries one secret');
  }
  const username = flags.username?.trim();
  if (flags.username !== undefined && username === '') throw new UsageError('--username', 'expected a Vault user name');
  if (flags.tokenStdin && username !== undefined) {
    throw new UsageError('--username', 'is for password sign-in; with --token-stdin the token says who you are');
  }
  if (flags.passwordStdin) {
    if (username === undefined) throw new UsageError('--username', 'required with --password-stdin');
    return { kind: 'password', username, from: 'stdin' };
  }
  if (flags.tokenStdin) return { kind: 'token', from: 'stdin' };
  if (!io.interactive || flags.yes) {
    throw new UsageError('--token-stdin', `no Vault credentials: ${HOW}${flags.yes ? '; --yes asks nothing' : ''}`);
  }
  return username === undefined ? { kind: 'token', from: 'prompt' } : { kind: 'password', username, from: 'prompt' };
}

export async function readCredentials(source: CredentialSource, io: CliIo): Promise<VaultCredentials> {
  if (source.kind === 'token') {
    const token =
      source.from === 'stdin'
        ? await readStdinSecret(io, '--token-stdin')
        : await promptSecret(io, 'Vault API access token (not shown):');
    return { kind: 'token', token: assertTokenShape(token, '--token-stdin') };
  }
  const secret =
    source.from === 'stdin'
      ? await readStdinSecret(io, '--password-stdin')
      : await promptSecret(io, `Vault password for ${source.username} (not shown):`);
  // A password may be shorter than redact()'s general minimum, and Vault may echo it in an error: blank it anyway.
  registerSecretValue(secret.reveal(), { anyLength: true });
  return { kind: 'password', username: source.username, password: secret };
}
