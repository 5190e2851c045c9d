import type { FastifyInstance } from 'fastify';
import { passwordProblem } from '@coldreach/tenancy';
import { sessionOf } from '../auth/session-auth';
import { problem, ProblemError } from '../errors/problem';
import type { ChangePasswordBody } from '../schemas/account-schemas';
import { apiSecurity as security } from '../schemas/common-schemas';
import { jsonResponse, problemResponses } from '../schemas/problem-schema';
import { accountsOf, answerNewSession, type SessionRoutesOptions } from './session-routes';

function fieldProblem(field: string, message: string) {
  return new ProblemError(problem(400, 'validation', `${field}: ${message}`, [{ field, message }]));
}

/** The signed-in person's own account: /api/account. */
export async function accountRoutes(app: FastifyInstance, options: SessionRoutesOptions) {
  app.post<{ Body: ChangePasswordBody }>(
    '/account/password',
    {
      // A replay would answer a session whose cookie it cannot set again; a retry just runs again.
      config: { idempotency: false },
      schema: {
        tags: ['account'],
        security,
        summary: 'Change your password; every other session of yours ends',
        description:
          'Answers a new session (and cookie) for this browser; every other session of the user, in ' +
          'any browser, is revoked.',
        body: { $ref: 'ChangePassword#' },
        response: {
          200: jsonResponse('The new session.', { $ref: 'Session#' }),
          ...problemResponses(
            [400, 'body.currentPassword is wrong, or body.newPassword is too short or too long.'],
            [401, 'Not signed in; API keys have no password to change.'],
            [403, "The request lacks the session's CSRF token."],
            429,
            500,
            503,
          ),
        },
      },
    },
    async (request, reply) => {
      const accounts = accountsOf(options);
      const { id, data, email } = sessionOf(request);
      const { currentPassword, newPassword } = request.body;
      if (!(await accounts.users.checkPassword(data.userId, currentPassword)))
        throw fieldProblem('body.currentPassword', 'is not your current password');
      const weak = passwordProblem(newPassword);
      if (weak) throw fieldProblem('body.newPassword', weak);
      // Every session begun until now is revoked, this one too; the new one begins just after.
      const revokedUntil = accounts.sessions.now();
      await accounts.users.setPassword(data.userId, newPassword, new Date(revokedUntil));
      await accounts.sessions.delete(id);
      const started = await accounts.sessions.create(data.userId, data.workspaceId, revokedUntil + 1);
      request.log.info({ userId: data.userId }, 'password changed; other sessions revoked');
      return answerNewSession(accounts, request, reply, started, email);
    },
  );
}
