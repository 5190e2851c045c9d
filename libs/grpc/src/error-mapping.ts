import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { create } from '@bufbuild/protobuf';
import { BadRequestSchema, FieldViolationSchema } from '@coldreach/contracts';
import { DomainError, type DomainErrorCode } from '@coldreach/errors';
import type { Logger } from '@coldreach/observability';
import { isTransportFailure } from './transport-failure';

const toCode: Record<DomainErrorCode, Code> = {
  invalid_argument: Code.InvalidArgument,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  failed_precondition: Code.FailedPrecondition,
  permission_denied: Code.PermissionDenied,
  unauthenticated: Code.Unauthenticated,
  resource_exhausted: Code.ResourceExhausted,
  unavailable: Code.Unavailable,
  deadline_exceeded: Code.DeadlineExceeded,
  internal: Code.Internal,
};

const fromCode = new Map<Code, DomainErrorCode>(
  Object.entries(toCode).map(([domain, code]) => [code, domain as DomainErrorCode]),
);

/** Maps a domain error to the gRPC status it travels as, with field violations as a detail. */
export function domainErrorToConnect(error: DomainError): ConnectError {
  const details = error.violations.length
    ? [
        {
          desc: BadRequestSchema,
          value: create(BadRequestSchema, {
            fieldViolations: error.violations.map((v) =>
              create(FieldViolationSchema, { field: v.field, description: v.message }),
            ),
          }),
        },
      ]
    : [];
  return new ConnectError(error.message, toCode[error.code], undefined, details);
}

/** Turns a gRPC error received from another service back into a DomainError (client side). */
export function connectToDomainError(error: unknown): DomainError {
  const connectError = ConnectError.from(error);
  const mapped =
    fromCode.get(connectError.code) ?? (connectError.code === Code.Canceled ? 'unavailable' : 'internal');
  const code = mapped === 'internal' && isTransportFailure(error) ? 'unavailable' : mapped;
  const violations = connectError
    .findDetails(BadRequestSchema)
    .flatMap((detail) => detail.fieldViolations.map((v) => ({ field: v.field, message: v.description })));
  return new DomainError(code, connectError.rawMessage, { violations, cause: error });
}

/**
 * Server interceptor: domain errors become their gRPC status; anything else is logged and answered
 * as INTERNAL with no detail, so internals never leak to callers.
 */
export function createErrorMappingInterceptor(logger: Logger): Interceptor {
  return (next) => async (request) => {
    try {
      return await next(request);
    } catch (error) {
      if (error instanceof DomainError) throw domainErrorToConnect(error);
      if (error instanceof ConnectError) throw error;
      logger.error({ err: error, procedure: request.method.name }, 'unhandled error in RPC handler');
      throw new ConnectError('internal error', Code.Internal);
    }
  };
}
