// Vault answers logical errors with HTTP 200 and a `responseStatus` of FAILURE or EXCEPTION plus
// `errors[{type,message}]`; handlers throw VaultFailure and the pipeline turns it into that envelope.

export type ResponseStatus = 'SUCCESS' | 'WARNING' | 'FAILURE' | 'EXCEPTION';

export type JsonBody = { readonly responseStatus: ResponseStatus } & Record<string, unknown>;

export class VaultFailure extends Error {
  override readonly name = 'VaultFailure';

  constructor(
    readonly type: string,
    message: string,
    readonly responseStatus: 'FAILURE' | 'EXCEPTION' = 'FAILURE',
    /** Extra top-level members, e.g. `errorType: AUTHENTICATION_FAILED` on /auth failures. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function successBody(members: Record<string, unknown> = {}): JsonBody {
  return { responseStatus: 'SUCCESS', ...members };
}

export function failureBody(failure: VaultFailure): JsonBody {
  return {
    responseStatus: failure.responseStatus,
    ...failure.extra,
    errors: [{ type: failure.type, message: failure.message }],
  };
}

export function firstErrorType(body: JsonBody): string | undefined {
  const errors = body.errors;
  if (!Array.isArray(errors)) return undefined;
  const first: unknown = errors[0];
  if (first !== null && typeof first === 'object' && 'type' in first && typeof first.type === 'string') {
    return first.type;
  }
  return undefined;
}

/** Vault's own datetime form in JSON answers: `2024-11-13T00:17:17.000Z`. */
export function vaultDateTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
