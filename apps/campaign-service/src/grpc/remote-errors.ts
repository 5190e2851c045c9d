import { Code, ConnectError } from '@connectrpc/connect';
import { DomainError } from '@coldreach/errors';
import { connectToDomainError } from '@coldreach/grpc';

/** True when a call to another service answered NOT_FOUND. */
export function isRemoteNotFound(error: unknown): boolean {
  return error instanceof ConnectError && error.code === Code.NotFound;
}

/**
 * What a failed call to another service means to our caller: UNAVAILABLE (retriable) when the peer
 * could not answer in time or at all; otherwise an internal error, since our own requests are
 * validated before they go out and a refusal is a bug, not the caller's mistake.
 */
export function remoteFailure(service: string, error: unknown): DomainError {
  const mapped = connectToDomainError(error);
  if (mapped.code === 'unavailable' || mapped.code === 'deadline_exceeded') {
    return new DomainError('unavailable', `the ${service} is unavailable; try again`, { cause: error });
  }
  return new DomainError('internal', `the ${service} refused a request: ${mapped.message}`, { cause: error });
}
