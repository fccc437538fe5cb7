// Which local Secrets Manager the demo talks to: the project's stand-in by default, moto_server on request when it
// is installed. Both are reached through the real AWS SDK over loopback HTTP.
import { findMotoServer, startMoto } from '../simulator/moto.js';
import { startSecretsManagerStandIn } from '../simulator/secrets-manager.js';
import type { SecretsManagerBackend } from '../simulator/secrets-manager-types.js';

export interface ChosenBackend {
  readonly backend: SecretsManagerBackend;
  /** One line saying what was chosen and why. */
  readonly description: string;
}

export async function startSecretsManager(wanted: 'stand-in' | 'moto'): Promise<ChosenBackend> {
  if (wanted === 'moto') {
    if (findMotoServer() !== undefined) {
      const backend = await startMoto();
      if (backend !== undefined) {
        return { backend, description: `moto_server (as asked by --moto) on ${backend.endpoint}` };
      }
    }
    const backend = await startSecretsManagerStandIn();
    return {
      backend,
      description: `the project's stand-in on ${backend.endpoint} (--moto asked for moto_server, which is not on PATH)`,
    };
  }
  const backend = await startSecretsManagerStandIn();
  return {
    backend,
    description: `the project's stand-in on ${backend.endpoint} (the default; \`npm start -- --moto\` uses moto_server)`,
  };
}
