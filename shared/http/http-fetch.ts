// The part of fetch the clients use, named once. Vault's client, the OAuth token exchange and the action's ID-token
// request read an answer's status, one header at a time and its whole text, and never follow a redirect; holding them
// to this much lets a short-lived process give them a lighter transport than Node's fetch (node-http-fetch.ts), and
// Node's fetch stays assignable wherever one is expected.

export interface HttpRequestInit {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** Every client refuses redirects: the allowlist vets only the origin it was given. */
  readonly redirect?: 'manual';
}

export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  clone(): HttpAnswer;
}

export type HttpFetch = (url: string, init?: HttpRequestInit) => Promise<HttpAnswer>;

/**
 * The code of a failure on a pooled connection that the server had closed before anything of the request was written
 * (node-http-fetch.ts retries such a request once on a new connection): the request never reached the server.
 */
export const CLOSED_BEFORE_SEND = 'ERR_VAT_CONNECTION_CLOSED_BEFORE_SEND';
