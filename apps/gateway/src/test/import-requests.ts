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
