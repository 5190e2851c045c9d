import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import { CampaignStatus, type Campaign, type CampaignService } from '@coldreach/contracts';
import { invalidArgument } from '@coldreach/errors';
import { callerOf } from '../auth/api-auth';
import { campaignFromProto, campaignInputFromBody, campaignMask } from '../mapping/campaign-mapping';
import { enumValuesFromList } from '../mapping/proto-values';
import { resourceId } from '../mapping/resource-id';
import {
  type CampaignFieldsBody,
  type CreateCampaignBody,
  type ListCampaignsQuery,
  listCampaignsQuerySchema,
} from '../schemas/campaign-schemas';
import { apiSecurity as security, idParamsSchema, noContentResponse } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import { answered, callService as call } from '../mapping/service-call';

const tags = ['campaigns'];
const params = idParamsSchema({ id: 'campaign' });
const notFound = [404, 'No such campaign in this workspace (ids that are not UUIDs included).'] as const;
// Another workspace's mailbox is answered like any foreign id: as one that exists nowhere.
const mailboxNotFound = [404, 'A listed mailbox does not exist in this workspace (errors name it).'] as const;

export interface CampaignRoutesOptions {
  campaigns: Client<typeof CampaignService>;
}

type CampaignRef = { workspaceId: string; id: string };

const campaignOf = (response: { campaign?: Campaign }) =>
  campaignFromProto(answered(response.campaign, 'campaign'));

/** CRUD and the life cycle of /api/campaigns, translated to CampaignService calls. */
export async function campaignRoutes(app: FastifyInstance, { campaigns }: CampaignRoutesOptions) {
  app.post<{ Body: CreateCampaignBody }>(
    '/campaigns',
    {
      schema: {
        tags,
        security,
        summary: 'Create a campaign (a draft: nothing is sent until it is launched)',
        body: { $ref: 'CreateCampaign#' },
        response: {
          201: jsonResponse('Created; the Location header names it.', { $ref: 'Campaign#' }),
          ...problemResponses(...commonApiProblems, mailboxNotFound),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      // Read before the call: a body that contradicts itself is the caller's error, not the service's.
      const input = campaignInputFromBody(request.body);
      const campaign = campaignOf(
        await call(() => campaigns.createCampaign({ workspaceId, campaign: input })),
      );
      return reply.code(201).header('location', `/api/campaigns/${campaign.id}`).send(campaign);
    },
  );

  app.get<{ Querystring: ListCampaignsQuery }>(
    '/campaigns',
    {
      schema: {
        tags,
        security,
        summary: 'List campaigns, newest first, with filters and cursor pagination',
        querystring: listCampaignsQuerySchema,
        response: {
          200: jsonResponse('One page of campaigns.', { $ref: 'CampaignPage#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const { limit, cursor, status, q } = request.query;
      const response = await call(() =>
        campaigns.listCampaigns({
          workspaceId,
          pageSize: limit,
          pageToken: cursor ?? '',
          filter: { statuses: enumValuesFromList<CampaignStatus>(CampaignStatus, status), query: q ?? '' },
        }),
      );
      return { data: response.campaigns.map(campaignFromProto), nextCursor: response.nextPageToken || null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/campaigns/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get one campaign',
        params,
        response: {
          200: jsonResponse('The campaign.', { $ref: 'Campaign#' }),
          ...problemResponses(...commonApiProblems, notFound),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'campaign');
      return campaignOf(await call(() => campaigns.getCampaign({ workspaceId, id })));
    },
  );

  app.patch<{ Params: { id: string }; Body: CampaignFieldsBody }>(
    '/campaigns/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change the fields present in the body (not allowed once completed)',
        description:
          'On a launched campaign, changes to the schedule, caps or mailboxes apply to emails not yet ' +
          'handed to the Email service; nothing already handed over is re-sent or re-timed.',
        params,
        body: { $ref: 'UpdateCampaign#' },
        response: {
          200: jsonResponse('The campaign after the change.', { $ref: 'Campaign#' }),
          ...problemResponses(
            ...commonApiProblems,
            [404, `${notFound[1]} Or a listed mailbox is not in it.`],
            [409, 'The campaign is completed.'],
          ),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'campaign');
      if (request.body.name !== undefined && request.body.name.trim() === '') {
        throw invalidArgument([{ field: 'body.name', message: 'must not be empty' }]);
      }
      const input = campaignInputFromBody(request.body);
      return campaignOf(
        await call(() =>
          campaigns.updateCampaign({
            workspaceId,
            id,
            campaign: input,
            updateMask: { paths: campaignMask(request.body) },
          }),
        ),
      );
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/campaigns/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a campaign that is not active (pause it first)',
        description: 'Emails not yet handed over are cancelled; the delivery history stays.',
        params,
        response: {
          204: noContentResponse,
          ...problemResponses(...commonApiProblems, notFound, [
            409,
            'The campaign is active: pause it first.',
          ]),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'campaign');
      await call(() => campaigns.deleteCampaign({ workspaceId, id }));
      return reply.code(204).send();
    },
  );

  const transitions: {
    action: string;
    summary: string;
    conflict: string;
    rpc: (ref: CampaignRef) => Promise<{ campaign?: Campaign }>;
  }[] = [
    {
      action: 'launch',
      summary: 'Launch a draft: every lead’s first step is scheduled (an active campaign is returned as is)',
      conflict: 'The campaign lacks a step, a mailbox or a lead (the detail says which), or is completed.',
      rpc: (ref: CampaignRef) => campaigns.launchCampaign(ref),
    },
    {
      action: 'pause',
      summary: 'Pause: no new email of the campaign starts sending (a paused one is returned as is)',
      conflict: 'The campaign is not active.',
      rpc: (ref: CampaignRef) => campaigns.pauseCampaign(ref),
    },
    {
      action: 'resume',
      summary: 'Resume a paused campaign: pending emails are re-timed into the sending window',
      conflict: 'The campaign is not paused.',
      rpc: (ref: CampaignRef) => campaigns.resumeCampaign(ref),
    },
  ];
  for (const { action, summary, conflict, rpc } of transitions) {
    app.post<{ Params: { id: string } }>(
      `/campaigns/:id/${action}`,
      {
        schema: {
          tags,
          security,
          summary,
          params,
          response: {
            200: jsonResponse('The campaign after the change.', { $ref: 'Campaign#' }),
            ...problemResponses(...commonApiProblems, notFound, [409, conflict]),
          },
        },
      },
      async (request) => {
        const { workspaceId } = callerOf(request);
        const id = resourceId(request.params.id, 'campaign');
        // A launch refused for what the campaign lacks names steps, mailboxIds and leads.
        return campaignOf(await call(() => rpc({ workspaceId, id }), { mailbox_ids: 'mailboxIds' }));
      },
    );
  }
}
