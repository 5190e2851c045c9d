// Test support: a loopback HTTP server standing in for Sentry's envelope endpoint.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One envelope as the stand-in received it. */
export interface ReceivedEnvelope {
  path: string;
  /** The X-Sentry-Auth header. */
  auth: string;
  /** The whole body, as sent: what a test greps for secrets. */
  raw: string;
  /** The event item's payload, parsed. */
  event: Record<string, unknown>;
}

export interface SentryStandIn {
  /** A DSN pointing at this server, for project 42 with public key `publickey`. */
  dsn: string;
  envelopes(): ReceivedEnvelope[];
  close(): Promise<void>;
}

/** Starts a stand-in for Sentry on 127.0.0.1 that answers 200 to every envelope and keeps them. */
export async function startSentryStandIn(): Promise<SentryStandIn> {
  const received: ReceivedEnvelope[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      // An envelope is a header line, then an item header line and its payload per item.
      const [, , payload = '{}'] = raw.split('\n');
      received.push({
        path: request.url ?? '',
        auth: String(request.headers['x-sentry-auth'] ?? ''),
        raw,
        event: JSON.parse(payload) as Record<string, unknown>,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://publickey@127.0.0.1:${port}/42`,
    envelopes: () => [...received],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
