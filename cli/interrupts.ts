// SIGINT/SIGTERM (a Ctrl-C, a CI cancel) during a command that changes things. The process does not die mid-call:
// the call in flight is let finish, the command stops at its next step, undoes what this run made and will not keep
// (bootstrap: a token that will not be stored, a secret it created and left empty), says what was done and what was
// not, and exits 130 (EXIT.interrupted). A second signal stops at once, saying so.
import { type CliIo, note } from './io.js';

export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** The command stopped because of a signal; the message says what was done about what was in flight. */
export class Interrupted extends Error {
  readonly signal: InterruptSignal;
  constructor(signal: InterruptSignal, message = `interrupted (${signal})`) {
    super(message);
    this.signal = signal;
  }
  override get name(): string {
    return 'Interrupted';
  }
}

export interface Interrupts {
  /** The first signal, once one came. */
  readonly received: InterruptSignal | undefined;
  /** Aborted at the first signal: for waits that can simply stop (a sleep, following a rotation). */
  readonly signal: AbortSignal;
  /** Throws Interrupted once a signal came: called between steps. */
  check(): void;
  /** `work`, or Interrupted as soon as a signal comes, for waits that change nothing (reading stdin). */
  race<T>(work: Promise<T>): Promise<T>;
  dispose(): void;
}

export interface SignalSource {
  on(event: InterruptSignal, listener: () => void): unknown;
  off(event: InterruptSignal, listener: () => void): unknown;
}

export function watchInterrupts(
  io: CliIo,
  source: SignalSource = process,
  exitNow: (code: number) => void = (code) => process.exit(code),
): Interrupts {
  const controller = new AbortController();
  let received: InterruptSignal | undefined;
  const listeners = INTERRUPT_SIGNALS.map((name) => {
    const listener = () => {
      if (received !== undefined) {
        note(io, `vault-api-token: ${name} again: stopping at once, without finishing or undoing the step in flight.`);
        note(io, 'See what was left with vault-api-token status and vault-api-token audit.');
        exitNow(130);
        return;
      }
      received = name;
      note(io, `vault-api-token: ${name} received: finishing the call in flight, then stopping (${name} again stops at once).`);
      controller.abort(new Interrupted(name));
    };
    source.on(name, listener);
    return { name, listener };
  });
  return {
    get received() {
      return received;
    },
    signal: controller.signal,
    check() {
      if (received !== undefined) throw new Interrupted(received);
    },
    race(work) {
      if (received !== undefined) return Promise.reject(new Interrupted(received));
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(new Interrupted(received ?? 'SIGINT'));
        controller.signal.addEventListener('abort', onAbort, { once: true });
        work.then(resolve, reject).finally(() => controller.signal.removeEventListener('abort', onAbort));
      });
    },
    dispose() {
      for (const { name, listener } of listeners) source.off(name, listener);
    },
  };
}
