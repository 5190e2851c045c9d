import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { ClientService } from '@coldreach/contracts';
import { DomainError } from '@coldreach/errors';
import { isUuid } from '@coldreach/ids';
import { callerOf } from '../auth/api-auth';
import { callService } from '../mapping/service-call';
import { parseColumnMapping, splitTags, type ColumnTarget } from '../import/csv-columns';
import type { ImportProgressStore } from '../import/import-progress';
import {
  createImportProgressReporter,
  type ImportProgressReporter,
} from '../import/import-progress-reporter';
import { importCsv } from '../import/csv-import';
import { problem, ProblemError } from '../errors/problem';
import { importQuerySchema, type ImportQuery } from '../schemas/import-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

export interface ImportRoutesOptions {
  clients: Client<typeof ClientService>;
  importMaxBytes: number;
  /** How many rejected rows a report lists (every one is counted). */
  importMaxReportedErrors?: number;
  /** Where an upload's progress is kept for GET /api/leads/import-progress/:progressId. */
  progress: ImportProgressStore;
}

/** What a multipart envelope (boundaries, part headers, the tags field) may add to the file's size. */
const multipartOverheadBytes = 64 * 1024;

/**
 * POST /api/leads/import: a CSV upload, as `multipart/form-data` (field `file`, optional `tags`
 * before it) or as a raw `text/csv` body. Only these two media types are accepted here.
 */
export async function importRoutes(app: FastifyInstance, opts: ImportRoutesOptions) {
  const { clients, importMaxBytes, importMaxReportedErrors = 1000, progress } = opts;
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

  app.post<{ Querystring: ImportQuery }>(
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
      const { progressId } = request.query;
      const declared = Number(request.headers['content-length']);
      const reporter = progressId
        ? createImportProgressReporter({
            store: progress,
            workspaceId,
            progressId: progressId.toLowerCase(),
            totalBytes: Number.isFinite(declared) ? declared : null,
            log: request.log,
          })
        : undefined;
      try {
        const upload = await openUpload(request, importMaxBytes);
        const mapping = mappingOf(upload.mapping ?? request.query.mapping);
        const report = await importCsv({
          source: upload.source,
          maxBytes: importMaxBytes,
          maxReportedErrors: importMaxReportedErrors,
          extraTags: [...new Set([...splitTags(request.query.tags ?? '', /[;,]/), ...upload.tags])],
          log: request.log,
          ...(mapping ? { mapping } : {}),
          onProgress: (counts) => reporter?.update(counts),
          upsert: async (inputs) =>
            (await callService(() => clients.upsertClients({ workspaceId, clients: inputs }))).results,
        });
        await reporter?.finish({
          bytesRead: Number.isFinite(declared) ? declared : 0,
          rows: report.submitted,
          accepted: report.accepted,
          rejected: report.rejected,
        });
        return report;
      } catch (error) {
        await failed(reporter, error);
        throw error;
      }
    },
  );

  app.get<{ Params: { progressId: string } }>(
    '/leads/import-progress/:progressId',
    {
      schema: {
        tags: ['leads'],
        security: [{ bearerAuth: [] }],
        summary: 'How far an import sent with ?progressId= has got (poll while it uploads)',
        description:
          'Kept for 15 minutes after the last update. Counts are those of the rows taken so far; the ' +
          "import's answer is the full report.",
        params: {
          type: 'object',
          required: ['progressId'],
          properties: { progressId: { type: 'string', description: 'The id the upload was sent with.' } },
        },
        response: {
          200: jsonResponse('The progress.', { $ref: 'ImportProgress#' }),
          ...problemResponses(...commonApiProblems, [
            404,
            'No import with this progress id in this workspace (yet, or any more).',
          ]),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const found = isUuid(request.params.progressId)
        ? await progress.load(workspaceId, request.params.progressId.toLowerCase())
        : undefined;
      if (!found) throw new DomainError('not_found', 'No import with this progress id in this workspace.');
      return found;
    },
  );
}

/** The mapping sent with the upload, checked before any row is read. */
function mappingOf(text: string | undefined): ColumnTarget[] | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    return parseColumnMapping(text);
  } catch (error) {
    throw new ProblemError(
      problem(400, 'invalid-mapping', `The column mapping is not usable: ${(error as Error).message}.`),
    );
  }
}

async function failed(reporter: ImportProgressReporter | undefined, error: unknown): Promise<void> {
  if (!reporter) return;
  const detail = error instanceof ProblemError ? error.problem.detail : 'The import failed.';
  await reporter.fail(detail ?? 'The import failed.');
}

async function openUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ source: Readable; tags: string[]; mapping?: string }> {
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
    const field = (name: string) => {
      const value = part.fields[name];
      return value && !Array.isArray(value) && value.type === 'field' ? String(value.value) : undefined;
    };
    const mapping = field('mapping');
    return {
      source: part.file,
      tags: splitTags(field('tags') ?? '', /[;,]/),
      ...(mapping !== undefined ? { mapping } : {}),
    };
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
