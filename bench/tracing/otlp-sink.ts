// A stand-in OTLP/HTTP collector for the tracing-overhead runs: accepts every export on loopback,
// counts the spans and discards them, so what is measured is the services' cost of tracing, not a
// collector's. Usage: node -r @swc-node/register bench/tracing/otlp-sink.ts [port]
// (prints the span count on SIGINT/SIGTERM; point OTEL_EXPORTER_OTLP_ENDPOINT at http://127.0.0.1:<port>).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSink {
  url: string;
  /** Spans (and links) and export requests received so far. */
  counts(): { spans: number; requests: number; bytes: number };
  close(): Promise<void>;
}

/** Starts the sink on 127.0.0.1 (port 0: any free port). */
export async function startOtlpSink(port = 0): Promise<OtlpSink> {
  let spans = 0;
  let requests = 0;
  let bytes = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      requests++;
      bytes += body.length;
      // Counted by the "spanId" key (a span's, and each of its links'): parsing every export would
      // cost the sink's CPU, which the services share.
      spans += body.toString('latin1').split('"spanId"').length - 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    counts: () => ({ spans, requests, bytes }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  void startOtlpSink(Number(process.argv[2] ?? 4318)).then((sink) => {
    console.log(`OTLP sink on ${sink.url}`);
    const report = () => {
      console.log(JSON.stringify(sink.counts()));
      process.exit(0);
    };
    process.on('SIGINT', report);
    process.on('SIGTERM', report);
  });
}
