export { DomainError, invalidArgument, notFound, isDomainError } from './domain-error';
export type { DomainErrorCode, FieldViolation } from './domain-error';
export { snakeCaseKey, unstorableTextProblem, unstorableTextViolations } from './unstorable-text';
export type { UnstorableTextOptions } from './unstorable-text';
