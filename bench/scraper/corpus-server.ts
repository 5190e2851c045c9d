// The corpus as a web on loopback, in a process of its own: every host name answered by a local DNS
// server (127.0.0.1), every page by one HTTP server on 127.0.0.2 choosing by Host header, pages
// rendered once at start. Each request is logged (host, kind, start, end) so the run can read what
// the crawlers did to each host from the server's side, through a control server on 127.0.0.1.
// Usage: corpus-server.ts <hosts> <pagesPerHost> <seed>; prints `CORPUS {"port",…}` when ready.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startDnsServer } from '@coldreach/testing';
import { renderPage } from './corpus-html';
import { corpusAddress, planCorpus } from './corpus-plan';
import type { LoggedRequest } from './politeness';

const [hosts, pagesPerHost, seed] = process.argv.slice(2).map(Number) as [number, number, number];
const corpus = planCorpus({ hosts, pagesPerHost, seed });
const hostIndex = new Map(corpus.hosts.map((host, index) => [host.host, index]));
const pages = new Map<string, Buffer>();
for (const host of corpus.hosts) {
  host.pages.forEach((page, index) =>
    pages.set(`${host.host}${page.path}`, Buffer.from(renderPage(host, page, index))),
  );
}
const robotsTxt = Buffer.from('User-agent: *\nAllow: /\n');
const notFound = Buffer.from('<!doctype html><html><body><h1>Not found</h1></body></html>');

let log: LoggedRequest[] = [];

function serve(request: IncomingMessage, response: ServerResponse): void {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  const path = request.url ?? '/';
  const page = pages.get(`${host}${path}`);
  const kind = page ? 'page' : path === '/robots.txt' ? 'robots' : 'other';
  const entry: LoggedRequest = {
    host: hostIndex.get(host) ?? -1,
    kind,
    path,
    start: performance.now(),
    end: 0,
  };
  log.push(entry);
  response.on('finish', () => (entry.end = performance.now()));
  if (page) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
    response.end(page);
  } else if (kind === 'robots') {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': robotsTxt.length });
    response.end(robotsTxt);
  } else {
    response.writeHead(404, { 'content-type': 'text/html', 'content-length': notFound.length });
    response.end(notFound);
  }
}

async function main(): Promise<void> {
  const dns = await startDnsServer({
    answer: (name, type) => {
      if (name === 'localhost') return type === 'A' ? ['127.0.0.1'] : [];
      if (!hostIndex.has(name)) return undefined;
      return type === 'A' ? [corpusAddress] : [];
    },
  });
  const web = createServer(serve);
  // Crawlers keep connections open across the whole run; the default 5 s would close idle ones.
  web.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => web.listen(0, corpusAddress, 1024, resolve));
  const control = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/reset') {
      log = [];
      response.end('{}');
    } else if (request.url === '/log') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(log));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const bytes = [...pages.values()].reduce((sum, page) => sum + page.length, 0);
  console.log(
    `CORPUS ${JSON.stringify({
      port: (web.address() as AddressInfo).port,
      dns: dns.server,
      control: (control.address() as AddressInfo).port,
      pages: pages.size,
      bytes,
    })}`,
  );
  process.once('SIGTERM', () => {
    web.closeAllConnections();
    web.close();
    control.close();
    void dns.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
