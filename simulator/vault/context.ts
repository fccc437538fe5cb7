// What a route handler receives and returns.
import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './auth.js';
import type { JsonBody } from './envelopes.js';
import type { SimState, VaultRecord } from './state.js';

export interface RequestContext {
  readonly state: SimState;
  /** The Vault whose port received the request. */
  readonly vault: VaultRecord;
  /** After `?_method=` override. */
  readonly method: string;
  readonly url: URL;
  /** `v26.2`; empty for `GET /api/`. */
  readonly apiVersion: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Path parameters such as `user_id`. */
  readonly params: Readonly<Record<string, string>>;
}

export interface AuthedContext extends RequestContext {
  readonly caller: Caller;
}

export interface HandlerResult {
  readonly body: JsonBody;
  /** Reported in `X-VaultAPI-UserId` when no authenticated caller already is (i.e. after /auth). */
  readonly userId?: string;
}
