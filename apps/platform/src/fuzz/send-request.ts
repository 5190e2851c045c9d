import { request, type Agent } from 'node:http';
import type { FuzzRequest } from './request-arbitrary';

export interface FuzzResponse {
  status: number;
  contentType: string;
  /** At most `maxBytes` + 1 bytes: more than the bound is a failure, and is not kept. */
  body: Buffer;
  bytes: number;
  durationMs: number;
}

/**
 * Sends one request with node:http rather than fetch: fetch normalises paths and refuses some of
 * what a hostile client sends (`%zz`, raw `..`), and the point is to send it anyway.
 */
export function sendRequest(
  baseUrl: URL,
  generated: FuzzRequest,
  options: { agent: Agent; maxBytes: number; timeoutMs: number },
): Promise<FuzzResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: baseUrl.hostname,
        port: baseUrl.port,
        method: generated.method,
        path: generated.path,
        headers: {
          ...generated.headers,
          ...(generated.body === undefined ? {} : { 'content-length': String(generated.body.length) }),
        },
        agent: options.agent,
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes <= options.maxBytes + 1) chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
            bytes,
            durationMs: performance.now() - started,
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    outgoing.on('error', (error) => {
      // The server may answer (413, 400) and close before it has read the whole body.
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
      reject(error);
    });
    outgoing.end(generated.body);
  });
}
