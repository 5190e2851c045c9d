/** What went wrong, independent of any transport; each edge maps these codes once (gRPC, HTTP). */
export type DomainErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'permission_denied'
  | 'unauthenticated'
  | 'resource_exhausted'
  | 'unavailable'
  | 'deadline_exceeded'
  | 'internal';

/** One problem with one input field, e.g. `{ field: 'email', message: 'must be a valid email address' }`. */
export interface FieldViolation {
  field: string;
  message: string;
}

/** The one error type domain code throws. `retriable` says whether the same call may succeed later. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly options: { violations?: FieldViolation[]; retriable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  get violations(): FieldViolation[] {
    return this.options.violations ?? [];
  }

  get retriable(): boolean {
    return this.options.retriable ?? (this.code === 'unavailable' || this.code === 'deadline_exceeded');
  }
}

/** An INVALID_ARGUMENT error naming every bad field; its message lists them so logs stay useful. */
export function invalidArgument(violations: FieldViolation[]): DomainError {
  const message = violations.map((v) => `${v.field}: ${v.message}`).join('; ');
  return new DomainError('invalid_argument', message, { violations });
}

export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${what} not found`);
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
