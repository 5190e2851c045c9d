import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import { DeliveryStatus, type CampaignService, type EmailService } from '@coldreach/contracts';
import { DomainError } from '@coldreach/errors';
import { callerOf } from '../auth/api-auth';
import { operationIdOf } from '../idempotency/idempotency-plugin';
import { statusFromDelivery, statusFromTask } from '../mapping/email-mapping';
import { enumName, timestampOrUndefined } from '../mapping/proto-values';
import { resourceId } from '../mapping/resource-id';
import { apiSecurity as security, idParamsSchema } from '../schemas/common-schemas';
import type { SendEmailBody } from '../schemas/email-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import { answered, callService as call } from '../mapping/service-call';

const tags = ['email'];

export interface SendEmailRouteOptions {
  email: Client<typeof EmailService>;
}

/**
 * POST /email/send: one email to one lead, answered 202 once it is in the ledger (a worker sends
 * it). Registered at /email/send (the scaling guide's name) and /api/email/send.
 */
export async function sendEmailRoute(app: FastifyInstance, { email }: SendEmailRouteOptions) {
  app.post<{ Body: SendEmailBody }>(
    '/email/send',
    {
      schema: {
        tags,
        security,
        summary: 'Send one email to one lead (asynchronous: 202, then GET /api/status/{id})',
        description:
          'The subject and bodies are templates rendered with the lead’s fields, like campaign steps. ' +
          'The suppression list is checked when it is sent. Send an Idempotency-Key to retry safely.',
        body: { $ref: 'SendEmail#' },
        response: {
          202: jsonResponse(
            'Accepted: in the ledger; Location is its status.',
            { $ref: 'SendEmailAccepted#' },
            { location: { type: 'string', description: '/api/status/{id}' } },
          ),
          ...problemResponses(...commonApiProblems, [
            404,
            'The client or the mailbox does not exist in this workspace (the detail names it).',
          ]),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const body = request.body;
      const response = await call(
        () =>
          email.sendEmail({
            workspaceId,
            clientId: body.clientId,
            mailboxId: body.mailboxId,
            subject: body.subject,
            textBody: body.textBody ?? '',
            htmlBody: body.htmlBody ?? '',
            // The Email service's own dedup: a send whose answer was lost (a 503 here releases the
            // key) is found again by the retry instead of being sent twice.
            requestId: operationIdOf(request),
            scheduledTime: timestampOrUndefined(body.scheduledAt),
          }),
        {
          client_id: 'body.clientId',
          mailbox_id: 'body.mailboxId',
          subject: 'body.subject',
          text_body: 'body.textBody',
          html_body: 'body.htmlBody',
          scheduled_time: 'body.scheduledAt',
        },
      );
      return reply
        .code(202)
        .header('location', `/api/status/${response.deliveryId}`)
        .send({ id: response.deliveryId, status: enumName(DeliveryStatus, response.status) });
    },
  );
}

export interface StatusRoutesOptions {
  email: Client<typeof EmailService>;
  campaigns: Client<typeof CampaignService>;
}

/** GET /api/status/:id: where an email (a delivery, or a campaign task) stands. */
export async function statusRoutes(app: FastifyInstance, { email, campaigns }: StatusRoutesOptions) {
  app.get<{ Params: { id: string } }>(
    '/status/:id',
    {
      schema: {
        tags,
        security,
        summary: 'The status of an email: a POST /email/send id or a campaign task id',
        params: idParamsSchema({ id: 'delivery or task' }),
        response: {
          200: jsonResponse('Its latest known state.', { $ref: 'SendStatus#' }),
          ...problemResponses(...commonApiProblems, [404, 'Nothing with this id in this workspace.']),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'email');
      // The Email service has the latest state of everything handed to it; a campaign task not
      // handed over yet is only known to the Campaign service.
      const delivery = await orNotFound(call(() => email.getDelivery({ workspaceId, id })));
      if (delivery) return statusFromDelivery(answered(delivery.delivery, 'delivery'));
      const task = await orNotFound(call(() => campaigns.getTask({ workspaceId, id })));
      if (task) return statusFromTask(answered(task.task, 'task'));
      throw new DomainError('not_found', `no email with id ${id} in this workspace`);
    },
  );
}

async function orNotFound<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return null;
    throw error;
  }
}
