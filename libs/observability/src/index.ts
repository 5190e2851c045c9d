export { createLogger, redactUrl, redactedPaths } from './create-logger';
export type { Logger } from './create-logger';
