import type { VaultLogger } from '../../../shared/index.js';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn';
  readonly message: string;
  readonly attributes: Record<string, unknown> | undefined;
}

export function captureLogger(): VaultLogger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const push = (level: LogLine['level']) => (message: string, attributes?: Record<string, unknown>) =>
    lines.push({ level, message, attributes });
  return {
    lines,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    text: () => lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.attributes)}`).join('\n'),
  };
}
