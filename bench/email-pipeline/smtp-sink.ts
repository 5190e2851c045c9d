// The benchmark's SMTP sink, run as its own process so its CPU is not charged to what is measured.
// It accepts every message (no TLS, no auth), reads it to the end, and counts accepted messages and
// distinct Message-IDs. It never parses a body: only the header block is kept, to find Message-ID.
// Prints one JSON line `{"smtpPort":…,"httpPort":…}` when listening; then answers on HTTP:
//   GET  /counts → {accepted, unique, duplicates, missingIds, firstAt, lastAt, reachedAt}
//   POST /reset?target=N → forgets everything; `reachedAt` is when `accepted` reached N.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let ids = new Set<string>();
let accepted = 0;
let duplicates = 0;
let missingIds = 0;
let firstAt = 0;
let lastAt = 0;
let target = 0;
let reachedAt = 0;

const messageIdPattern = /^message-id:[ \t]*(<[^>\r\n]*>)/im;
const headerLimit = 64 * 1024;

function record(header: string): void {
  const now = Date.now();
  const id = messageIdPattern.exec(header)?.[1];
  if (!id) missingIds++;
  else if (ids.has(id)) duplicates++;
  else ids.add(id);
  accepted++;
  firstAt ||= now;
  lastAt = now;
  if (target > 0 && accepted === target) reachedAt = now;
}

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  logger: false,
  // Thousands of pooled connections over a run; none should linger once the client is gone.
  socketTimeout: 60_000,
  closeTimeout: 100,
  onData(stream, _session, callback) {
    let header = '';
    let headerDone = false;
    stream.on('data', (chunk: Buffer) => {
      if (headerDone) return;
      header += chunk.toString('latin1');
      const end = header.indexOf('\r\n\r\n');
      if (end >= 0) {
        header = header.slice(0, end);
        headerDone = true;
      } else if (header.length > headerLimit) headerDone = true;
    });
    stream.on('end', () => {
      record(header);
      callback(null, 'OK');
    });
  },
});
// A client dropping its connection makes smtp-server emit 'error'; that is the client's business.
smtp.on('error', () => undefined);

const http = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://sink');
  if (request.method === 'POST' && url.pathname === '/reset') {
    ids = new Set();
    accepted = duplicates = missingIds = firstAt = lastAt = reachedAt = 0;
    target = Number(url.searchParams.get('target') ?? 0);
  } else if (request.method !== 'GET' || url.pathname !== '/counts') {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({ accepted, unique: ids.size, duplicates, missingIds, firstAt, lastAt, reachedAt }),
  );
});

smtp.listen(0, '127.0.0.1', () => {
  http.listen(0, '127.0.0.1', () => {
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const httpPort = (http.address() as AddressInfo).port;
    console.log(JSON.stringify({ smtpPort, httpPort }));
  });
});

process.once('SIGTERM', () => {
  http.close();
  smtp.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
