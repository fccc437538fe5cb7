// Text from outside (Vault token names and messages, fields of a secret's value, AWS errors) may carry terminal
// control characters: an ANSI or OSC escape recolours or retitles a terminal, a carriage return overwrites the line
// it is on, a line break forges a line of its own. Before such text is printed, each is made visible instead:
// line breaks as `\r` / `\n`, other C0 and C1 controls and DEL as `\uXXXX`. A tab is left alone (it moves the
// cursor, nothing more). Unicode's own line and paragraph separators (U+2028, U+2029) break lines in some terminals and
// log viewers, and the bidirectional controls (U+202A–U+202E, U+2066–U+2069) reorder what follows them, so a token name
// can display as something else ("Trojan Source"); they are made visible too. Used by the CLI (every line it prints)
// and the action (every log line).

// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

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
