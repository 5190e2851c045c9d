import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import { SuppressionReason, type EmailService } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import { suppressionFromProto } from '../mapping/email-mapping';
import { enumValue, enumValuesFromList } from '../mapping/proto-values';
import { apiSecurity as security, noContentResponse } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import {
  type AddSuppressionBody,
  type ListSuppressionsQuery,
  listSuppressionsQuerySchema,
  removeSuppressionParamsSchema,
  removeSuppressionQuerySchema,
} from '../schemas/suppression-schemas';
import { answered, callService as call } from '../mapping/service-call';

const tags = ['suppressions'];

export interface SuppressionRoutesOptions {
  email: Client<typeof EmailService>;
}

/** The workspace's suppression list: /api/suppressions. */
export async function suppressionRoutes(app: FastifyInstance, { email }: SuppressionRoutesOptions) {
  app.get<{ Querystring: ListSuppressionsQuery }>(
    '/suppressions',
    {
      schema: {
        tags,
        security,
        summary: 'List suppressed addresses, newest first, with filters',
        querystring: listSuppressionsQuerySchema,
        response: {
          200: jsonResponse('One page of entries.', { $ref: 'SuppressionPage#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const { limit, cursor, reason, q } = request.query;
      const response = await call(() =>
        email.listSuppressions({
          workspaceId,
          pageSize: limit,
          pageToken: cursor ?? '',
          filter: {
            reasons: enumValuesFromList<SuppressionReason>(SuppressionReason, reason),
            query: q ?? '',
          },
        }),
      );
      return {
        data: response.suppressions.map(suppressionFromProto),
        nextCursor: response.nextPageToken || null,
      };
    },
  );

  app.post<{ Body: AddSuppressionBody }>(
    '/suppressions',
    {
      schema: {
        tags,
        security,
        summary: 'Suppress an address: no email of the workspace goes to it afterwards',
        description:
          'An address already on the list is returned unchanged. An unsubscribe entry also stops the ' +
          "lead's sequences in every campaign.",
        body: { $ref: 'AddSuppression#' },
        response: {
          200: jsonResponse('The entry (the existing one when the address was listed already).', {
            $ref: 'Suppression#',
          }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const { email: address, reason, note } = request.body;
      const response = await call(
        () =>
          email.addSuppression({
            workspaceId,
            email: address,
            reason: reason
              ? enumValue<SuppressionReason>(SuppressionReason, reason)
              : SuppressionReason.MANUAL,
            note: note ?? '',
          }),
        { email: 'body.email', reason: 'body.reason', note: 'body.note' },
      );
      return suppressionFromProto(answered(response.suppression, 'suppression'));
    },
  );

  app.delete<{ Params: { email: string }; Querystring: { force: boolean } }>(
    '/suppressions/:email',
    {
      schema: {
        tags,
        security,
        summary: 'Take an address off the list (unsubscribe and complaint entries need ?force=true)',
        params: removeSuppressionParamsSchema,
        querystring: removeSuppressionQuerySchema,
        response: {
          204: noContentResponse,
          ...problemResponses(
            ...commonApiProblems,
            [404, 'The address is not on the list.'],
            [409, 'The recipient unsubscribed or complained: removing the entry needs ?force=true.'],
          ),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      await call(
        () =>
          email.removeSuppression({ workspaceId, email: request.params.email, force: request.query.force }),
        { email: 'params.email' },
      );
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { emails: string[] } }>(
    '/suppressions/check',
    {
      schema: {
        tags,
        security,
        summary: 'Say which of up to 1000 addresses are suppressed',
        body: { $ref: 'CheckSuppression#' },
        response: {
          200: jsonResponse('The suppressed ones; an address not listed is not suppressed.', {
            $ref: 'CheckSuppressionResult#',
          }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const response = await call(
        () => email.checkSuppression({ workspaceId, emails: request.body.emails }),
        { emails: 'body.emails' },
      );
      return { suppressed: response.suppressions.map(suppressionFromProto) };
    },
  );
}
