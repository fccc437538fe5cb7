// The job's ID token, fetched as @actions/core's getIDToken does, through the action's own fetch: a stub fetch here
// (the loopback ID-token service is exercised end to end by oauth.test.ts).

import { describe, expect, it } from 'vitest';
import { githubIdToken } from '../../action/src/mint/id-token.js';

const ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.test/req?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token-123',
};

function stubFetch(answers: Array<() => Response>) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const impl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), headers: init?.headers as Record<string, string> });
    const next = answers.shift();
    if (next === undefined) throw new Error('no more answers');
    return next();
  }) as typeof fetch;
  return { impl, calls };
}

describe('githubIdToken', () => {
  it('asks with the audience and the bearer request token, and masks the value before returning it', async () => {
    const { impl, calls } = stubFetch([() => Response.json({ value: 'eyJ.jwt.sig' })]);
    const masked: string[] = [];
    const token = await githubIdToken(ENV, impl, (value) => masked.push(value))('api://vault a&b');
    expect(token).toBe('eyJ.jwt.sig');
    expect(masked).toEqual(['eyJ.jwt.sig']);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${ENV.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent('api://vault a&b')}`);
    expect(calls[0]?.headers.Authorization).toBe('Bearer req-token-123');
  });

  it('tries again after a 503, then fails on a 403 naming the status and never the request token', async () => {
    const { impl, calls } = stubFetch([
      () => new Response('busy', { status: 503 }),
      () => new Response('{"message":"no"}', { status: 403 }),
    ]);
    const error: Error = await githubIdToken(ENV, impl, () => {})('aud').then(
      () => new Error('resolved'),
      (e: unknown) => e as Error,
    );
    expect(calls).toHaveLength(2);
    expect(error.message).toContain('HTTP 403');
    expect(error.message).not.toContain('req-token-123');
  });

  it('fails when the answer has no value, and when the environment names no service', async () => {
    const masked: string[] = [];
    const { impl } = stubFetch([() => Response.json({ other: 'x' })]);
    await expect(githubIdToken(ENV, impl, (v) => masked.push(v))('aud')).rejects.toThrow(/no `value`/);
    expect(masked).toEqual([]);
    await expect(githubIdToken({}, impl, () => {})('aud')).rejects.toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL/);
  });
  it('gives each attempt a deadline: a token service that never answers fails the step, naming the wait', async () => {
    let calls = 0;
    const silent = ((_input: string | URL | Request, init?: RequestInit) => {
      calls += 1;
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }) as typeof fetch;
    const error: Error = await githubIdToken(ENV, silent, () => {}, 20)('aud').then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e as Error,
    );
    expect(calls).toBe(3);
    expect(error.message).toBe("Failed to get the job's ID token: no answer within 20 ms");
    expect(error.message).not.toContain(ENV.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  });
});
