// The GitHub Actions runner, modelled closely enough to run an action's bundles the way a job does. Used by the
// action's tests and by `npm start`. One file per concept: stage.ts runs a stage (process, environment, cancelling),
// file-commands.ts parses the files a step writes, commands.ts reads workflow commands from its output, masker.ts is
// the log masker with the runner's value encoders, and log-audit.ts checks a step's log for secrets.

export * from './commands.js';
export * from './file-commands.js';
export * from './log-audit.js';
export * from './masker.js';
export * from './stage.js';
