// The action benchmark's reference: the least a token action does — @actions/core, one fetch (the mint) and its
// outputs — built with its own fixed options (bench/reference/build-options.ts), never the project's. Never prints the
// token; it is masked like ours.
import * as core from '@actions/core';

async function main(): Promise<void> {
  const origin = core.getInput('vault-dns', { required: true });
  const apiVersion = core.getInput('api-version') || 'v26.2';
  const token = core.getInput('access-token', { required: true });
  const expiry = new Date(Date.now() + 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const response = await fetch(`${origin}/api/${apiVersion}/objects/users/me/api_access_token__sys`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name__v: `bench-reference-${process.env.GITHUB_RUN_ID}`, expiry_date__v: expiry }),
  });
  const answer = (await response.json()) as { responseStatus: string; data?: { token__sys?: string } };
  const minted = answer.data?.token__sys;
  if (answer.responseStatus !== 'SUCCESS' || minted === undefined) throw new Error('mint failed');
  core.setSecret(minted);
  core.setOutput('token', minted);
}

main().catch((error: unknown) => core.setFailed((error as Error).message));
