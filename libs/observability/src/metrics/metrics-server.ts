import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { workerHeartbeats, type WorkerHeartbeats } from '../heartbeats/worker-heartbeats';
import { collectProcessMetrics, renderMetrics } from './process-metrics';

export interface MetricsServerOptions {
  host: string;
  /** 0 picks a free port (tests); the bound one is on the returned server. */
  port: number;
  logger: Logger;
  /** Whose late workers `/ready` names. Default: the process's. */
  heartbeats?: WorkerHeartbeats;
}

export interface MetricsServer {
  port: number;
  /** `http://host:port`. */
  url: string;
  close(): Promise<void>;
}

/**
 * A gRPC service's HTTP side port: `GET /metrics` for Prometheus, and `GET /ready`, which names
 * the worker loops that stopped ticking (503) — the detail behind a NOT_SERVING gRPC health check.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const heartbeats = options.heartbeats ?? workerHeartbeats;
  collectProcessMetrics();
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(response, 405, 'text/plain', '');
    if (path === '/metrics') {
      renderMetrics().then(
        ({ contentType, body }) => answer(response, 200, contentType, body),
        (error: unknown) => {
          options.logger.warn({ err: error }, 'rendering the metrics failed');
          answer(response, 500, 'text/plain', 'the metrics could not be collected\n');
        },
      );
      return;
    }
    if (path === '/ready') {
      const lateWorkers = heartbeats.late();
      const status = lateWorkers.length === 0 ? 'ready' : 'late workers';
      return answer(
        response,
        lateWorkers.length === 0 ? 200 : 503,
        'application/json',
        JSON.stringify({ status, lateWorkers }),
      );
    }
    answer(response, 404, 'text/plain', 'not found: try /metrics or /ready\n');
  });
  server.listen(options.port, options.host);
  // Rejects with the listen error (a port in use) instead.
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Prometheus keeps its connection open between scrapes; closing must not wait for it.
        server.closeAllConnections();
      }),
  };
}

function answer(response: http.ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}
