import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { InboundMailService } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import { mailboxTestFromProto } from '../mapping/email-mapping';
import { resourceId } from '../mapping/resource-id';
import { callService as call, configured } from '../mapping/service-call';
import { apiSecurity as security, idParamsSchema } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

const tags = ['mailboxes'];
// The Email service bounds its own IMAP probe (connection, TLS, LOGIN, SELECT); the call waits longer,
// so a silent server is answered by the service rather than turned into a 503 here.
const testDeadline = { timeoutMs: 45_000 };

export interface MailboxImapRoutesOptions {
  /** Absent: these routes answer 503. */
  inbound?: Client<typeof InboundMailService>;
}

/** IMAP connection tests of a saved mailbox or of a URL before it is saved (served by InboundMailService). */
export async function mailboxImapRoutes(app: FastifyInstance, options: MailboxImapRoutesOptions) {
  const inbound = () => configured(options.inbound, 'inbound mail service');
  const testResult = jsonResponse('Whether it worked (a failed connection is an answer, not an error).', {
    $ref: 'MailboxTestResult#',
  });

  app.post<{ Params: { id: string } }>(
    '/mailboxes/:id/test-imap',
    {
      schema: {
        tags,
        security,
        summary: "Connect to a saved mailbox's IMAP server (TLS, LOGIN, SELECT INBOX, LOGOUT)",
        params: idParamsSchema({ id: 'mailbox' }),
        response: {
          200: testResult,
          ...problemResponses(
            ...commonApiProblems,
            [404, 'No such mailbox in this workspace (ids that are not UUIDs included).'],
            [409, 'The mailbox has no IMAP URL.'],
          ),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'mailbox');
      return mailboxTestFromProto(
        await call(() => inbound().testMailboxImap({ workspaceId, id }, testDeadline)),
      );
    },
  );

  app.post<{ Body: { imapUrl: string } }>(
    '/mailboxes/test-imap',
    {
      schema: {
        tags,
        security,
        summary: 'Test an IMAP URL before saving it (nothing is stored or read)',
        body: { $ref: 'TestImapUrl#' },
        response: { 200: testResult, ...problemResponses(...commonApiProblems) },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const imapUrl = request.body.imapUrl;
      return mailboxTestFromProto(
        await call(() => inbound().testMailboxImap({ workspaceId, imapUrl }, testDeadline), {
          imap_url: 'body.imapUrl',
        }),
      );
    },
  );
}
