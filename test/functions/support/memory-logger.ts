// A RotationLogger that keeps every line, so tests can read what would have been logged and prove no secret is in it.

import type { RotationLogger } from '../../../functions/rotation/telemetry/logging.js';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

export class MemoryLogger implements RotationLogger {
  readonly lines: LogLine[] = [];
  #keys: Record<string, string> = {};

  debug(message: string, attributes?: Record<string, unknown>): void {
    this.#push('debug', message, attributes);
  }
  info(message: string, attributes?: Record<string, unknown>): void {
    this.#push('info', message, attributes);
  }
  warn(message: string, attributes?: Record<string, unknown>): void {
    this.#push('warn', message, attributes);
  }
  error(message: string, attributes?: Record<string, unknown>): void {
    this.#push('error', message, attributes);
  }
  appendKeys(keys: Record<string, string>): void {
    this.#keys = { ...this.#keys, ...keys };
  }

  /** Everything logged, serialised the way a JSON logger would. */
  text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join('\n');
  }

  messages(level?: LogLine['level']): string[] {
    return this.lines.filter((line) => level === undefined || line.level === level).map((line) => line.message);
  }

  #push(level: LogLine['level'], message: string, attributes?: Record<string, unknown>): void {
    this.lines.push({ level, message, attributes: { ...this.#keys, ...attributes } });
  }
}
