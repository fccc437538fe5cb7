// docs/cli.md states the default token lifetime for the common schedules; they must be what the rotator's rule gives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultTokenLifetimeMs, rotationInterval } from '../../shared/rotated-secret/index.js';

const DOC = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const now = new Date('2026-06-01T00:00:00Z');
const text = (ms: number) => {
  const days = Math.floor(ms / DAY);
  const hours = Math.round((ms - days * DAY) / HOUR);
  return hours === 0 ? `${days} days` : `${days} days ${hours} hours`;
};

describe('docs/cli.md: the default token lifetime', () => {
  it.each([
    ['`rate(30 days)` gives', { ScheduleExpression: 'rate(30 days)' }, (i: string, d: string) => `${i} and a default of **${d}**`],
    ['with `--window 4h`,', { ScheduleExpression: 'rate(30 days)', Duration: '4h' }, (i: string, d: string) => `${i} and ${d}`],
    ['no schedule at all,', undefined, (i: string, d: string) => `${i} and ${d}`],
  ])('%s', (lead, rules, said) => {
    const measured = rotationInterval(rules, now);
    if (!measured.ok) throw new Error(measured.problem);
    const interval = measured.value;
    expect(DOC).toContain(`${lead} ${said(text(interval.ms), text(defaultTokenLifetimeMs(interval)))}`);
  });
});
