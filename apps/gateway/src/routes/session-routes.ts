import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, notFound } from '@coldreach/errors';
import { normaliseEmail } from '@coldreach/tenancy';
import { enforceRateLimits } from '../auth/rate-limits';
import {
  clearSessionCookie,
  csrfProblem,
  fromOwnOrigin,
  sessionOf,
  sessionView,
  setSessionCookie,
  type Accounts,
} from '../auth/session-auth';
import { problem, ProblemError } from '../errors/problem';
import { apiSecurity as security, noContentResponse } from '../schemas/common-schemas';
import { jsonResponse, problemResponses } from '../schemas/problem-schema';
import type { SignInBody } from '../schemas/account-schemas';

const tags = ['account'];

/** The one answer to every failed sign-in: it never says whether the email or the password was wrong. */
export const signInFailedProblem = problem(401, 'sign-in-failed', 'The email or password is wrong.');

export interface SessionRoutesOptions {
  /** Absent: nobody can sign in (API keys only); the routes answer 503. */
  accounts?: Accounts;
}

/** The accounts of a route, or 503 when this gateway was built without them. */
export function accountsOf(options: SessionRoutesOptions): Accounts {
  if (!options.accounts) throw new DomainError('unavailable', 'sign-in is not configured on this gateway');
  return options.accounts;
}

/** Answers a session as JSON with its cookie (a new session, or one whose id changed). */
export async function answerNewSession(
  accounts: Accounts,
  request: FastifyRequest,
  reply: FastifyReply,
  started: { id: string; session: Parameters<typeof sessionView>[1] },
  email: string,
) {
  setSessionCookie(request, reply, started.id, started.session, accounts.sessions.now());
  return sessionView(accounts, started.session, email);
}

/** POST /api/session: signing in, before any authentication (the enclosing scope has none). */
export async function signInRoutes(app: FastifyInstance, options: SessionRoutesOptions) {
  app.post<{ Body: SignInBody }>(
    '/session',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description:
          'Starts a session in the first workspace the user joined and sets the `cr_session` cookie ' +
          '(HttpOnly, SameSite=Lax, Secure over https). Attempts are limited per account and per client address.',
        body: { $ref: 'SignIn#' },
        response: {
          200: jsonResponse('Signed in.', { $ref: 'Session#' }),
          ...problemResponses(
            400,
            [401, 'The email or password is wrong (the answer never says which).'],
            [403, 'The Origin header names another site.'],
            [
              429,
              'Too many attempts for this account or from this address; retry after `Retry-After` seconds.',
            ],
            415,
            503,
          ),
        },
      },
    },
    async (request, reply) => {
      const accounts = accountsOf(options);
      if (!fromOwnOrigin(request)) throw new ProblemError(csrfProblem);
      const email = normaliseEmail(request.body.email);
      await enforceRateLimits(reply, [
        { limiter: accounts.signInPerAddress, key: request.ip, subject: 'client address' },
        {
          limiter: accounts.signInPerAccount,
          // Hashed: the limiter's store (Redis) need not hold everyone's address.
          key: createHash('sha256').update(email).digest('base64url'),
          subject: 'account',
          window: accounts.signInPerAccountWindow ?? 'hour',
        },
      ]);
      const user = await accounts.users.checkCredentials(email, request.body.password);
      const first = user ? (await accounts.users.listMemberships(user.id))[0] : undefined;
      if (!user || !first) throw new ProblemError(signInFailedProblem);
      const started = await accounts.sessions.create(user.id, first.workspaceId);
      request.log.info({ userId: user.id }, 'signed in');
      return answerNewSession(accounts, request, reply, started, user.email);
    },
  );
}

/** The session of the signed-in person: read it, end it, move it to another workspace. */
export async function sessionRoutes(app: FastifyInstance, options: SessionRoutesOptions) {
  const sessionProblems = problemResponses(
    400,
    [401, 'Not signed in (no session cookie, or the session ended); API keys have no session.'],
    [403, "The request lacks the session's CSRF token, or comes from another origin."],
    429,
    500,
    503,
  );

  app.get(
    '/session',
    {
      schema: {
        tags,
        security,
        summary: 'The current session',
        response: { 200: jsonResponse('Signed in.', { $ref: 'Session#' }), ...sessionProblems },
      },
    },
    async (request) => {
      const { data, email } = sessionOf(request);
      return sessionView(accountsOf(options), data, email);
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags,
        security,
        summary: 'Sign out: the session ends and its cookie is cleared',
        response: { 204: noContentResponse, ...sessionProblems },
      },
    },
    async (request, reply) => {
      await accountsOf(options).sessions.delete(sessionOf(request).id);
      clearSessionCookie(request, reply);
      return reply.code(204).send();
    },
  );

  app.put<{ Body: { workspaceId: string } }>(
    '/session/workspace',
    {
      schema: {
        tags,
        security,
        summary: 'Switch the session to another of the user’s workspaces',
        body: { $ref: 'SwitchWorkspace#' },
        response: {
          200: jsonResponse('The session, now in that workspace.', { $ref: 'Session#' }),
          ...sessionProblems,
          ...problemResponses([404, 'The user is not a member of that workspace.']),
        },
      },
    },
    async (request) => {
      const accounts = accountsOf(options);
      const { id, data, email } = sessionOf(request);
      const { workspaceId } = request.body;
      const memberships = await accounts.users.listMemberships(data.userId);
      if (!memberships.some((m) => m.workspaceId === workspaceId)) throw notFound(`workspace ${workspaceId}`);
      await accounts.sessions.switchWorkspace(id, workspaceId);
      return sessionView(accounts, { ...data, workspaceId }, email);
    },
  );
}
