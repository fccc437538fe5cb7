// `npm run vault-simulator -- --port 8080`: runs the Vault simulator in the foreground for people trying the rotator
// and the action without a real Vault. Printing the bootstrap credentials is the point: they only open this local,
// loopback-only simulator.

import { parseCliArgs, USAGE } from './vault/cli-args.js';
import { startVaultSimulator } from './vault-simulator.js';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    console.log(USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    console.error(`vault-simulator: ${parsed.message}\n${USAGE}`);
    process.exit(2);
  }
  const { options } = parsed;
  let sim: Awaited<ReturnType<typeof startVaultSimulator>>;
  try {
    sim = await startVaultSimulator({
      host: options.host,
      port: options.port,
      ...(options.maxExpiryDays !== undefined ? { maxExpiryDays: options.maxExpiryDays } : {}),
      ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
      allowNonExpiring: options.allowNonExpiring,
      rejectedTokenAnswer: options.rejectedTokenAnswer,
      onRequest: (entry) => {
        const outcome = [entry.httpStatus || 'no answer', entry.responseStatus, entry.errorType, entry.fault]
          .filter(Boolean)
          .join(' ');
        console.log(`${new Date().toISOString()} [${entry.vault}] ${entry.method} ${entry.path} -> ${outcome}`);
      },
    });
  } catch (error) {
    console.error(`vault-simulator: could not start: ${(error as Error).message}`);
    process.exit(1);
  }

  const lines = [
    `Vault simulator (not a real Vault) listening on ${sim.url}`,
    `  vaultDns for clients:  ${sim.url}   (API version v26.2)`,
    `  Vault id:              ${sim.vaultId}`,
    `  Bootstrap user name:   ${sim.bootstrapUser.userName}`,
    `  Bootstrap password:    ${sim.bootstrapUser.password}`,
    `  Bootstrap token:       ${sim.bootstrapToken}`,
    `  Bootstrap token id:    ${sim.bootstrapTokenId}`,
    `The simulated clock stands at ${new Date(sim.clock.now()).toISOString()} and does not advance on its own.`,
    'Press Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}; stopping.`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
