import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { EmailService } from '@coldreach/contracts';
import { DomainError } from '@coldreach/errors';
import type { RateLimiter } from '@coldreach/rate-limit';
import { problemFor, sendProblem } from '../errors/error-handler';
import { problem, problemContentType } from '../errors/problem';
import { enforceRateLimits } from '../auth/rate-limits';
import { callService } from '../mapping/service-call';
import { confirmUnsubscribePage, sendHtml, unsubscribedPage, unsubscribeErrorPage } from './unsubscribe-page';

export interface UnsubscribeRoutesOptions {
  email: Client<typeof EmailService>;
  /** Requests per client address (`request.ip`); absent: not limited. */
  publicRateLimiter?: RateLimiter;
}

// Tokens are base64url and a dot; anything else, or anything longer, is refused without asking the
// Email service.
const tokenPattern = /^[A-Za-z0-9_.-]{1,2048}$/;
const tags = ['unsubscribe'];
const params = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', description: 'The signed token from the List-Unsubscribe URL.' } },
} as const;
const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
const invalidLink = {
  description: 'The link is malformed or expired: an HTML page, or problem+json when Accept asks for JSON.',
  content: {
    'text/html': { schema: { type: 'string' } },
    [problemContentType]: { schema: { $ref: 'Problem#' } },
  },
};

/**
 * The public unsubscribe link of every email (RFC 8058): no API key, no cookies. GET shows a
 * confirmation page and changes nothing; POST (the page's button, or a mail client's one-click
 * `List-Unsubscribe=One-Click` POST) unsubscribes. The workspace comes from the verified token.
 */
export async function unsubscribeRoutes(
  app: FastifyInstance,
  { email, publicRateLimiter }: UnsubscribeRoutesOptions,
) {
  // No key to count by: the client's address is. Mailbox providers send one-click POSTs from a few
  // addresses of theirs, so the default budget (RATE_LIMIT_PUBLIC_PER_MINUTE) is generous.
  if (publicRateLimiter) {
    app.addHook('onRequest', async (request, reply) =>
      enforceRateLimits(reply, [{ limiter: publicRateLimiter, key: request.ip, subject: 'client address' }]),
    );
  }
  // One-click POSTs arrive as a form (urlencoded or multipart) or empty; the content does not matter
  // (the token says everything), so whatever is sent is read, bounded, and ignored.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_request, _body, done) =>
    done(null, undefined),
  );

  async function unsubscribe(request: FastifyRequest<{ Params: { token: string } }>, validateOnly: boolean) {
    const { token } = request.params;
    if (!tokenPattern.test(token)) {
      throw new DomainError('invalid_argument', 'the unsubscribe token is malformed');
    }
    return callService(() => email.unsubscribe({ token, validateOnly }));
  }

  function fail(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    const found = problemFor(error);
    if (found.status >= 500) request.log.error({ err: error }, 'unsubscribe failed');
    // Fixed words: nothing the caller sent (or the service said about it) is repeated.
    const status = found.status >= 500 ? found.status : 400;
    if (wantsJson(request)) {
      return sendProblem(
        reply,
        status >= 500
          ? found
          : problem(400, 'invalid-unsubscribe-link', 'The unsubscribe link is malformed or has expired.'),
      );
    }
    return sendHtml(reply, status, unsubscribeErrorPage(status));
  }

  app.get<{ Params: { token: string } }>(
    '/unsubscribe/:token',
    {
      schema: {
        tags,
        summary: 'The confirmation page of an unsubscribe link (changes nothing)',
        params,
        produces: ['text/html'],
        response: {
          200: html('A page showing the masked address and an Unsubscribe button.'),
          400: invalidLink,
        },
      },
    },
    async (request, reply) => {
      try {
        const answer = await unsubscribe(request, true);
        if (wantsJson(request)) return reply.send(outcome(answer));
        return sendHtml(reply, 200, confirmUnsubscribePage(answer.maskedEmail, answer.alreadyUnsubscribed));
      } catch (error) {
        return fail(request, reply, error);
      }
    },
  );

  app.post<{ Params: { token: string } }>(
    '/unsubscribe/:token',
    {
      schema: {
        tags,
        summary: 'Unsubscribe (RFC 8058 one-click: List-Unsubscribe=One-Click, or an empty body)',
        params,
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
        produces: ['text/html'],
        response: { 200: html('Unsubscribed (or already unsubscribed).'), 400: invalidLink },
      },
    },
    async (request, reply) => {
      try {
        const answer = await unsubscribe(request, false);
        if (wantsJson(request)) return reply.send(outcome(answer));
        return sendHtml(reply, 200, unsubscribedPage(answer.maskedEmail, answer.alreadyUnsubscribed));
      } catch (error) {
        return fail(request, reply, error);
      }
    },
  );
}

function outcome(answer: { maskedEmail: string; alreadyUnsubscribed: boolean }) {
  return { maskedEmail: answer.maskedEmail, alreadyUnsubscribed: answer.alreadyUnsubscribed };
}

/** An API client asking for JSON rather than a browser asking for a page. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /application\/(problem\+)?json/i.test(accept) && !/text\/html/i.test(accept);
}
