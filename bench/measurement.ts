// What each measurement hands to the report: its table rows and the sentences the README needs to explain them.
import type { Row } from './table.js';

export interface MeasurementResult {
  readonly rows: readonly Row[];
  /** Bullet lines for the terminal and the README: what was measured exactly, and why a missed goal was missed. */
  readonly notes: readonly string[];
  /** Longer Markdown for the README only. */
  readonly details?: readonly string[];
}
