// Registers a secret with the runner's log masker. The runner also masks each line of a multi-line value since
// runner 2.287; masking the lines ourselves as well keeps older runners and escaped forms safe (vault-action's fix
// for GHSA-4mgv-m5cm-f9h7). Empty values are skipped: the runner warns about them and they mask nothing.

import type { ActionCore } from '../deps.js';

export function maskSecret(core: Pick<ActionCore, 'setSecret'>, value: string | undefined): void {
  if (value === undefined || value.trim() === '') return;
  const forms = new Set([value, value.trim()]);
  for (const line of value.split(/\r\n|\r|\n/)) {
    if (line.trim() !== '') forms.add(line.trim());
  }
  for (const form of forms) core.setSecret(form);
}
