import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import { SequenceState, type CampaignService } from '@coldreach/contracts';
import { invalidArgument } from '@coldreach/errors';
import { callerOf } from '../auth/api-auth';
import { campaignLeadFromProto } from '../mapping/campaign-mapping';
import { enumValuesFromList } from '../mapping/proto-values';
import { resourceId } from '../mapping/resource-id';
import {
  type AddLeadsBody,
  type ListCampaignLeadsQuery,
  listCampaignLeadsQuerySchema,
} from '../schemas/campaign-lead-schemas';
import { apiSecurity as security, idParamsSchema, noContentResponse } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import { callService as call } from '../mapping/service-call';

const tags = ['campaigns'];
const campaignParams = idParamsSchema({ id: 'campaign' });
const campaignNotFound = [404, 'No such campaign in this workspace.'] as const;

export interface CampaignLeadRoutesOptions {
  campaigns: Client<typeof CampaignService>;
}

/** The leads of a campaign: /api/campaigns/:id/leads. */
export async function campaignLeadRoutes(app: FastifyInstance, { campaigns }: CampaignLeadRoutesOptions) {
  app.get<{ Params: { id: string }; Querystring: ListCampaignLeadsQuery }>(
    '/campaigns/:id/leads',
    {
      schema: {
        tags,
        security,
        summary: "List a campaign's leads with where each stands in its sequence",
        params: campaignParams,
        querystring: listCampaignLeadsQuerySchema,
        response: {
          200: jsonResponse('One page of leads, most recently added first.', { $ref: 'CampaignLeadPage#' }),
          ...problemResponses(...commonApiProblems, campaignNotFound),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      const { limit, cursor, state } = request.query;
      const response = await call(() =>
        campaigns.listCampaignLeads({
          workspaceId,
          campaignId,
          pageSize: limit,
          pageToken: cursor ?? '',
          filter: { states: enumValuesFromList<SequenceState>(SequenceState, state) },
        }),
      );
      return { data: response.leads.map(campaignLeadFromProto), nextCursor: response.nextPageToken || null };
    },
  );

  app.post<{ Params: { id: string }; Body: AddLeadsBody }>(
    '/campaigns/:id/leads',
    {
      schema: {
        tags,
        security,
        summary: 'Add leads by id, or every client matching the target criteria',
        description:
          'Every id is checked first: one that does not exist in this workspace fails the whole call with ' +
          '404 naming it, and nothing is added. On an active campaign the first steps are scheduled at once.',
        params: campaignParams,
        body: { $ref: 'AddLeads#' },
        response: {
          200: jsonResponse('How many joined and how many were leads already.', { $ref: 'AddLeadsResult#' }),
          ...problemResponses(...commonApiProblems, [
            404,
            'No such campaign, or a listed client does not exist in this workspace (the detail names it).',
          ]),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      const { clientIds, useTargetCriteria = false } = request.body;
      if ((clientIds !== undefined) === useTargetCriteria) {
        throw invalidArgument([
          { field: 'body', message: 'must have exactly one of clientIds and useTargetCriteria: true' },
        ]);
      }
      const response = await call(
        () =>
          campaigns.addLeads({
            workspaceId,
            campaignId,
            clientIds: clientIds ?? [],
            useTargetCriteria,
          }),
        { client_ids: 'body.clientIds', use_target_criteria: 'body.useTargetCriteria' },
      );
      return { added: response.addedCount, alreadyPresent: response.alreadyPresentCount };
    },
  );

  app.delete<{ Params: { id: string; clientId: string } }>(
    '/campaigns/:id/leads/:clientId',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a lead; its emails not yet handed over are cancelled',
        description: 'Adding it again later never re-sends a step it was already sent.',
        params: idParamsSchema({ id: 'campaign', clientId: 'lead (client)' }),
        response: {
          204: noContentResponse,
          ...problemResponses(...commonApiProblems, [
            404,
            'No such campaign, or the client is not its lead.',
          ]),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      const clientId = resourceId(request.params.clientId, 'lead');
      await call(() => campaigns.removeLead({ workspaceId, campaignId, clientId }), {
        client_id: 'params.clientId',
      });
      return reply.code(204).send();
    },
  );
}
