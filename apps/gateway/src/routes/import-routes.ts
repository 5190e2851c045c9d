import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { ClientService } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import { callService } from '../mapping/service-call';
import { splitTags } from '../import/csv-columns';
import { importCsv } from '../import/csv-import';
import { problem, ProblemError } from '../errors/problem';
import { importQuerySchema } from '../schemas/import-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

export interface ImportRoutesOptions {
  clients: Client<typeof ClientService>;
  importMaxBytes: number;
  /** How many rejected rows a report lists (every one is counted). */
  importMaxReportedErrors?: number;
}

/** What a multipart envelope (boundaries, part headers, the tags field) may add to the file's size. */
const multipartOverheadBytes = 64 * 1024;

/**
 * POST /api/leads/import: a CSV upload, as `multipart/form-data` (field `file`, optional `tags`
 * before it) or as a raw `text/csv` body. Only these two media types are accepted here.
 */
export async function importRoutes(app: FastifyInstance, opts: ImportRoutesOptions) {
  const { clients, importMaxBytes, importMaxReportedErrors = 1000 } = opts;
  app.removeAllContentTypeParsers();
  await app.register(multipart, {
    // Our own byte count answers 413 first; busboy's limit only bounds what it buffers.
    limits: {
      fileSize: importMaxBytes + 1,
      files: 1,
      fields: 5,
      fieldSize: 10_000,
      parts: 10,
      headerPairs: 50,
    },
    throwFileSizeLimit: false,
  });
  // The body stays a stream: the route reads it as it arrives.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => done(null, payload));

  app.post<{ Querystring: { tags?: string } }>(
    '/leads/import',
    {
      // The upload is streamed, so it cannot be fingerprinted or replayed; importing a file again is
      // safe anyway (duplicates merge).
      config: { idempotency: false },
      schema: {
        tags: ['leads'],
        security: [{ bearerAuth: [] }],
        summary: 'Import leads from a CSV file (streamed; duplicates are merged)',
        description:
          `Rows are sent to the Client service in batches of 500 as the upload arrives. Every data row is ` +
          `accepted (created or merged) or rejected; rejections are counted by reason and the first ` +
          `${importMaxReportedErrors} listed with their row numbers. At most ${importMaxBytes} bytes.`,
        consumes: ['multipart/form-data', 'text/csv'],
        querystring: importQuerySchema,
        response: {
          200: jsonResponse('What happened to the rows.', { $ref: 'ImportReport#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const upload = await openUpload(request, importMaxBytes);
      return importCsv({
        source: upload.source,
        maxBytes: importMaxBytes,
        maxReportedErrors: importMaxReportedErrors,
        extraTags: [...new Set([...splitTags(request.query.tags ?? '', /[;,]/), ...upload.tags])],
        log: request.log,
        upsert: async (inputs) =>
          (await callService(() => clients.upsertClients({ workspaceId, clients: inputs }))).results,
      });
    },
  );
}

async function openUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ source: Readable; tags: string[] }> {
  const declared = Number(request.headers['content-length']);
  if (request.isMultipart()) {
    if (declared > maxBytes + multipartOverheadBytes) throw tooLarge(maxBytes);
    const part = await request.file().catch((error: unknown) => {
      // The plugin's own limits carry a 4xx status; busboy's parse errors carry none.
      const status = (error as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) throw error;
      throw new ProblemError(problem(400, 'invalid-upload', 'The multipart body is malformed.'));
    });
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw new ProblemError(
        problem(400, 'invalid-upload', 'The multipart form must carry the CSV in a file field named "file".'),
      );
    }
    const field = part.fields.tags;
    const tagsValue = field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : '';
    return { source: part.file, tags: splitTags(tagsValue, /[;,]/) };
  }
  if (!(request.body instanceof Readable)) {
    throw new ProblemError(
      problem(415, 'unsupported-media-type', 'Send the CSV as text/csv or as multipart/form-data.'),
    );
  }
  if (declared > maxBytes) throw tooLarge(maxBytes);
  return { source: request.body, tags: [] };
}

function tooLarge(maxBytes: number): ProblemError {
  return new ProblemError(
    problem(413, 'body-too-large', `The file is larger than the import limit of ${maxBytes} bytes.`),
  );
}
