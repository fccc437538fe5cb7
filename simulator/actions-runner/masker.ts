// The runner's log masker (ActionCommandManager AddMaskCommandExtension, SecretMasker, the 11 ValueEncoders
// registered in HostContext): every `::add-mask::` payload is unescaped and registered whole and line by line, with
// every encoded variant the runner adds; overlapping matches are merged into one `***` as SecretMasker.MaskSecrets
// does. One masker lives for the whole job, across main and post.

import { unescapeCommandData } from './commands.js';

export interface NamedSecret {
  /** What the secret is, for messages (the value itself is never printed). */
  readonly label: string;
  readonly value: string;
}

export class SimulatedMasker {
  readonly #originals = new Set<string>();
  readonly #values = new Set<string>();
  /** Every add-mask payload, unescaped, in the order seen. */
  readonly payloads: string[] = [];

  clone(): SimulatedMasker {
    const copy = new SimulatedMasker();
    for (const value of this.#originals) copy.#originals.add(value);
    for (const value of this.#values) copy.#values.add(value);
    copy.payloads.push(...this.payloads);
    return copy;
  }

  /** AddMaskCommandExtension: the whole value, then each line (split at \r and \n, trimmed, empties dropped). */
  addMask(escapedPayload: string): void {
    this.addMaskValue(unescapeCommandData(escapedPayload));
  }

  /** The same, for a payload already unescaped by the command parser. */
  addMaskValue(value: string): void {
    this.payloads.push(value);
    if (value.trim() === '') return; // the runner warns and registers nothing
    this.addValue(value);
    for (const line of value.split(/[\r\n]/)) {
      if (line.trim() !== '') this.addValue(line.trim());
    }
  }

  /** SecretMasker.AddValue: the value and every non-empty encoding of it. */
  addValue(value: string): void {
    if (value === '' || this.#originals.has(value)) return;
    this.#originals.add(value);
    for (const form of encodedForms(value)) if (form !== '') this.#values.add(form);
  }

  /** SecretMasker.MaskSecrets: every occurrence of every value, overlapping or touching ranges merged into one ***. */
  mask(line: string): string {
    if (line === '') return '';
    const positions: { start: number; end: number }[] = [];
    for (const value of this.#values) {
      for (let at = line.indexOf(value); at >= 0; at = line.indexOf(value, at + 1)) {
        positions.push({ start: at, end: at + value.length });
      }
    }
    if (positions.length === 0) return line;
    positions.sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number }[] = [];
    for (const position of positions) {
      const current = merged.at(-1);
      if (current !== undefined && position.start <= current.end) current.end = Math.max(current.end, position.end);
      else merged.push({ ...position });
    }
    let out = '';
    let from = 0;
    for (const range of merged) {
      out += `${line.slice(from, range.start)}***`;
      from = range.end;
    }
    return out + line.slice(from);
  }

  /** True when the runner would hide this secret wherever it appears. */
  covers(secret: string): boolean {
    return !this.mask(secret).includes(secret);
  }
}

/** Uri.EscapeDataString: only A-Z a-z 0-9 - _ . ~ stay; UTF-8 bytes as %XX; a lone surrogate becomes U+FFFD. */
function uriDataEscape(value: string): string {
  let out = '';
  for (const char of value) {
    if (/^[A-Za-z0-9\-_.~]$/.test(char)) {
      out += char;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    const bytes = code >= 0xd800 && code <= 0xdfff ? Buffer.from([0xef, 0xbf, 0xbd]) : Buffer.from(char, 'utf8');
    for (const byte of bytes) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Newtonsoft JsonConvert.ToString without the quotes (default StringEscapeHandling). */
function jsonStringEscape(value: string): string {
  const named: Record<string, string> = {
    '"': '\\"',
    '\\': '\\\\',
    '\b': '\\b',
    '\t': '\\t',
    '\n': '\\n',
    '\f': '\\f',
    '\r': '\\r',
  };
  let out = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (named[char] !== undefined) out += named[char];
    else if (code < 0x20 || char === '\u0085' || char === '\u2028' || char === '\u2029') {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return out;
}

/** SecurityElement.Escape. */
function xmlDataEscape(value: string): string {
  const entities: Record<string, string> = { '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '&': '&amp;' };
  return value.replace(/[<>"'&]/g, (c) => entities[c] ?? c);
}

function base64Shift(value: string, shift: number): string {
  const bytes = Buffer.from(value, 'utf8');
  return (bytes.length > shift ? bytes.subarray(shift) : bytes).toString('base64');
}

function powerShellSection(value: string, part: 'pre' | 'post'): string {
  if (value === '' || !value.includes('&')) return '';
  let section: string;
  const plus = value.indexOf('&+');
  if (part === 'pre') {
    section = plus >= 0 ? value.slice(0, plus + 2) : value.slice(0, value.lastIndexOf('&') + 1);
  } else if (plus >= 0) {
    section = value.length > plus + 3 ? value.slice(plus + 3) : '';
  } else {
    section = value.slice(value.lastIndexOf('&') + 1);
  }
  return section.length >= 6 ? section : '';
}

/**
 * The runner's value encoders, in HostContext's order (ValueEncoders.cs). An empty result registers nothing.
 */
export const VALUE_ENCODERS: readonly ((value: string) => string)[] = [
  (value) => Buffer.from(value, 'utf8').toString('base64'), // Base64StringEscape
  (value) => base64Shift(value, 1), // Base64StringEscapeShift1
  (value) => base64Shift(value, 2), // Base64StringEscapeShift2
  (value) => value.replace(/"/g, '\\"'), // CommandLineArgumentEscape
  (value) => value.replace(/'/g, "''"), // ExpressionStringEscape
  jsonStringEscape, // JsonStringEscape
  uriDataEscape, // UriDataEscape
  xmlDataEscape, // XmlDataEscape
  (value) => (value.length > 8 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : ''), // TrimDoubleQuotes
  (value) => powerShellSection(value, 'pre'), // PowerShellPreAmpersandEscape
  (value) => powerShellSection(value, 'post'), // PowerShellPostAmpersandEscape
];

/** The secret and every encoding the runner also masks (HostContext value encoders). */
export function encodedForms(value: string): string[] {
  return [value, ...VALUE_ENCODERS.map((encode) => encode(value))];
}
