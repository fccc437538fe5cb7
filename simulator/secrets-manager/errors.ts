// The errors the stand-in answers with, named and worded like the real service's (AWS JSON 1.1 `__type`), so the
// SDK raises the same exception classes callers catch in production. Messages never contain secret values.

export type ServiceErrorType =
  | 'ResourceNotFoundException'
  | 'ResourceExistsException'
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'InvalidNextTokenException'
  | 'ValidationException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'ThrottlingException'
  | 'InternalServiceError';

export class ServiceError extends Error {
  readonly type: ServiceErrorType;
  readonly httpStatus: number;

  constructor(type: ServiceErrorType, message: string, httpStatus = 400) {
    super(message);
    this.type = type;
    this.httpStatus = httpStatus;
  }

  override get name(): string {
    return this.type;
  }
}

export const secretNotFound = (): ServiceError =>
  new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

export const valueNotFound = (by: 'staging label' | 'VersionId', which: string): ServiceError =>
  new ServiceError(
    'ResourceNotFoundException',
    `Secrets Manager can't find the specified secret value for ${by}: ${which}`,
  );

export const markedForDeletion = (): ServiceError =>
  new ServiceError(
    'InvalidRequestException',
    "You can't perform this operation on the secret because it was marked for deletion.",
  );

export const rotationIncomplete = (): ServiceError =>
  new ServiceError('InvalidRequestException', "A previous rotation isn't complete. That rotation will be reattempted.");

export const invalidParameter = (message: string): ServiceError =>
  new ServiceError('InvalidParameterException', message);
