import { sessionHeaders } from '../../api/client';
import { ApiError, problemOf } from '../../api/problem';
import type { components } from '../../gen/api-schema';

export type ImportReport = components['schemas']['ImportReport'];

/**
 * POST /api/leads/import as multipart/form-data (the mapping and tags before the file, as the route
 * reads them), with the progress id the server reports under. XMLHttpRequest rather than fetch: it
 * says how many bytes went out, which the bar shows until the server's counts arrive.
 */
export function uploadImport(options: {
  file: File;
  mapping: string;
  tags: string;
  progressId: string;
  onSent: (sent: number, total: number) => void;
}): Promise<ImportReport> {
  const form = new FormData();
  form.append('mapping', options.mapping);
  if (options.tags.trim() !== '') form.append('tags', options.tags);
  form.append('file', options.file);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/leads/import?progressId=${encodeURIComponent(options.progressId)}`);
    for (const [name, value] of Object.entries(sessionHeaders('POST'))) request.setRequestHeader(name, value);
    request.responseType = 'json';
    request.upload.onprogress = (event) => options.onSent(event.loaded, event.total);
    request.onload = () => {
      if (request.status === 200) resolve(request.response as ImportReport);
      else
        reject(
          new ApiError(problemOf(request.status, request.response, request.statusText || 'Upload failed')),
        );
    };
    request.onerror = () =>
      reject(new ApiError(problemOf(0, null, 'The upload was cut off. Check the connection and try again.')));
    request.send(form);
  });
}

/**
 * A random UUID (v4) naming the upload's progress. crypto.randomUUID exists only in secure contexts
 * (https, localhost); the dashboard may be opened over plain http on a LAN address.
 */
export function newProgressId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
