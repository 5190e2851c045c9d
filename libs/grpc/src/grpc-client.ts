import { connect as connectTcp } from 'node:net';
import type { DescService } from '@bufbuild/protobuf';
import { createClient, type Client, type Interceptor } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { clientInterceptors } from './rpc-interceptors';

export interface GrpcClientOptions {
  /** e.g. `http://127.0.0.1:50051` */
  baseUrl: string;
  /** Deadline applied to every call that does not set its own. */
  timeoutMs?: number;
  interceptors?: Interceptor[];
}

/** A typed gRPC client over HTTP/2 for one service. Every call carries a deadline. */
export function createGrpcClient<T extends DescService>(service: T, options: GrpcClientOptions): Client<T> {
  const transport = createGrpcTransport({
    baseUrl: options.baseUrl,
    defaultTimeoutMs: options.timeoutMs ?? 5000,
    interceptors: [...clientInterceptors, ...(options.interceptors ?? [])],
    // Asks for uncompressed replies. connect-node's default (gzip and br accepted) has servers gzip
    // every reply over 1 KiB, e.g. a page of leads: CPU on both ends of a hop between services in
    // one network, for bandwidth nobody is short of (zlib was 1–2% of the gateway's and the Client
    // service's CPU profiles in bench:gateway-read). A server compresses only what its client accepts.
    acceptCompression: [],
    // Detect a dead peer on an idle connection instead of waiting for the OS.
    pingIntervalMs: 30_000,
    idleConnectionTimeoutMs: 5 * 60_000,
    nodeOptions: {
      // Small gRPC frames must not wait for Nagle's algorithm: with delayed ACKs on the peer that
      // adds ~40 ms to a call (measured in bench/gateway-read).
      createConnection: (authority: URL) =>
        connectTcp({
          host: authority.hostname.replace(/^\[|\]$/g, ''),
          port: Number(authority.port),
          noDelay: true,
        }),
    },
  });
  return createClient(service, transport);
}
