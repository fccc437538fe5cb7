// Text from outside (Vault token names and messages, fields of a secret's value, AWS errors) may carry terminal
// control characters: an ANSI or OSC escape recolours or retitles a terminal, a carriage return overwrites the line
// it is on, a line break forges a line of its own. Before such text is printed, each is made visible instead:
// line breaks as `\r` / `\n`, other C0 and C1 controls and DEL as `\uXXXX`. A tab is left alone (it moves the
// cursor, nothing more). Used by the CLI (every line it prints) and the action (every log line).

// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function visible(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line: line breaks and every other control character made visible. */
export function printableLine(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, (lineBreak) => (lineBreak === '\r\n' ? '\\r\\n' : lineBreak === '\r' ? '\\r' : '\\n'))
    .replace(CONTROL, visible);
}

/** Keeps `\n` (the caller's own line structure); every other control character, `\r` included, made visible. */
export function printableText(text: string): string {
  return text.replace(/\r/g, '\\r').replace(CONTROL, visible);
}
