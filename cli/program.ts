// The command line: commander parses, each command checks its flags into a plan (refusing bad input with exit 2
// before anything is read or sent), then runs. runCli never exits the process: it returns the exit code.
// Each command's code, and the AWS SDK with it, is imported when that command runs: `--help` and commander's own
// argument errors load only commander (the bundle puts the rest into chunks; docs/development.md).
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Command, CommanderError, Option } from 'commander';
import { redact } from '../shared/redaction/redact.js';
import type { AwsFlags } from './aws-flags.js';
import { safeCommanderMessage } from './commander-errors.js';
import { CommandFailure, EXIT, type ExitCode, UsageError } from './exit-codes.js';
import { collect } from './flags.js';
import { Interrupted } from './interrupts.js';
import { type CliIo, note } from './io.js';
// Bundled into cli/dist at build time (the whole file is small), so an installed command knows its own version.
import packageJson from '../package.json' with { type: 'json' };

const EXIT_CODES_HELP = `
Exit codes: 0 ok; 1 failure (Vault or AWS refused, rotation did not finish); 2 usage (bad or missing flag, nothing
changed); 3 warnings (status, audit); 130 interrupted (Ctrl-C, SIGINT/SIGTERM: what was in flight is finished or
undone, and said). Secrets are read from stdin or a no-echo prompt, never from a flag.`;

function awsOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile (default: the SDK chain, AWS_PROFILE)')
    .option('--region <region>', 'AWS region (default: the SDK chain, AWS_REGION)')
    .option('--endpoint-url <url>', 'Secrets Manager endpoint (default: AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS)');
}

