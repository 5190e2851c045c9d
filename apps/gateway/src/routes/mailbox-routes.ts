import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { EmailService, Mailbox } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import {
  mailboxFromProto,
  mailboxInputFromBody,
  mailboxMask,
  mailboxTestFromProto,
} from '../mapping/email-mapping';
import { resourceId } from '../mapping/resource-id';
import {
  apiSecurity as security,
  idParamsSchema,
  noContentResponse,
  pageQueryProperties,
  type PageQuery,
} from '../schemas/common-schemas';
import type { MailboxFieldsBody } from '../schemas/mailbox-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import { answered, callService as call } from '../mapping/service-call';

const tags = ['mailboxes'];
const params = idParamsSchema({ id: 'mailbox' });
const notFound = [404, 'No such mailbox in this workspace (ids that are not UUIDs included).'] as const;
const listQuery = { type: 'object', additionalProperties: false, properties: pageQueryProperties } as const;
// An SMTP test may take the Email service's whole probe budget (25 s: connection, greeting, EHLO,
// STARTTLS, AUTH); the call waits longer, so a slow or silent server is answered by the service
// ("no SMTP greeting within 10 s") instead of this deadline turning it into a 503.
const testDeadline = { timeoutMs: 30_000 };

export interface MailboxRoutesOptions {
  email: Client<typeof EmailService>;
}

const mailboxOf = (response: { mailbox?: Mailbox }) =>
  mailboxFromProto(answered(response.mailbox, 'mailbox'));

/**
 * What names the mailbox of a request's path in an EmailService call: the caller's workspace and the
 * id. Taken before `call`, which would turn its 404 for an id that is not a UUID into a 500.
 */
function mailboxKey(request: FastifyRequest<{ Params: { id: string } }>): {
  workspaceId: string;
  id: string;
} {
  return { workspaceId: callerOf(request).workspaceId, id: resourceId(request.params.id, 'mailbox') };
}

/** The answers of a route about one existing mailbox: the mailbox, or why not. */
const oneMailbox = (description: string) => ({
  200: jsonResponse(description, { $ref: 'Mailbox#' }),
  ...problemResponses(...commonApiProblems, notFound),
});

/**
 * CRUD over /api/mailboxes and SMTP connection tests. An SMTP URL goes in (create, update, test) and
 * never comes out: the response schemas have no field for it.
 */
export async function mailboxRoutes(app: FastifyInstance, { email }: MailboxRoutesOptions) {
  app.post<{ Body: MailboxFieldsBody }>(
    '/mailboxes',
    {
      schema: {
        tags,
        security,
        summary: 'Create a mailbox (its SMTP URL is encrypted at rest and never returned)',
        body: { $ref: 'CreateMailbox#' },
        response: {
          201: jsonResponse('Created; the Location header names it.', { $ref: 'Mailbox#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const mailbox = mailboxOf(
        await call(() => email.createMailbox({ workspaceId, mailbox: mailboxInputFromBody(request.body) })),
      );
      return reply.code(201).header('location', `/api/mailboxes/${mailbox.id}`).send(mailbox);
    },
  );

  app.get<{ Querystring: PageQuery }>(
    '/mailboxes',
    {
      schema: {
        tags,
        security,
        summary: 'List mailboxes, newest first',
        querystring: listQuery,
        response: {
          200: jsonResponse('One page of mailboxes.', { $ref: 'MailboxPage#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const { limit, cursor } = request.query;
      const response = await call(() =>
        email.listMailboxes({ workspaceId, pageSize: limit, pageToken: cursor ?? '' }),
      );
      return { data: response.mailboxes.map(mailboxFromProto), nextCursor: response.nextPageToken || null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/mailboxes/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get one mailbox (without credentials)',
        params,
        response: oneMailbox('The mailbox.'),
      },
    },
    async (request) => {
      const key = mailboxKey(request);
      return mailboxOf(await call(() => email.getMailbox(key)));
    },
  );

  app.patch<{ Params: { id: string }; Body: MailboxFieldsBody }>(
    '/mailboxes/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change the fields present in the body (the SMTP URL only when smtpUrl is present)',
        params,
        body: { $ref: 'UpdateMailbox#' },
        response: oneMailbox('The mailbox after the change.'),
      },
    },
    async (request) => {
      const key = mailboxKey(request);
      return mailboxOf(
        await call(() =>
          email.updateMailbox({
            ...key,
            mailbox: mailboxInputFromBody(request.body),
            updateMask: { paths: mailboxMask(request.body) },
          }),
        ),
      );
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/mailboxes/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a mailbox that has no email waiting or in flight',
        params,
        response: {
          204: noContentResponse,
          ...problemResponses(...commonApiProblems, notFound, [
            409,
            'Emails are still waiting or in flight from it (the detail says how many).',
          ]),
        },
      },
    },
    async (request, reply) => {
      const key = mailboxKey(request);
      await call(() => email.deleteMailbox(key));
      return reply.code(204).send();
    },
  );

  const testResult = jsonResponse('Whether it worked (a failed connection is an answer, not an error).', {
    $ref: 'MailboxTestResult#',
  });

  app.post<{ Params: { id: string } }>(
    '/mailboxes/:id/test',
    {
      schema: {
        tags,
        security,
        summary: "Connect to a saved mailbox's SMTP server (TLS, EHLO, AUTH, QUIT) without sending",
        params,
        response: { 200: testResult, ...problemResponses(...commonApiProblems, notFound) },
      },
    },
    async (request) => {
      const key = mailboxKey(request);
      return mailboxTestFromProto(await call(() => email.testMailbox(key, testDeadline)));
    },
  );

  app.post<{ Body: { smtpUrl: string } }>(
    '/mailboxes/test',
    {
      schema: {
        tags,
        security,
        summary: 'Test an SMTP URL before saving it (nothing is stored or sent)',
        body: { $ref: 'TestSmtpUrl#' },
        response: { 200: testResult, ...problemResponses(...commonApiProblems) },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      return mailboxTestFromProto(
        await call(() => email.testMailbox({ workspaceId, smtpUrl: request.body.smtpUrl }, testDeadline), {
          smtp_url: 'body.smtpUrl',
        }),
      );
    },
  );
}
