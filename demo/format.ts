// Small formatting for the narrative: expiries with how far away they are, byte sizes, version ids.
import ms from 'ms';

export function expiry(iso: string | undefined, now: number = Date.now()): string {
  if (iso === undefined) return 'never';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const distance = ms(Math.abs(at - now), { long: true });
  return at >= now ? `${iso} (in ${distance})` : `${iso} (${distance} ago)`;
}

export function bytes(size: number): string {
  return size >= 1024 * 1024 ? `${(size / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(size / 1024)} kB`;
}

export function labels(stages: readonly string[]): string {
  return stages.length === 0 ? '(no label)' : [...stages].sort().join(' + ');
}
