export { createLogger, redactUrl, redactedPaths, serializeError } from './create-logger';
export type { Logger } from './create-logger';
export { maxLoggedUrlLength, redactedMark, redactRequestUrl, redactSecretText } from './redact-secrets';
