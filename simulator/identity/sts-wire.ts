// AWS STS's wire format (the awsQuery protocol, API version 2011-06-15), enough for @aws-sdk/client-sts: form
// parameters in (lists as `Name.member.N`, structures as `Name.member.N.Field`), XML out. Answers have the shapes the
// SDK's AwsQueryProtocol reads: `<{Action}Response><{Action}Result>…` on success, and
// `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>` on failure (the Code picks the exception class).
import { randomUUID } from 'node:crypto';
import type { ServiceAnswer } from './loopback-service.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const STS_VERSION = '2011-06-15';

export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

export function validationError(problems: readonly string[]): StsError {
  const count = problems.length;
  return new StsError(
    'ValidationError',
    `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
    400,
  );
}

/** `Name.member.1`, `Name.member.2`, … in index order; undefined when the list is absent, [] when sent empty. */
export function listParam(params: URLSearchParams, name: string): string[] | undefined {
  const indexes = memberIndexes(params, new RegExp(`^${name}\\.member\\.([1-9]\\d{0,3})$`));
  if (indexes.length === 0) return params.has(name) ? [] : undefined;
  return indexes.map((index) => params.get(`${name}.member.${index}`) ?? '');
}

/** `Name.member.N.Field` structures in index order; undefined when the list is absent, [] when sent empty. */
export function structListParam(
  params: URLSearchParams,
  name: string,
  fields: readonly string[],
): Record<string, string | undefined>[] | undefined {
  const indexes = memberIndexes(params, new RegExp(`^${name}\\.member\\.([1-9]\\d{0,3})\\.`));
  if (indexes.length === 0) return params.has(name) ? [] : undefined;
  return indexes.map((index) =>
    Object.fromEntries(fields.map((field) => [field, params.get(`${name}.member.${index}.${field}`) ?? undefined])),
  );
}

function memberIndexes(params: URLSearchParams, pattern: RegExp): number[] {
  const indexes = new Set<number>();
  for (const key of params.keys()) {
    const match = pattern.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlAnswer(status: number, body: string, requestId: string, error?: string): ServiceAnswer {
  return {
    status,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
    ...(error ? { error } : {}),
  };
}

export function resultAnswer(action: string, members: Readonly<Record<string, string>>): ServiceAnswer {
  const requestId = randomUUID();
  const fields = Object.entries(members)
    .map(([name, value]) => `    <${name}>${xmlText(value)}</${name}>`)
    .join('\n');
  return xmlAnswer(
    200,
    `<${action}Response xmlns="${STS_NAMESPACE}">\n  <${action}Result>\n${fields}\n  </${action}Result>\n` +
      `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`,
    requestId,
  );
}

export function errorAnswer(error: StsError): ServiceAnswer {
  const requestId = randomUUID();
  return xmlAnswer(
    error.status,
    `<ErrorResponse xmlns="${STS_NAMESPACE}">\n  <Error>\n    <Type>${error.type}</Type>\n` +
      `    <Code>${xmlText(error.code)}</Code>\n    <Message>${xmlText(error.message)}</Message>\n  </Error>\n` +
      `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
    requestId,
    error.code,
  );
}

export interface SigV4Scope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

/**
 * The credential scope of a SigV4 `Authorization` header (`AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/
 * aws4_request, …`). The stand-in learns the caller from the access key id; it does not verify the signature.
 */
export function sigV4Scope(authorization: string | undefined): SigV4Scope | undefined {
  const match = /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/\d{8}\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,/.exec(
    authorization ?? '',
  );
  if (!match) return undefined;
  return { accessKeyId: match[1]!, region: match[2]!, service: match[3]! };
}
