import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { EmailService } from '@coldreach/contracts';
import type { RateLimiter } from '@coldreach/rate-limit';
import { enforceRateLimits } from '../auth/rate-limits';
import { problemFor, sendProblem } from '../errors/error-handler';
import { problem, problemContentType } from '../errors/problem';
import { callService } from '../mapping/service-call';

export interface TrackingRoutesOptions {
  email: Client<typeof EmailService>;
  /** Requests per client address (`request.ip`); absent: not limited. */
  publicRateLimiter?: RateLimiter;
}

// Tokens are base64url and a dot (a click token carries a link of up to 2048 characters); anything
// else is refused without asking the Email service.
const tokenPattern = /^[A-Za-z0-9_-]{1,3000}\.[A-Za-z0-9_-]{43}$/;
// The smallest transparent GIF: 1×1, one transparent colour.
const transparentGif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const invalidLink = problem(404, 'tracking-link-not-found', 'This tracking link is not valid.');
const tags = ['tracking'];
const params = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', description: 'The signed token from the tracked email.' } },
} as const;
const notFound = {
  description:
    'A forged, altered or unknown token: nothing is recorded, and a click never redirects anywhere.',
  content: { [problemContentType]: { schema: { $ref: 'Problem#' } } },
};

/**
 * The public open pixel and click redirect of emails whose campaign tracks them (issue 16): no API
 * key, no cookies; the token is the only credential and names the delivery (and, for a click, the
 * one URL it may redirect to). Every hit is recorded, a replayed one too; the Email service flags
 * prefetchers and scanners from the user agent and client address, which it does not keep.
 */
export async function trackingRoutes(
  app: FastifyInstance,
  { email, publicRateLimiter }: TrackingRoutesOptions,
) {
  if (publicRateLimiter) {
    app.addHook('onRequest', async (request, reply) =>
      enforceRateLimits(reply, [{ limiter: publicRateLimiter, key: request.ip, subject: 'client address' }]),
    );
  }

  app.get<{ Params: { token: string } }>(
    '/t/o/:token',
    {
      schema: {
        tags,
        summary: 'The open pixel of a tracked email (records an open)',
        params,
        produces: ['image/gif'],
        response: {
          200: {
            description: 'A transparent 1×1 GIF, never cached (each load is an open).',
            content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } },
          },
          404: notFound,
        },
      },
    },
    async (request, reply) => {
      try {
        const token = checkedToken(request);
        await callService(() => email.recordOpen({ token, request: requestInfo(request) }));
      } catch (error) {
        return fail(request, reply, error);
      }
      return reply.code(200).header('cache-control', 'no-store').type('image/gif').send(transparentGif);
    },
  );

  app.get<{ Params: { token: string } }>(
    '/t/c/:token',
    {
      schema: {
        tags,
        summary: 'The redirect of a tracked link (records a click)',
        params,
        response: {
          302: {
            description: 'To the link that was in the email (Location), the only place a token can lead.',
            headers: { location: { type: 'string', format: 'uri' } },
          },
          404: notFound,
        },
      },
    },
    async (request, reply) => {
      let url: string;
      try {
        const token = checkedToken(request);
        ({ url } = await callService(() => email.recordClick({ token, request: requestInfo(request) })));
      } catch (error) {
        return fail(request, reply, error);
      }
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    },
  );
}

function checkedToken(request: FastifyRequest<{ Params: { token: string } }>): string {
  const { token } = request.params;
  if (!tokenPattern.test(token)) throw new TrackingLinkError();
  return token;
}

class TrackingLinkError extends Error {}

function requestInfo(request: FastifyRequest) {
  return { userAgent: request.headers['user-agent'] ?? '', remoteAddress: request.ip };
}

/** A refused token is one fixed 404, whatever the reason (nothing the caller sent is repeated). */
function fail(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (error instanceof TrackingLinkError) return sendProblem(reply, invalidLink);
  const found = problemFor(error);
  if (found.status >= 500) {
    request.log.error({ err: error }, 'recording a tracking hit failed');
    return sendProblem(reply, found);
  }
  return sendProblem(reply, invalidLink);
}
