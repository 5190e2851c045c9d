export { DomainError, invalidArgument, notFound, isDomainError } from './domain-error';
export type { DomainErrorCode, FieldViolation } from './domain-error';
