import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import {
  DeliveryStatus,
  type CampaignService,
  type EmailService,
  type ScraperService,
  type VerificationService,
} from '@coldreach/contracts';
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
import { findScrapeJob } from './scrape-routes';
import { getVerificationJob } from './verification-routes';

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
  /** Absent where no Scraper service is deployed: only emails have a status then. */
  scraper?: Client<typeof ScraperService>;
  /** Verification jobs (served by the Scraper service's process); absent like `scraper`. */
  verification?: Client<typeof VerificationService>;
}

/** GET /api/status/:id: where an email (a delivery, or a campaign task), a scrape or a verification job stands. */
export async function statusRoutes(
  app: FastifyInstance,
  { email, campaigns, scraper, verification }: StatusRoutesOptions,
) {
  app.get<{ Params: { id: string } }>(
    '/status/:id',
    {
      schema: {
        tags,
        security,
        summary:
          'The status of an email (a POST /email/send id or a campaign task id), a scrape job or a ' +
          'verification job',
        params: idParamsSchema({ id: 'delivery, task, scrape job or verification job' }),
        response: {
          // Told apart by `spec`, which only a scrape job has, and `kind`, which only a verification
          // job has: a serialiser choosing by validation (anyOf) would fail an email whose values
          // stray from the schema, which it never did.
          200: jsonResponse(
            'Its latest known state: an email, a scrape job (with `spec`) or a verification job ' +
              '(`kind: verification`) and its progress.',
            {
              if: { type: 'object', required: ['spec'] },
              then: { $ref: 'ScrapeJob#' },
              else: {
                if: { type: 'object', required: ['kind'] },
                then: { $ref: 'VerificationJob#' },
                else: { $ref: 'SendStatus#' },
              },
            },
          ),
          ...problemResponses(...commonApiProblems, [404, 'Nothing with this id in this workspace.']),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'email');
      // All are asked at once, so that an outage of one service does not hide what another knows.
      const [job, check, sent] = await Promise.allSettled([
        scraper ? findScrapeJob(scraper, workspaceId, id) : null,
        verification ? orNotFound(getVerificationJob(verification, workspaceId, id)) : null,
        emailStatus(workspaceId, id),
      ]);
      if (job.status === 'fulfilled' && job.value) return job.value;
      if (check.status === 'fulfilled' && check.value) return check.value;
      if (sent.status === 'fulfilled' && sent.value) return sent.value;
      for (const lookup of [sent, job, check]) if (lookup.status === 'rejected') throw lookup.reason;
      throw new DomainError(
        'not_found',
        `no email, scrape or verification job with id ${id} in this workspace`,
      );
    },
  );

  async function emailStatus(workspaceId: string, id: string) {
    // The Email service has the latest state of everything handed to it; a campaign task not
    // handed over yet is only known to the Campaign service.
    const delivery = await orNotFound(call(() => email.getDelivery({ workspaceId, id })));
    if (delivery) return statusFromDelivery(answered(delivery.delivery, 'delivery'));
    const task = await orNotFound(call(() => campaigns.getTask({ workspaceId, id })));
    if (task) return statusFromTask(answered(task.task, 'task'));
    return null;
  }
}

async function orNotFound<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return null;
    throw error;
  }
}
