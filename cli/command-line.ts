// The command line a message tells the operator to run next: the one they ran, with flags added. Secrets are never
// on it (they come from stdin or a prompt), so it can be printed whole.

/** The command as it was run (secrets never are on it), for messages that say what to run next. */
export function commandLine(argv: readonly string[], ...extra: string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  return ['vault-api-token', ...argv.filter((arg) => !extra.includes(arg)), ...extra].map(quote).join(' ');
}
