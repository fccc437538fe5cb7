// Time for the identity stand-ins: any clock with now() (the Vault simulator's fits, so a world shares one clock);
// real time when none is given. JWT times are whole seconds.
import type { IdentityClock } from './types.js';

export const realClock: IdentityClock = { now: () => Date.now() };

export const seconds = (ms: number): number => Math.floor(ms / 1000);
