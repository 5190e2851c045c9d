import type { FastifyInstance } from 'fastify';
import { guessColumns } from '../import/csv-columns';
import { previewCsv } from '../import/csv-preview';
import { problem, ProblemError } from '../errors/problem';
import { apiSecurity as security } from '../schemas/common-schemas';
import type { ImportColumnsBody } from '../schemas/import-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

/**
 * POST /api/leads/import/columns: what the import would make of the start of a file (its header, a
 * sample row, a guess per column), read by the import's own parser and rules, so a mapping step (the
 * dashboard's) agrees with the import on the columns and starts from its reading.
 */
export async function importColumnsRoutes(app: FastifyInstance) {
  app.post<{ Body: ImportColumnsBody }>(
    '/leads/import/columns',
    {
      schema: {
        tags: ['leads'],
        security,
        summary: "Read the start of a CSV file as the import would: its columns and each one's guessed field",
        body: { $ref: 'ImportColumns#' },
        response: {
          200: jsonResponse('One guess per column, in order.', { $ref: 'ImportColumnGuesses#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const preview = await previewCsv(request.body.text, request.body.complete ?? false).catch(
        (error: Error) => {
          throw new ProblemError(
            problem(400, 'invalid-csv', `Not an importable CSV file: ${error.message}.`),
          );
        },
      );
      return { ...preview, columns: guessColumns(preview.header) };
    },
  );
}
