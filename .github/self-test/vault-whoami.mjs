// CI self-test: one plain Vault API call (Validate Session User, GET /api/v26.2/objects/users/me) with a token, the way
// any later step of a job would use the action's `token` output. `node vault-whoami.mjs` expects the token to work
// and exits 1 if it does not; with --expect-rejected it expects Vault to refuse it (revoked). Reads VAULT_DNS and
// VAULT_TOKEN from the environment; prints no token.

import { pathToFileURL } from 'node:url';

export async function whoAmI(vaultDns, token) {
  const response = await fetch(new URL('/api/v26.2/objects/users/me', vaultDns), {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'X-VaultAPI-ClientID': 'vault-api-token-self-test' },
  });
  const body = await response.json().catch(() => ({}));
  return { httpStatus: response.status, responseStatus: body.responseStatus, errors: body.errors ?? [] };
}

export async function main(argv = process.argv.slice(2), env = process.env) {
  const expectRejected = argv.includes('--expect-rejected');
  if (!env.VAULT_DNS || !env.VAULT_TOKEN) {
    console.error('::error::VAULT_DNS and VAULT_TOKEN must be set');
    return 1;
  }
  const result = await whoAmI(env.VAULT_DNS, env.VAULT_TOKEN);
  const accepted = result.httpStatus === 200 && result.responseStatus === 'SUCCESS';
  const summary = `HTTP ${result.httpStatus} ${result.responseStatus} ${result.errors.map((e) => e.type).join(',')}`;
  if (accepted === !expectRejected) {
    console.log(expectRejected ? `Vault refuses the token, as expected (${summary}).` : `Vault accepts the token (${summary}).`);
    return 0;
  }
  console.error(`::error::${expectRejected ? 'the token still works' : 'Vault refused the token'} (${summary})`);
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
