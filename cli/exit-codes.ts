// The command's exit codes (docs/cli.md "Exit codes").
export const EXIT = {
  /** Done; for status and audit: nothing to warn about. */
  ok: 0,
  /** A call to Vault or AWS failed, or a rotation did not finish. What was left behind is said on stderr. */
  failure: 1,
  /** Bad or missing flags, or a precondition not met (an existing secret without --update): nothing was changed. */
  usage: 2,
  /** status and audit: the report has warnings (expiring token, rotation disabled, orphans, …). */
  warnings: 3,
  /** Stopped by SIGINT/SIGTERM (or Ctrl-C at a prompt): what was in flight was finished or undone, and said. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Refused before anything changed: names the flag and what it expects. */
export class UsageError extends Error {
  readonly flag: string;
  constructor(flag: string, expected: string) {
    super(`${flag}: ${expected}`);
    this.flag = flag;
  }
  override get name(): string {
    return 'UsageError';
  }
}

/** A failure the command explains itself (the message says what happened and what is left). */
export class CommandFailure extends Error {
  override get name(): string {
    return 'CommandFailure';
  }
}
