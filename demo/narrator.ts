// The demo's only way to print. Everything it prints is also kept, so the closing self-check can prove that no
// token value reached the screen.

export interface Narrator {
  /** A numbered step heading. */
  step(title: string): void;
  /** A detail line under the current step. */
  say(text: string): void;
  /** A line quoted from another program (the action's log), set off so it is not mistaken for the demo's words. */
  quote(text: string): void;
  /** An unnumbered line (banner, self-check, failure). */
  plain(text: string): void;
  /** Everything printed so far. */
  printed(): string;
}

export function createNarrator(write: (text: string) => void): Narrator {
  const lines: string[] = [];
  let steps = 0;
  const emit = (line: string) => {
    lines.push(line);
    write(`${line}\n`);
  };
  return {
    step(title) {
      steps += 1;
      emit('');
      emit(`${steps}. ${title}`);
    },
    say: (text) => emit(`   ${text}`),
    quote: (text) => emit(`     | ${text}`),
    plain: (text) => emit(text),
    printed: () => lines.join('\n'),
  };
}

/** Bound now, so the demo keeps printing to the terminal even while it captures the Lambda's own stdout. */
export function terminalWriter(stream: NodeJS.WriteStream = process.stdout): (text: string) => void {
  const write = stream.write.bind(stream);
  return (text) => {
    write(text);
  };
}
