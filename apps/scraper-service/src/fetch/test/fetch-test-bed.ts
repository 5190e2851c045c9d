import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDnsResolver,
  createOutboundGuard,
  parseAllowedCidrs,
  type OutboundGuard,
} from '@coldreach/outbound-guard';
import { startDnsServer, startTcpCanary, type DnsServer, type TcpCanary } from '@coldreach/testing';
import { createPageFetcher, type PageFetcher, type PageFetcherOptions } from '../page-fetcher';

/** The one private address the guard allows in these tests; the site listens there. */
export const siteAddress = '127.0.0.2';
export const allowListName = 'SCRAPER_ALLOWED_PRIVATE_CIDRS';

export interface SeenRequest {
  host: string | undefined;
  path: string | undefined;
  userAgent: string | undefined;
  acceptEncoding: string | undefined;
}

/** A name's addresses (A and AAAA alike), or a function for answers that change (rebinding). */
export type NameAnswer = readonly string[] | ((type: 'A' | 'AAAA') => readonly string[]);

export interface FetchTestBed {
  /** The site's port on 127.0.0.2, and the canary's on 127.0.0.1 (the same number). */
  port: number;
  canary: TcpCanary;
  dns: DnsServer;
  guard: OutboundGuard;
  /** Names the DNS server answers (unknown names are NXDOMAIN); tests add their own. */
  names: Map<string, NameAnswer>;
  requests: SeenRequest[];
  /** Whether the response to request `index` was sent in full, once its connection is done with it. */
  responseFinished(index: number): Promise<boolean>;
  route(path: string, handler: RequestListener): void;
  /** `http://site.test:<port><path>`, or another host. */
  url(path: string, host?: string): string;
  /** A fetcher through the test guard, allowed the bed's port; closed with the bed. */
  fetcher(overrides?: Partial<PageFetcherOptions>): PageFetcher;
  close(): Promise<void>;
}

/**
 * A loopback web for fetch tests: a site on 127.0.0.2 (the only address the guard allows), a TCP
 * canary on the same port of 127.0.0.1 (forbidden: it must never see a connection), and a DNS
 * server for the names `site.test` (→ the site), `canary.test` (→ the canary) and any a test adds.
 * Nothing leaves 127.0.0.0/8.
 */
export async function startFetchTestBed(): Promise<FetchTestBed> {
  const routes = new Map<string, RequestListener>();
  const requests: SeenRequest[] = [];
  const finishes: Promise<boolean>[] = [];
  const names = new Map<string, NameAnswer>([
    ['site.test', [siteAddress]],
    ['canary.test', ['127.0.0.1']],
  ]);
  const dns = await startDnsServer({
    answer: (name, type) => {
      const answer = names.get(name);
      if (!answer) return undefined;
      const addresses = typeof answer === 'function' ? answer(type) : answer;
      return addresses.filter((address) => address.includes(':') === (type === 'AAAA'));
    },
  });
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push({
      host: request.headers.host,
      path: request.url,
      userAgent: request.headers['user-agent'],
      acceptEncoding: request.headers['accept-encoding'],
    });
    finishes.push(new Promise((resolve) => response.on('close', () => resolve(response.writableFinished))));
    const handler = routes.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (handler) return void handler(request, response);
    response.writeHead(404, { 'content-type': 'text/html' }).end('<p>not here</p>');
  });
  const canary = await listenBesideCanary(server);
  const port = canary.port;
  const allowed = parseAllowedCidrs(`${siteAddress}/32`);
  if (!allowed.ok) throw new Error(allowed.problem);
  const guard = createOutboundGuard({
    allowedCidrs: allowed.cidrs,
    allowListName,
    resolver: createDnsResolver([dns.server]),
  });
  const fetchers: PageFetcher[] = [];

  return {
    port,
    canary,
    dns,
    guard,
    names,
    requests,
    responseFinished: (index) => finishes[index] ?? Promise.reject(new Error(`no request ${index}`)),
    route: (path, handler) => void routes.set(path, handler),
    url: (path, host = 'site.test') => `http://${host}:${port}${path}`,
    fetcher: (overrides = {}) => {
      const fetcher = createPageFetcher({
        guard,
        userAgent: 'ColdReachBot/0.1 (+https://example.org/bot)',
        allowedPorts: [port],
        ...overrides,
      });
      fetchers.push(fetcher);
      return fetcher;
    },
    close: async () => {
      // Everything closes even when a fetcher fails to, so no handle keeps Jest waiting.
      await Promise.allSettled(fetchers.map((fetcher) => fetcher.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([canary.close(), dns.close()]);
    },
  };
}

/** Starts a canary on 127.0.0.1, then the server on the same port of 127.0.0.2 (retrying if taken). */
async function listenBesideCanary(server: Server): Promise<TcpCanary> {
  for (let attempt = 0; ; attempt++) {
    const canary = await startTcpCanary();
    const listening = await new Promise<boolean>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) =>
        error.code === 'EADDRINUSE' && attempt < 20 ? resolve(false) : reject(error);
      server.once('error', onError);
      server.listen(canary.port, siteAddress, () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port === canary.port);
      });
    });
    if (listening) return canary;
    await canary.close();
  }
}

/** Writes `chunk` again and again, minding back-pressure, until the client goes away. */
export function writeForever(response: ServerResponse, chunk: Buffer): void {
  const more = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', more);
  };
  more();
}
