// The step's one error for bad inputs: every problem found, each starting with the input it is about.

export class ActionInputError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? (problems[0] ?? 'invalid inputs')
        : `Invalid inputs:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }

  override get name(): string {
    return 'ActionInputError';
  }
}
