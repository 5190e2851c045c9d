export { sanitizeRemoteText } from './sanitize-remote-text';
export type { RemoteTextOptions } from './sanitize-remote-text';
