// What the demo started, closed in reverse order whatever happens, so no server or child process outlives it.

export interface Cleanup {
  defer(name: string, close: () => unknown): void;
  /** Closes everything; returns one message per close that failed. */
  closeAll(): Promise<string[]>;
}

export function createCleanup(): Cleanup {
  const stack: { name: string; close: () => unknown }[] = [];
  return {
    defer: (name, close) => {
      stack.push({ name, close });
    },
    async closeAll() {
      const failures: string[] = [];
      for (const { name, close } of stack.splice(0).reverse()) {
        try {
          await close();
        } catch (error) {
          failures.push(`could not close ${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return failures;
    },
  };
}
