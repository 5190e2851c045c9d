import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { ClientService } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import { leadFromClient } from '../mapping/lead-mapping';
import { listClientsRequestFrom } from '../mapping/lead-listing';
import { leadCsvLine, leadsCsvHeader } from '../mapping/leads-csv';
import { pagedCsv } from '../mapping/paged-csv';
import { callService as call } from '../mapping/service-call';
import { apiSecurity as security } from '../schemas/common-schemas';
import { exportLeadsQuerySchema, type LeadFilterQuery } from '../schemas/lead-schemas';
import { commonApiProblems, problemResponses } from '../schemas/problem-schema';

// The largest page the Client service serves: fewest round trips, one page in memory at a time.
const exportPageSize = 500;

/** GET /api/leads/export: every lead matching the list's filters, as CSV, streamed page by page. */
export async function leadExportRoutes(
  app: FastifyInstance,
  opts: { clients: Client<typeof ClientService> },
) {
  const { clients } = opts;
  app.get<{ Querystring: LeadFilterQuery }>(
    '/leads/export',
    {
      schema: {
        tags: ['leads'],
        security,
        summary: 'Every lead matching the filters of GET /api/leads, as CSV, streamed',
        description:
          'The columns are those the import reads (custom fields as one JSON column, tags separated by ' +
          '";"). Cells a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) are prefixed with \'. ' +
          'A failure after the first rows cuts the answer short.',
        querystring: exportLeadsQuerySchema,
        response: {
          200: {
            description: 'RFC 4180 CSV with a header row, as an attachment.',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const listing = listClientsRequestFrom(workspaceId, request.query);
      const page = (pageToken: string) =>
        call(() => clients.listClients({ ...listing, pageSize: exportPageSize, pageToken }));
      // The first page is read before answering, so an outage is still a problem; later pages are
      // fetched only as the client reads (Readable.from waits for demand).
      const first = await page('');
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="leads-${day}.csv"`)
        .send(
          Readable.from(
            pagedCsv(leadsCsvHeader, first, page, (response) =>
              response.clients.map((client) => leadCsvLine(leadFromClient(client))),
            ),
          ),
        );
    },
  );
}