function vaultSignIn(command: Command): Command {
  return command
    .option('--username <user>', 'Vault user name, with --password-stdin (or asked for the password)')
    .option('--password-stdin', 'read the Vault password from stdin')
    .option('--token-stdin', 'read a Vault API access token from stdin');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exit: ExitCode = EXIT.ok;
  /** status and audit change nothing, so they never say "Nothing was changed". */
  let readOnly = true;
  const program = new Command('vault-api-token')
    .description('Bootstrap, inspect and audit Veeva Vault API tokens rotated by AWS Secrets Manager.')
    .version(packageJson.version, '-V, --version', 'print the version')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    // commander writes its own help and errors here, not through note(): they get the same redaction, and its
    // argument errors are rewritten so that a value typed in the wrong place is never repeated.
    .configureOutput({
      writeOut: (text) => io.stdout.write(redact(text)),
      writeErr: (text) => io.stderr.write(redact(text)),
      outputError: (text, write) => write(safeCommanderMessage(text)),
    });

  const bootstrap = program
    .command('bootstrap')
    .description('create the secret, mint its first token under the rotator\'s name, store it; optionally attach rotation')
    .requiredOption('--secret-name <name>', 'the secret to create')
    .requiredOption('--vault-dns <dns>', 'the Vault host, e.g. myvault.veevavault.com')
    .option('--api-version <v>', 'Vault API version (default v26.2)');
  vaultSignIn(bootstrap)
    .option('--token-lifetime <duration>', 'lifetime of minted tokens, stored as tokenLifetime (e.g. 60d)')
    .addOption(new Option('--revoke-previous <mode>', 'stored as revokePrevious').choices(['next-rotation', 'immediately', 'never']))
    .option('--client-id <id>', 'X-VaultAPI-ClientID, stored as clientId')
    .option('--credentials-secret-arn <arn>', 'stored as credentialsSecretArn')
    .option('--description <text>', 'the secret\'s description')
    .option('--kms-key-id <key>', 'KMS key for the secret')
    .option('--tag <KEY=VALUE>', 'tag the secret (repeatable), e.g. the fleet scope', collect)
    .option('--update', 'the secret exists: store a new token in it as a new AWSCURRENT version')
    .option('--rotation-lambda-arn <arn>', 'attach this rotation function and rotate at once')
    .option('--schedule <expr>', 'rotation schedule (default rate(30 days)); without --rotation-lambda-arn, the one the stack attaches, for the token lifetime')
    .option('--window <duration>', 'rotation window, e.g. 4h (counted in the token lifetime)')
    .option('--wait <duration>', 'how long to follow the first rotation (default 10m)')
    .option('--revoke-bootstrap-token', 'with --token-stdin: revoke the hand-made token once the owned one is stored')
    .option('--bootstrap-token-id <id>', 'the hand-made token\'s record id (Vault cannot look it up by value)')
    .option('--yes', 'ask nothing (for scripts)')
    .option('--json', 'print the result as JSON');
  awsOptions(bootstrap).action(async (flags) => {
    readOnly = false;
    // The flags are checked before the command's code and the SDK are loaded: bad input is refused at once.
    const { bootstrapPlan } = await import('./bootstrap/plan.js');
    const plan = bootstrapPlan(flags, io);
    const { runBootstrap } = await import('./bootstrap/run.js');
    exit = await withClient(flags, (sm) => runBootstrap(plan, io, sm, flags, argv));
  });

  const status = program
    .command('status')
    .description('versions, labels, tokens, expiry and rotation of a secret (or of every secret in a fleet scope)')
    .option('--secret-id <id>', 'a secret name or ARN (repeatable)', collect)
    .option('--all', 'every secret in the scope given by --tag and/or --name-prefix')
    .option('--tag <KEY=VALUE>', 'with --all: secrets with this tag (repeatable: all must match)', collect)
    .option('--name-prefix <prefix>', 'with --all: secrets whose name starts with this (repeatable: any)', collect)
    .option('--no-vault', 'do not ask Vault about the secret\'s tokens')
    .option('--json', 'print JSON instead of a table');
  awsOptions(status).action(async (flags) => {
    const { runStatus, statusPlan } = await import('./status/run.js');
    const plan = statusPlan(flags);
    exit = await withClient(flags, (sm) => runStatus(plan, io, sm));
  });

  const audit = program
    .command('audit')
    .description('every active API token of a Vault user: name, expiry, the secret it belongs to, orphans')
    .requiredOption('--vault-dns <dns>', 'the Vault host')
    .option('--api-version <v>', 'Vault API version (default v26.2)');
  vaultSignIn(audit)
    .option('--tag <KEY=VALUE>', 'look for owning secrets only among those with this tag', collect)
    .option('--name-prefix <prefix>', 'look for owning secrets only among names starting with this', collect)
    .option('--no-aws', 'do not list secrets (owners by name only)')
    .option('--json', 'print JSON instead of a table');
  awsOptions(audit).action(async (flags) => {
    const { auditPlan, runAudit } = await import('./audit/run.js');
    const plan = auditPlan(flags, io);
    exit = await withClient(flags, (sm) => runAudit(plan, io, sm));
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (error) {
    return failed(io, error, readOnly);
  }
}

async function withClient<T>(flags: AwsFlags, work: (sm: SecretsManagerClient) => Promise<T>): Promise<T> {
  const { secretsManagerClient } = await import('./aws.js');
  const sm = secretsManagerClient(flags);
  try {
    return await work(sm);
  } finally {
    sm.destroy();
  }
}

function failed(io: CliIo, error: unknown, readOnly: boolean): ExitCode {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
    return EXIT.usage; // commander has printed the message
  }
  if (error instanceof UsageError) {
    note(io, `vault-api-token: ${error.message}`);
    if (!readOnly) note(io, 'Nothing was changed.');
    return EXIT.usage;
  }
  if (error instanceof CommandFailure) {
    note(io, `vault-api-token: ${error.message}`);
    return EXIT.failure;
  }
  if (error instanceof Interrupted) {
    note(io, `vault-api-token: ${error.message}`);
    return EXIT.interrupted;
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    // Ctrl-C at a prompt (the terminal is in raw mode there, so it is a key, not a SIGINT). The prompts for
    // credentials come before any change; bootstrap's later prompt handles its own cancel (bootstrap/run.ts).
    note(io, `vault-api-token: cancelled at the prompt (Ctrl-C).${readOnly ? '' : ' Nothing was changed.'}`);
    return EXIT.interrupted;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  note(io, `vault-api-token: ${redact(text)}`);
  return EXIT.failure;
}
