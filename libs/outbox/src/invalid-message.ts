import { QueryFailedError } from 'typeorm';
import { DomainError } from '@coldreach/errors';

/**
 * A message its consumer can never apply as it is: bytes that are not an envelope, a payload of
 * another type, or an event without what the consumer needs (e.g. a workspace id). Retrying cannot
 * help, so the message handlers move it to the dead letters at once, with this message as the reason.
 */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
  readonly retriable = false;
}

/** An InvalidMessageError: `reason` names what is wrong and must not quote the payload. */
export function invalidMessage(reason: string, cause?: unknown): InvalidMessageError {
  return new InvalidMessageError(reason, { cause });
}

/**
 * True when handling the same message again would fail the same way: an InvalidMessageError, a
 * domain INVALID_ARGUMENT, or a PostgreSQL data exception (SQLSTATE class 22: a value its column
 * refuses, e.g. "invalid input syntax for type uuid"). Anything else (a lost connection, a deadlock,
 * a serialization failure, a bug that a deploy fixes) may pass later and is retried.
 */
export function isDeterministicFailure(error: unknown): boolean {
  if (error instanceof InvalidMessageError) return true;
  if (error instanceof DomainError) return error.code === 'invalid_argument';
  const driverError = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  const code = (driverError as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
