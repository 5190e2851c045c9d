import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import {
  InboundKind,
  type CampaignService,
  type ClientService,
  type InboundMailService,
} from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import { inboundKindsFromList, inboundMessageFromProto } from '../mapping/inbound-mapping';
import { resourceId } from '../mapping/resource-id';
import { callService as call, configured } from '../mapping/service-call';
import { apiSecurity as security, idParamsSchema, type PageQuery } from '../schemas/common-schemas';
import {
  type ListInboundQuery,
  listInboundQuerySchema,
  listRepliesQuerySchema,
} from '../schemas/inbound-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

const tags = ['inbound'];

export interface InboundRoutesOptions {
  /** Absent: these routes answer 503. */
  inbound?: Client<typeof InboundMailService>;
  campaigns: Client<typeof CampaignService>;
  clients: Client<typeof ClientService>;
}

/** The filters of a listing (ListInboundMessagesRequest without workspace and page). */
interface ListFilter {
  kinds: InboundKind[];
  campaignId?: string;
  clientId?: string;
  mailboxId?: string;
}

/** What the lead wrote on the replies listings: auto-replies, bounces and complaints are not. */
const replyKinds = [InboundKind.REPLY, InboundKind.UNSUBSCRIBE_REQUEST];

const repliesPage = jsonResponse('One page of replies, newest first.', { $ref: 'InboundMessagePage#' });

/**
 * What arrived in the mailboxes' inboxes (/api/inbound), and the replies of a campaign or a lead.
 * The campaign or lead is looked up first, so one that does not exist answers 404, not an empty page.
 */
export async function inboundRoutes(app: FastifyInstance, options: InboundRoutesOptions) {
  const { campaigns, clients } = options;
  const inbound = () => configured(options.inbound, 'inbound mail service');
  const list = async (workspaceId: string, { limit, cursor }: PageQuery, filter: ListFilter) => {
    const response = await call(() =>
      inbound().listInboundMessages({ workspaceId, pageSize: limit, pageToken: cursor ?? '', ...filter }),
    );
    return {
      data: response.messages.map(inboundMessageFromProto),
      nextCursor: response.nextPageToken || null,
    };
  };

  app.get<{ Querystring: ListInboundQuery }>(
    '/inbound',
    {
      schema: {
        tags,
        security,
        summary: "List what arrived in the mailboxes' inboxes, newest first, with filters",
        description:
          'Replies, auto-replies, bounces, complaints, unsubscribe requests and unrelated mail, each matched ' +
          'to the email it answers where one matched. Only sender, subject, time and a snippet are kept.',
        querystring: listInboundQuerySchema,
        response: {
          200: jsonResponse('One page of inbound messages.', { $ref: 'InboundMessagePage#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const { kind, campaignId, leadId, mailboxId } = request.query;
      return list(workspaceId, request.query, {
        kinds: inboundKindsFromList(kind),
        campaignId: campaignId ?? '',
        clientId: leadId ?? '',
        mailboxId: mailboxId ?? '',
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: PageQuery }>(
    '/campaigns/:id/replies',
    {
      schema: {
        tags: ['campaigns', ...tags],
        security,
        summary: "List the replies to a campaign's emails (and unsubscribe requests by reply), newest first",
        params: idParamsSchema({ id: 'campaign' }),
        querystring: listRepliesQuerySchema,
        response: {
          200: repliesPage,
          ...problemResponses(...commonApiProblems, [404, 'No such campaign in this workspace.']),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'campaign');
      await call(() => campaigns.getCampaign({ workspaceId, id }));
      return list(workspaceId, request.query, { kinds: replyKinds, campaignId: id });
    },
  );

  app.get<{ Params: { id: string }; Querystring: PageQuery }>(
    '/leads/:id/replies',
    {
      schema: {
        tags: ['leads', ...tags],
        security,
        summary: "List a lead's replies (and unsubscribe requests by reply) to any campaign, newest first",
        params: idParamsSchema({ id: 'lead' }),
        querystring: listRepliesQuerySchema,
        response: {
          200: repliesPage,
          ...problemResponses(...commonApiProblems, [404, 'No such lead in this workspace.']),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'lead');
      await call(() => clients.getClient({ workspaceId, id }));
      return list(workspaceId, request.query, { kinds: replyKinds, clientId: id });
    },
  );
}
