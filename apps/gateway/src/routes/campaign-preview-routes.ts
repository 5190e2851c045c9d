import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { ClientService } from '@coldreach/contracts';
import { DomainError, invalidArgument, type FieldViolation } from '@coldreach/errors';
import { personalisationValues, renderEmailContent, validateTemplate } from '@coldreach/outreach';
import { callerOf } from '../auth/api-auth';
import { answered, callService as call } from '../mapping/service-call';
import type { CampaignPreviewBody } from '../schemas/campaign-preview-schemas';
import { apiSecurity as security } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

export interface CampaignPreviewRoutesOptions {
  clients: Client<typeof ClientService>;
}

const templateFields = ['subject', 'textBody', 'htmlBody'] as const;

/**
 * POST /api/campaigns/preview: a step's templates rendered for one lead with the Email service's own
 * rendering (renderEmailContent), so what the dashboard shows is what the lead will read. Templates
 * are checked as a step's are when saved, each problem named by its field.
 */
export async function campaignPreviewRoutes(app: FastifyInstance, { clients }: CampaignPreviewRoutesOptions) {
  app.post<{ Body: CampaignPreviewBody }>(
    '/campaigns/preview',
    {
      schema: {
        tags: ['campaigns'],
        security,
        summary: "Render a step's subject and bodies for one lead, as the email would be sent",
        description:
          'Nothing is saved or sent. The templates are checked as when a step is saved: an unknown ' +
          'variable or a syntax error answers 400 naming body.subject, body.textBody or body.htmlBody.',
        body: { $ref: 'CampaignPreviewRequest#' },
        response: {
          200: jsonResponse('The rendered email.', { $ref: 'CampaignPreview#' }),
          ...problemResponses(...commonApiProblems, [
            404,
            'The lead does not exist in this workspace (errors name body.leadId).',
          ]),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const templates = {
        subject: request.body.subject,
        textBody: request.body.textBody ?? '',
        htmlBody: request.body.htmlBody ?? '',
      };
      const violations: FieldViolation[] = templateFields.flatMap((field) =>
        validateTemplate(templates[field]).map((message) => ({ field: `body.${field}`, message })),
      );
      if (violations.length > 0) throw invalidArgument(violations);
      const lead = await leadOf(clients, workspaceId, request.body.leadId);
      const rendered = renderEmailContent(templates, personalisationValues(lead));
      return { subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html };
    },
  );
}

async function leadOf(clients: Client<typeof ClientService>, workspaceId: string, id: string) {
  try {
    const response = await call(() => clients.getClient({ workspaceId, id: id.toLowerCase() }));
    return answered(response.client, 'client');
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') {
      throw new DomainError('not_found', 'No such lead in this workspace.', {
        violations: [{ field: 'body.leadId', message: 'no such lead in this workspace' }],
        cause: error,
      });
    }
    throw error;
  }
}
