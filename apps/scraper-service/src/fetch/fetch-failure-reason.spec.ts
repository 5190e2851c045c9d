import { HostLookupFailed, OutboundAddressRefused } from '@coldreach/outbound-guard';
import { fetchFailureReason, size, type FetchLimits, type StopCause } from './fetch-failure-reason';
import { BodyTooLarge, UnsupportedEncoding } from './read-capped-body';

const limits: FetchLimits = {
  maxBytes: 5 * 1024 * 1024,
  headersTimeoutMs: 15_000,
  bodyIdleTimeoutMs: 500,
  connectTimeoutMs: 10_000,
  pageDeadlineMs: 30_000,
};
const coded = (code: string) => Object.assign(new Error('the server said something long'), { code });

describe('fetchFailureReason', () => {
  it.each<[string, unknown, StopCause, string]>([
    [
      'the deadline, whatever the error',
      coded('UND_ERR_ABORTED'),
      'deadline',
      'timeout after 30s (whole page)',
    ],
    ['a cancel', coded('UND_ERR_ABORTED'), 'cancelled', 'cancelled'],
    [
      'a refusal',
      new OutboundAddressRefused('10.0.0.5 is a private address', '10.0.0.5', '10.0.0.5', 'private'),
      undefined,
      'refused: 10.0.0.5 is a private address',
    ],
    ['a lookup failure', new HostLookupFailed('nowhere.test', 'ENOTFOUND'), undefined, 'DNS: ENOTFOUND'],
    ['a body over the cap', new BodyTooLarge(), undefined, 'too large: over 5 MB'],
    ['an unknown encoding', new UnsupportedEncoding('zstd'), undefined, 'unsupported content encoding: zstd'],
    ['headers too slow', coded('UND_ERR_HEADERS_TIMEOUT'), undefined, 'timeout after 15s (headers)'],
    ['a body gone quiet', coded('UND_ERR_BODY_TIMEOUT'), undefined, 'timeout after 0.5s (body idle)'],
    ['a slow connect', coded('UND_ERR_CONNECT_TIMEOUT'), undefined, 'timeout after 10s (connect)'],
    ['huge headers', coded('UND_ERR_HEADERS_OVERFLOW'), undefined, 'too large: response headers'],
    ['a refused port', coded('ECONNREFUSED'), undefined, 'connection refused'],
    ['a reset', coded('ECONNRESET'), undefined, 'connection reset'],
    ['a closed socket', coded('UND_ERR_SOCKET'), undefined, 'connection reset'],
    ['no route', coded('EHOSTUNREACH'), undefined, 'host unreachable'],
    [
      'a certificate for another name',
      coded('ERR_TLS_CERT_ALTNAME_INVALID'),
      undefined,
      'TLS: ERR_TLS_CERT_ALTNAME_INVALID',
    ],
    ['an expired certificate', coded('CERT_HAS_EXPIRED'), undefined, 'TLS: CERT_HAS_EXPIRED'],
    [
      'a self-signed certificate',
      coded('DEPTH_ZERO_SELF_SIGNED_CERT'),
      undefined,
      'TLS: DEPTH_ZERO_SELF_SIGNED_CERT',
    ],
    ['bad gzip', coded('Z_DATA_ERROR'), undefined, 'bad content encoding (Z_DATA_ERROR)'],
    [
      'a broken response',
      coded('HPE_INVALID_CONSTANT'),
      undefined,
      'bad HTTP response (HPE_INVALID_CONSTANT)',
    ],
    ['anything else', coded('EWEIRD'), undefined, 'network error (EWEIRD)'],
    ['an error without a code', new TypeError('boom'), undefined, 'network error (TypeError)'],
  ])('%s → %s', (_case, error, stopped, reason) => {
    expect(fetchFailureReason(error, limits, stopped)).toBe(reason);
  });

  it('never repeats an error’s message, which may hold what the server sent', () => {
    expect(fetchFailureReason(coded('EWEIRD'), limits, undefined)).not.toContain('server said');
  });

  it.each([
    [5 * 1024 * 1024, '5 MB'],
    [256 * 1024, '256 KB'],
    [1000, '1000 bytes'],
  ])('writes %d bytes as %s', (bytes, text) => {
    expect(size(bytes)).toBe(text);
  });
});
