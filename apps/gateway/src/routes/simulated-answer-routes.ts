import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { CaughtMessage, EmailService, InboundMailService } from '@coldreach/contracts';
import { DomainError, notFound } from '@coldreach/errors';
import { callerOf } from '../auth/api-auth';
import { inboundMessageFromProto } from '../mapping/inbound-mapping';
import { resourceId } from '../mapping/resource-id';
import { answered, callService as call, configured } from '../mapping/service-call';
import { buildSimulatedAnswer } from '../mapping/simulated-answer';
import { apiSecurity as security, idParamsSchema } from '../schemas/common-schemas';
import type { SimulateReplyBody } from '../schemas/inbound-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

export interface SimulatedAnswerRoutesOptions {
  email: Client<typeof EmailService>;
  /** Absent: the route answers 503. */
  inbound?: Client<typeof InboundMailService>;
}

const connectedModeDetail =
  'Simulating an answer is a local-mode tool (npm start): this Email service reads real inboxes over IMAP, ' +
  'so an answer has to arrive in the mailbox itself.';

/**
 * POST /api/caught-messages/:id/simulate-reply, a local-mode tool: what the lead (or their
 * out-of-office, or the receiving server) would have answered to a caught email is handed to the Email
 * service as if read from the mailbox's inbox, so a reply stops the sequence as a real one would.
 */
export async function simulatedAnswerRoutes(app: FastifyInstance, options: SimulatedAnswerRoutesOptions) {
  const { email } = options;
  app.post<{ Params: { id: string }; Body: SimulateReplyBody }>(
    '/caught-messages/:id/simulate-reply',
    {
      schema: {
        tags: ['local-mode'],
        security,
        summary:
          'Local mode only: simulate an answer to a caught email (a reply, out-of-office, unsubscribe or bounce)',
        description:
          'A tool of `npm start` (embedded mode), where no real inbox is read. Builds the message the lead ' +
          "(From: the caught email's recipient, In-Reply-To its Message-ID) or MAILER-DAEMON (an RFC 3464 " +
          'hard bounce, 5.1.1) would have sent back, and has the Email service read it as if it had arrived ' +
          "in the mailbox's inbox: it is classified and its effects follow (a reply stops the lead's sequence " +
          'when the campaign says stopOnReply). Answers 409 where the Email service reads real inboxes.',
        params: idParamsSchema({ id: 'caught message' }),
        body: { $ref: 'SimulateReply#' },

        response: {
          201: jsonResponse('The answer, as read and classified.', { $ref: 'InboundMessage#' }),
          ...problemResponses(
            ...commonApiProblems,
            [404, 'No such caught message in this workspace.'],
            [409, 'Not in local mode: the Email service reads real inboxes.'],
          ),
        },
      },
      // No body at all asks for the default answer, as `{}` does.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const inbound = configured(options.inbound, 'inbound mail service');
      const caught = await findCaughtMessage(
        email,
        workspaceId,
        resourceId(request.params.id, 'caught message'),
      );
      const { kind = 'reply', text } = request.body;
      const raw = await buildSimulatedAnswer(caught, kind, text);
      const injected = await call(() =>
        inbound.injectInboundMessage({ workspaceId, mailboxId: caught.mailboxId, raw }),
      ).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'failed_precondition')
          throw new DomainError('failed_precondition', connectedModeDetail, { cause: error });
        throw error;
      });
      return reply.code(201).send(inboundMessageFromProto(answered(injected.message, 'message')));
    },
  );
}

/**
 * The caught message with this id. ListCaughtMessages has no id filter, so its pages are read until it
 * turns up: local mode catches what one person's tests send, a few pages at most.
 */
async function findCaughtMessage(
  email: Client<typeof EmailService>,
  workspaceId: string,
  id: string,
): Promise<CaughtMessage> {
  let pageToken = '';
  do {
    const page = await call(() => email.listCaughtMessages({ workspaceId, pageSize: 500, pageToken }));
    const found = page.messages.find((message) => message.id === id);
    if (found) return found;
    pageToken = page.nextPageToken;
  } while (pageToken);
  throw notFound('caught message');
}
