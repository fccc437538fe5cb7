// The demo's last word: prove that nothing it printed, and nothing it held back, carries a token value.
import type { Narrator } from './narrator.js';
import type { TokenWatch } from './token-watch.js';

/** Prints the verdict; returns false when anything leaked. */
export function selfCheck(narrator: Narrator, watch: TokenWatch, heldBack: readonly string[]): boolean {
  const printed = narrator.printed();
  const printedLeaks = watch.findLeaks(printed);
  const heldBackLeaks = watch.findLeaks(heldBack.join('\n'));
  const scope =
    `${printed.split('\n').length} printed lines and ${heldBack.length} held-back Lambda log lines, ` +
    `against the ${watch.size} secret values seen and the shape of any Vault token`;
  narrator.plain('');
  if (printedLeaks.length === 0 && heldBackLeaks.length === 0) {
    narrator.plain(`Self-check passed: scanned ${scope}; no secret found.`);
    return true;
  }
  narrator.plain(`SELF-CHECK FAILED: a secret leaked (scanned ${scope}).`);
  for (const finding of printedLeaks) narrator.plain(`  in the printed output: ${finding}`);
  for (const finding of heldBackLeaks) narrator.plain(`  in the Lambda's log lines: ${finding}`);
  return false;
}
