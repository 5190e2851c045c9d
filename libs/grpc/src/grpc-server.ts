import http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { ConnectRouter, Interceptor } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { serverInterceptors } from './rpc-interceptors';
import type { Logger } from '@coldreach/observability';
import { createErrorMappingInterceptor } from './error-mapping';
import { createHealthRegistry, registerHealthService, type HealthRegistry } from './health-service';

export interface GrpcServerOptions {
  host: string;
  port: number;
  /** Registers the service implementations. */
  routes: (router: ConnectRouter) => void;
  logger: Logger;
  /** Extra interceptors (tracing goes here), run outside the error mapping. */
  interceptors?: Interceptor[];
  /** How long close() lets in-flight calls finish before cutting connections. */
  drainMs?: number;
}

export interface GrpcServer {
  /** The bound port (useful when asked for port 0). */
  port: number;
  /** `http://host:port`, for clients. */
  url: string;
  health: HealthRegistry;
  /** Not serving → drain in-flight calls → close every HTTP/2 session. */
  close(): Promise<void>;
}

/**
 * Serves Connect routes over the gRPC protocol on plain HTTP/2 (h2c), plus grpc.health.v1.
 * HTTP/2 sessions are tracked because `server.close()` waits for idle clients forever otherwise.
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcServer> {
  const health = createHealthRegistry();
  const handler = connectNodeAdapter({
    grpc: true,
    grpcWeb: false,
    connect: false,
    interceptors: [
      ...serverInterceptors,
      ...(options.interceptors ?? []),
      createErrorMappingInterceptor(options.logger),
    ],
    routes(router) {
      options.routes(router);
      registerHealthService(router, health);
    },
  });
  const server = http2.createServer(handler);
  // Replies are small frames; Nagle's algorithm would hold them back until the peer's delayed ACK.
  server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    // A peer that vanishes must not crash the process.
    session.on('error', (error) => options.logger.debug({ err: error }, 'http2 session error'));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  async function close(): Promise<void> {
    health.shutdown();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of sessions) session.close();
    const drain = setTimeout(() => {
      for (const session of sessions) session.destroy();
    }, options.drainMs ?? 5000);
    await closed;
    clearTimeout(drain);
  }

  return { port, url: `http://${host}:${port}`, health, close };
}
