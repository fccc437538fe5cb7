// Runs after the action under test's post step: fails the job unless Vault refuses the token it minted.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { main } from '../../self-test/vault-whoami.mjs';

const input = (name) => (process.env[`INPUT_${name.toUpperCase()}`] ?? '').trim();
const tokenFile = input('token-file');
if (!existsSync(tokenFile)) {
  console.error(`::error::${tokenFile} does not exist: the step that writes the minted token did not run`);
  process.exit(1);
}
const token = readFileSync(tokenFile, 'utf8').trim();
rmSync(tokenFile, { force: true });
process.exitCode = await main(['--expect-rejected'], { VAULT_DNS: input('vault-dns'), VAULT_TOKEN: token });
