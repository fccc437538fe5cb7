// Request bodies as Vault accepts them: form-encoded or multipart fields, JSON objects, CSV or JSON record lists.
import type { IncomingMessage } from 'node:http';
import { VaultFailure } from './envelopes.js';

/** Bigger than any legitimate request here (a 500-record delete, a 50,000-character query). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export type BodyKind = 'form' | 'json';

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Named string parameters from a form (urlencoded or multipart) or, where `accept` includes it, a JSON object.
 * An empty body is no parameters; a body in any other form is INVALID_DATA naming what is accepted.
 */
export async function parseParams(
  contentType: string | undefined,
  body: Buffer,
  accept: readonly BodyKind[],
): Promise<Map<string, string>> {
  const type = mediaType(contentType);
  if (body.length === 0 && type !== 'multipart/form-data') return new Map();
  if (accept.includes('form') && (type === 'application/x-www-form-urlencoded' || type === '')) {
    return new Map(new URLSearchParams(body.toString('utf8')));
  }
  if (accept.includes('form') && type === 'multipart/form-data') return parseMultipart(contentType!, body);
  if (accept.includes('json') && type === 'application/json') return parseJsonObject(body);
  const allowed = [
    ...(accept.includes('form') ? ['application/x-www-form-urlencoded', 'multipart/form-data'] : []),
    ...(accept.includes('json') ? ['application/json'] : []),
  ];
  throw new VaultFailure('INVALID_DATA', `Unsupported Content-Type [${type}]; use ${allowed.join(' or ')}`);
}

async function parseMultipart(contentType: string, body: Buffer): Promise<Map<string, string>> {
  let form: FormData;
  try {
    form = await new Request('http://simulator.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }).formData();
  } catch {
    throw new VaultFailure('INVALID_DATA', 'Malformed multipart/form-data body');
  }
  const params = new Map<string, string>();
  for (const [key, value] of form) {
    if (typeof value !== 'string')
      throw new VaultFailure('INVALID_DATA', `Parameter [${key}] must be text, not a file`);
    params.set(key, value);
  }
  return params;
}

function parseJsonObject(body: Buffer): Map<string, string> {
  const parsed = parseJson(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new VaultFailure('INVALID_DATA', 'The JSON body must be an object of named parameters');
  }
  const params = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new VaultFailure('INVALID_DATA', `Parameter [${key}] must be a string`);
    params.set(key, value);
  }
  return params;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new VaultFailure('INVALID_DATA', 'The request body is not valid JSON');
  }
}

/** One requested record of a Delete Object Records body; `id` is undefined when the record named none. */
export interface RecordRef {
  readonly id: string | undefined;
}

/** Delete Object Records input: `text/csv` with an `id` column, or a JSON array of `{ "id": … }`. */
export function parseRecordList(contentType: string | undefined, body: Buffer): RecordRef[] {
  const type = mediaType(contentType);
  if (type === 'application/json') {
    const parsed = parseJson(body);
    if (!Array.isArray(parsed)) {
      throw new VaultFailure('INVALID_DATA', 'The JSON body must be an array of records such as [{"id":"V8T…"}]');
    }
    return parsed.map((item: unknown) => {
      const id = item !== null && typeof item === 'object' && 'id' in item ? item.id : undefined;
      return { id: typeof id === 'string' && id !== '' ? id : undefined };
    });
  }
  if (type === 'text/csv') return parseCsvIds(body.toString('utf8'));
  throw new VaultFailure('INVALID_DATA', `Unsupported Content-Type [${type}]; use text/csv or application/json`);
}

function parseCsvIds(text: string): RecordRef[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const header = lines.shift();
  if (header === undefined) throw new VaultFailure('INVALID_DATA', 'The CSV body is empty; expected a header row "id"');
  const columns = splitCsvLine(header).map((c) => c.trim().toLowerCase());
  const idColumn = columns.indexOf('id');
  if (idColumn < 0) throw new VaultFailure('INVALID_DATA', 'The CSV header must name an "id" column');
  return lines.map((line) => {
    const value = splitCsvLine(line)[idColumn]?.trim();
    return { id: value ? value : undefined };
  });
}

/** Enough CSV for id lists: commas, and double-quoted cells with "" escapes. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}
