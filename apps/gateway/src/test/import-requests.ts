import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Tenant, GatewayHarness } from './gateway-harness';
import { multipartBody } from './multipart-body';

/** POST /api/leads/import as a raw text/csv body or as a multipart form, with a tenant's key. */
export function importRequests(h: GatewayHarness) {
  return {
    csv: (t: Tenant, csv: string | Buffer, query = '') =>
      h.call('POST', `/api/leads/import${query}`, {
        key: t.key,
        body: csv,
        headers: { 'content-type': 'text/csv' },
      }),
    multipart: (t: Tenant, csv: string | Buffer, fields: Record<string, string> = {}) => {
      const { payload, contentType } = multipartBody(csv, fields);
      return h.call('POST', '/api/leads/import', {
        key: t.key,
        body: payload,
        headers: { 'content-type': contentType },
      });
    },
    /** A raw multipart body, for malformed ones. */
    rawMultipart: (t: Tenant, body: string, contentType = 'multipart/form-data; boundary=x') =>
      h.call('POST', '/api/leads/import', { key: t.key, body, headers: { 'content-type': contentType } }),
  };
}

/** A text/csv import being uploaded over real HTTP (chunked): the test decides when each part goes. */
export interface ImportUpload {
  /** Sends a chunk, waiting for the socket to drain when it is full. */
  write(chunk: string): Promise<void>;
  /** Ends the upload and answers the response. */
  end(): Promise<{ status: number; body: string }>;
}

/** Starts POST /api/leads/import (with `query`) on a listening app with `key`; nothing is sent until `write`. */
export function startImportUpload(app: FastifyInstance, key: string, query = ''): ImportUpload {
  const { port } = app.server.address() as AddressInfo;
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: `/api/leads/import${query}`,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let body = '';
      response
        .setEncoding('utf8')
        .on('data', (chunk: string) => (body += chunk))
        .on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
  return {
    async write(chunk) {
      if (!request.write(chunk)) await new Promise((resolve) => request.once('drain', resolve));
    },
    end() {
      request.end();
      return answer;
    },
  };
}

/**
 * Streams a text/csv import over real HTTP, so a file far larger than a test would want to hold is
 * sent as it is generated. The app must be listening.
 */
export async function streamImport(
  app: FastifyInstance,
  key: string,
  chunks: Iterable<string>,
): Promise<{ status: number; body: string }> {
  const upload = startImportUpload(app, key);
  for (const chunk of chunks) await upload.write(chunk);
  return upload.end();
}
