// The action's clock and retry waits, set from outside its bundle: the action tests start node with
// `--import <this module's URL>?now=…&retryDelayMs=…` (the runner stand-in's `preload` option) before the bundle
// loads. It is never shipped, and the bundle reads no test variable, so nothing a workflow sets can move the
// action's clock.
//   now           ISO-8601 or epoch ms. Date.now() and `new Date()` return it, frozen, as the Vault simulator's clock
//                 stands still until a test advances it: expiries are exact.
//   retryDelayMs  the longest wait between two tries of a Vault request. The shared client sleeps with
//                 node:timers/promises' setTimeout, which nothing else in the bundle uses; the cap leaves its count
//                 of attempts and its cancellation timers (global setTimeout) as they are.
// Plain JavaScript: node loads it directly, on Node 20 and Node 24 alike.

import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers/promises';

const settings = new URL(import.meta.url).searchParams;

const now = settings.get('now');
if (now !== null) freezeDate(/^\d+$/.test(now) ? Number(now) : Date.parse(now), now);

const retryDelayMs = settings.get('retryDelayMs');
if (retryDelayMs !== null) capSleeps(Number(retryDelayMs), retryDelayMs);

function freezeDate(at, text) {
  if (Number.isNaN(at)) throw new Error(`action-clock: now: expected ISO-8601 or epoch ms, got "${text}"`);
  const RealDate = Date;
  // A function rather than a subclass, so `Date()` called without `new` still answers (with the frozen time).
  function FrozenDate(...args) {
    if (new.target === undefined) return new RealDate(at).toString();
    return args.length === 0 ? new RealDate(at) : new RealDate(...args);
  }
  FrozenDate.prototype = RealDate.prototype;
  FrozenDate.now = () => at;
  FrozenDate.parse = RealDate.parse;
  FrozenDate.UTC = RealDate.UTC;
  globalThis.Date = FrozenDate;
}

function capSleeps(capMs, text) {
  if (!Number.isSafeInteger(capMs) || capMs < 0) {
    throw new Error(`action-clock: retryDelayMs: expected a whole number of ms, got "${text}"`);
  }
  const sleep = timers.setTimeout;
  timers.setTimeout = (ms, value, options) => sleep(Math.min(ms ?? 0, capMs), value, options);
  // The bundle imports the ESM form of node:timers/promises; this makes it see the patched function too.
  syncBuiltinESMExports();
}
