// A loopback web for crawl tests (the scraper's specs, the platform's, the benchmark): sites served on 127.0.0.2 under names of a local DNS server, a TCP
// canary on 127.0.0.3 (an address the guard forbids, same port) that must never see a connection,
// and a log of every request with its times, so tests can check politeness from the server's side.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { startDnsServer, type DnsServer } from './dns-server';

export const siteAddress = '127.0.0.2';
export const canaryAddress = '127.0.0.3';

export interface SiteRequest {
  host: string;
  path: string;
  startedAt: number;
  endedAt: number;
  userAgent: string;
}

export type SiteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface TestSite {
  port: number;
  dns: DnsServer;
  /** Every request the sites answered, in arrival order. */
  requests: SiteRequest[];
  /** Connections that reached the forbidden canary address. */
  canaryConnections(): number;
  /** Serves `path` (with its query) on `host` (a name under .test). */
  route(host: string, path: string, handler: SiteHandler | string): void;
  /** Names resolved by the DNS server: any `*.test` name → the site, and `canary.test` → the canary. */
  names: Map<string, string[]>;
  url(host: string, path: string): string;
  close(): Promise<void>;
}

export const html = (body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

export async function startTestSite(): Promise<TestSite> {
  const routes = new Map<string, SiteHandler>();
  const requests: SiteRequest[] = [];
  const names = new Map<string, string[]>([['canary.test', [canaryAddress]]]);
  const dns = await startDnsServer({
    answer: (name, type) => {
      const known = names.get(name) ?? (name.endsWith('.test') ? [siteAddress] : undefined);
      return known?.filter((address) => address.includes(':') === (type === 'AAAA'));
    },
  });
  const server = createServer((request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const seen: SiteRequest = {
      host,
      path: request.url ?? '',
      startedAt: Date.now(),
      endedAt: 0,
      userAgent: request.headers['user-agent'] ?? '',
    };
    requests.push(seen);
    response.on('close', () => (seen.endedAt = Date.now()));
    const handler = routes.get(`${host}${request.url ?? ''}`);
    if (!handler) {
      response.writeHead(404, { 'content-type': 'text/html' }).end(html('<h1>Not found</h1>'));
      return;
    }
    void Promise.resolve(handler(request, response)).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, siteAddress, resolve));
  const port = (server.address() as AddressInfo).port;

  let canaryCount = 0;
  const sockets = new Set<Socket>();
  const canary = createTcpServer((socket) => {
    canaryCount++;
    sockets.add(socket);
    socket.on('error', () => undefined).destroy();
  });
  await new Promise<void>((resolve) => canary.listen(port, canaryAddress, resolve));

  return {
    port,
    dns,
    requests,
    names,
    canaryConnections: () => canaryCount,
    route(host, path, handler) {
      const served: SiteHandler =
        typeof handler === 'string'
          ? (_request, response) => {
              response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(handler);
            }
          : handler;
      routes.set(`${host}${path}`, served);
    },
    url: (host, path) => `http://${host}:${port}${path}`,
    async close() {
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => canary.close(() => resolve())),
        dns.close(),
      ]);
    },
  };
}
