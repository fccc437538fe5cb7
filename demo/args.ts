// The demo's command line: `npm start` takes no arguments; `npm start -- --moto` swaps the Secrets Manager stand-in
// for moto_server when it is installed.

export interface DemoArgs {
  readonly secretsManager: 'stand-in' | 'moto';
}

export const USAGE = 'usage: npm start [-- --moto]   (--moto: use moto_server instead of the built-in stand-in)';

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  let secretsManager: DemoArgs['secretsManager'] = 'stand-in';
  for (const arg of argv) {
    if (arg === '--moto') secretsManager = 'moto';
    else throw new Error(`unknown argument "${arg}"; ${USAGE}`);
  }
  return { secretsManager };
}
