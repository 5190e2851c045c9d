import type { OutboundGuard } from '@coldreach/outbound-guard';
import { buildConnector } from 'undici';

export interface GuardedConnectorOptions {
  guard: OutboundGuard;
  /** Longest wait for TCP (and TLS) to connect, after the lookup. */
  connectTimeoutMs: number;
  /** Extra trusted CA certificates (tests serving HTTPS on loopback); the system's otherwise. */
  ca?: string | Buffer;
}

/**
 * An undici connector that sends every new connection through the outbound guard and pins it to
 * the address the guard checked.
 *
 * undici calls its Agent's `connect` function for each connection it opens, with the origin's
 * `hostname`. We resolve that name with the guard (which checks every address DNS returns, and
 * address literals in every spelling without DNS), then hand undici's own connector (buildConnector:
 * timeouts, TLS session cache, keep-alive) the checked IP as `hostname`. net/tls.connect given an IP
 * performs no lookup of its own, so nothing resolves the name a second time and a rebinding answer
 * cannot move the connection. The request itself is unchanged: the Host header still names the
 * origin, and for names `servername` carries the host so TLS sends it as SNI and verifies the
 * certificate against it (tls.connect checks `servername` before `host`); for address literals
 * there is no SNI and the certificate must name the IP, as in any client.
 *
 * A refused or unresolvable host fails the connection with the guard's own error
 * (OutboundAddressRefused, HostLookupFailed), which undici passes to the queued requests unchanged.
 * (An alternative, a `lookup` function in the connect options, is skipped by net for address
 * literals, so literals would bypass the guard; wrapping the connector covers both.)
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const connectPinned = buildConnector({
    timeout: options.connectTimeoutMs,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  return (connectOptions, callback) => {
    options.guard.resolve(connectOptions.hostname).then(
      (checked) => {
        // A server name only for names; undici derives none from an address literal's Host either.
        const servername = checked.servername ?? connectOptions.servername;
        connectPinned({ ...connectOptions, hostname: checked.address, servername }, callback);
      },
      (error: Error) => callback(error, null),
    );
  };
}
