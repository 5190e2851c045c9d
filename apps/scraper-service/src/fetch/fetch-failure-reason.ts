import { HostLookupFailed, OutboundAddressRefused } from '@coldreach/outbound-guard';
import { BodyTooLarge, UnsupportedEncoding } from './read-capped-body';

/** The limits a reason may name. */
export interface FetchLimits {
  maxBytes: number;
  headersTimeoutMs: number;
  bodyIdleTimeoutMs: number;
  connectTimeoutMs: number;
  pageDeadlineMs: number;
}

/** Why the page's own time ran out, when it did: checked before the error, which is then a mere abort. */
export type StopCause = 'deadline' | 'cancelled' | undefined;

const tlsCode = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;
const decodeCode = /^(Z_|ERR_ZLIB|ERR_BROTLI)/;

/**
 * One short line saying why a fetch failed, in the job's words: "refused: …", "DNS: ENOTFOUND",
 * "timeout after 15s (headers)", "too large: over 5 MB", "TLS: CERT_HAS_EXPIRED"… Built from error
 * codes and our own messages only, never from what the server sent.
 */
export function fetchFailureReason(error: unknown, limits: FetchLimits, stopped: StopCause): string {
  if (stopped === 'deadline') return `timeout after ${seconds(limits.pageDeadlineMs)} (whole page)`;
  if (stopped === 'cancelled') return 'cancelled';
  if (error instanceof OutboundAddressRefused) return `refused: ${error.message}`;
  if (error instanceof HostLookupFailed) return `DNS: ${error.lookupCode}`;
  if (error instanceof BodyTooLarge) return `too large: over ${size(limits.maxBytes)}`;
  if (error instanceof UnsupportedEncoding) return error.message;
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `timeout after ${seconds(limits.headersTimeoutMs)} (headers)`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `timeout after ${seconds(limits.bodyIdleTimeoutMs)} (body idle)`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `timeout after ${seconds(limits.connectTimeoutMs)} (connect)`;
    case 'UND_ERR_HEADERS_OVERFLOW':
      return 'too large: response headers';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
  }
  if (tlsCode.test(code)) return `TLS: ${code}`;
  if (decodeCode.test(code)) return `bad content encoding (${code})`;
  if (code.startsWith('HPE_')) return `bad HTTP response (${code})`;
  return `network error (${code || (error instanceof Error ? error.name : 'unknown')})`;
}

/** `15s`, `0.5s`. */
export function seconds(ms: number): string {
  return `${ms / 1000}s`;
}

/** `5 MB`, `256 KB`, `1000 bytes`. */
export function size(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
