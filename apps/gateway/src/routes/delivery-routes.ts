import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import { DeliveryStatus, type Delivery, type EmailService } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import { caughtMessageFromProto, deliveryFromProto } from '../mapping/email-mapping';
import { enumValuesFromList } from '../mapping/proto-values';
import { resourceId } from '../mapping/resource-id';
import { apiSecurity as security, idParamsSchema } from '../schemas/common-schemas';
import {
  type ListCaughtMessagesQuery,
  type ListDeliveriesQuery,
  listCaughtMessagesQuerySchema,
  listDeliveriesQuerySchema,
} from '../schemas/delivery-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import { answered, callService as call } from '../mapping/service-call';

const tags = ['deliveries'];
const params = idParamsSchema({ id: 'delivery' });
const notFound = [404, 'No such delivery in this workspace (ids that are not UUIDs included).'] as const;

export interface DeliveryRoutesOptions {
  email: Client<typeof EmailService>;
}

const deliveryOf = (response: { delivery?: Delivery }) =>
  deliveryFromProto(answered(response.delivery, 'delivery'));

/** The delivery ledger (/api/deliveries) and the emails caught instead of sent (/api/caught-messages). */
export async function deliveryRoutes(app: FastifyInstance, { email }: DeliveryRoutesOptions) {
  app.get<{ Querystring: ListDeliveriesQuery }>(
    '/deliveries',
    {
      schema: {
        tags,
        security,
        summary: 'List deliveries, most recently created first, with filters',
        querystring: listDeliveriesQuerySchema,
        response: {
          200: jsonResponse('One page of deliveries.', { $ref: 'DeliveryPage#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const { limit, cursor, status, campaignId, clientId, mailboxId } = request.query;
      const response = await call(() =>
        email.listDeliveries({
          workspaceId,
          pageSize: limit,
          pageToken: cursor ?? '',
          filter: {
            statuses: enumValuesFromList<DeliveryStatus>(DeliveryStatus, status),
            campaignId: campaignId ?? '',
            clientId: clientId ?? '',
            mailboxId: mailboxId ?? '',
          },
        }),
      );
      return { data: response.deliveries.map(deliveryFromProto), nextCursor: response.nextPageToken || null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/deliveries/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get one delivery',
        params,
        response: {
          200: jsonResponse('The delivery.', { $ref: 'Delivery#' }),
          ...problemResponses(...commonApiProblems, notFound),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'delivery');
      return deliveryOf(await call(() => email.getDelivery({ workspaceId, id })));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/deliveries/:id/retry',
    {
      schema: {
        tags,
        security,
        summary: 'Admin: send an unknown delivery again, with the same Message-ID',
        description:
          'The only way an unknown delivery (ambiguous SMTP outcome: it may have arrived) is sent again. ' +
          'The Message-ID is kept so a receiver that has it already can drop the duplicate.',
        params,
        response: {
          200: jsonResponse('The delivery, scheduled again.', { $ref: 'Delivery#' }),
          ...problemResponses(...commonApiProblems, notFound, [409, 'The delivery is not unknown.']),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'delivery');
      return deliveryOf(await call(() => email.retryDelivery({ workspaceId, id })));
    },
  );

  app.get<{ Querystring: ListCaughtMessagesQuery }>(
    '/caught-messages',
    {
      schema: {
        tags,
        security,
        summary:
          'List emails caught instead of sent (embedded mode, or a mailbox without SMTP), newest first',
        querystring: listCaughtMessagesQuerySchema,
        response: {
          200: jsonResponse('One page of caught messages, exactly as they would have gone out.', {
            $ref: 'CaughtMessagePage#',
          }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const { limit, cursor, campaignId, deliveryId, to } = request.query;
      const response = await call(() =>
        email.listCaughtMessages({
          workspaceId,
          pageSize: limit,
          pageToken: cursor ?? '',
          filter: { campaignId: campaignId ?? '', deliveryId: deliveryId ?? '', toAddress: to ?? '' },
        }),
      );
      return {
        data: response.messages.map(caughtMessageFromProto),
        nextCursor: response.nextPageToken || null,
      };
    },
  );
}
