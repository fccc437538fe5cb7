// The demo's command line: `npm start` takes no arguments; `npm start -- --moto` swaps the Secrets Manager stand-in
// for moto_server when it is installed; `npm start -- --oauth` tells the story with no stored Vault credential at all
// (the rotator signs in with OAuth from its own AWS identity).

export interface DemoArgs {
  readonly secretsManager: 'stand-in' | 'moto';
  readonly oauth: boolean;
}

export const USAGE =
  'usage: npm start [-- --moto] [-- --oauth]   (--moto: use moto_server instead of the built-in stand-in; ' +
  '--oauth: no stored Vault credential, the rotator signs in with OAuth)';

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  let secretsManager: DemoArgs['secretsManager'] = 'stand-in';
  let oauth = false;
  for (const arg of argv) {
    if (arg === '--moto') secretsManager = 'moto';
    else if (arg === '--oauth') oauth = true;
    else throw new Error(`unknown argument "${arg}"; ${USAGE}`);
  }
  return { secretsManager, oauth };
}
