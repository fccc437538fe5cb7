// commander's own argument errors quote what was typed: `unknown option '--password=hunter2'`, `unknown command
// 'veeva-vault-…'`, `argument 'x' is invalid`. An operator who puts a password or token in the wrong place must not
// see it echoed to the terminal or a CI log, and a password has no shape redact() could recognise. So each such
// message is rewritten to name the option (the text before `=`) and never the value; everything else commander
// prints passes through unchanged (then through redact(), like every other line).

/** A long option name as the CLI spells its own; anything else typed where an option goes is not repeated. */
const OPTION_NAME = /^--[a-z][a-z0-9-]{0,40}$/;

export function safeCommanderMessage(text: string): string {
  return text
    .replace(/^error: unknown option '(.*)'/m, (_all, flag: string) => `error: unknown option ${optionName(flag)}`)
    .replace(/^error: unknown command '.*'/m, 'error: unknown command (not repeated here, in case it was a secret)')
    .replace(/^(error: option '[^']*') argument '.*' is invalid\./m, '$1: the value given is invalid.')
    .replace(/^(error: option '[^']*') value '.*' from env '([^']*)' is invalid\./m, '$1: the value of $2 is invalid.')
    .replace(/^error: command-argument value '.*' is invalid for argument '([^']*)'\./m, "error: the value given for argument '$1' is invalid.");
}

function optionName(flag: string): string {
  const name = flag.split('=')[0] ?? '';
  // `-pXYZ` is `-p` with XYZ glued on as its value.
  if (/^-[A-Za-z]/.test(name)) return `'${name.slice(0, 2)}'`;
  return OPTION_NAME.test(name) ? `'${name}'` : '(not repeated here, in case it was a secret)';
}
