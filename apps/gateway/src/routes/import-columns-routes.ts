import type { FastifyInstance } from 'fastify';
import { guessColumns } from '../import/csv-columns';
import { apiSecurity as security } from '../schemas/common-schemas';
import type { ImportColumnsBody } from '../schemas/import-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

/**
 * POST /api/leads/import/columns: what the import would make of a header row, so a mapping step
 * (the dashboard's) starts from the import's own reading instead of a copy of its rules.
 */
export async function importColumnsRoutes(app: FastifyInstance) {
  app.post<{ Body: ImportColumnsBody }>(
    '/leads/import/columns',
    {
      schema: {
        tags: ['leads'],
        security,
        summary: "Guess each CSV column's lead field from the header row, as the import reads it",
        body: { $ref: 'ImportColumns#' },
        response: {
          200: jsonResponse('One guess per column, in order.', { $ref: 'ImportColumnGuesses#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => ({ columns: guessColumns(request.body.header) }),
  );
}
