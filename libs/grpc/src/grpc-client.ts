import type { DescService } from '@bufbuild/protobuf';
import { createClient, type Client, type Interceptor } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';

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
    interceptors: options.interceptors ?? [],
    // Detect a dead peer on an idle connection instead of waiting for the OS.
    pingIntervalMs: 30_000,
    idleConnectionTimeoutMs: 5 * 60_000,
  });
  return createClient(service, transport);
}
