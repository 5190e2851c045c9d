import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimiter } from '@coldreach/rate-limit';
import type { MemberRole, UserStore } from '@coldreach/tenancy';
import { problem, ProblemError, unauthenticatedProblem } from '../errors/problem';
import type { Session, SessionStore } from './session-store';

/** What signing in with email and password needs (absent: only API keys authenticate). */
export interface Accounts {
  users: UserStore;
  sessions: SessionStore;
  /** Sign-in attempts per account (normalised email), e.g. 20 an hour. */
  signInPerAccount: RateLimiter;
  /** Sign-in attempts per client address, e.g. 30 a minute. */
  signInPerAddress: RateLimiter;
  /** The window of signInPerAccount, for the 429's wording (default 'hour'). */
  signInPerAccountWindow?: string;
}

export const sessionCookieName = 'cr_session';

export const csrfProblem = problem(403, 'csrf', "This request lacks the session's CSRF token.");

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A browser sends the cookie with any request to this origin, a forged one from another site too:
 * a state-changing request must also carry the session's CSRF token (which only this origin's
 * pages can read, from the session's JSON) and, when the browser says where it comes from, come
 * from this origin.
 */
export function checkCsrf(request: FastifyRequest, csrfToken: string): void {
  if (!unsafeMethods.has(request.method)) return;
  const presented = request.headers['x-csrf-token'];
  const expected = Buffer.from(csrfToken);
  const matches =
    typeof presented === 'string' &&
    Buffer.byteLength(presented) === expected.length &&
    timingSafeEqual(Buffer.from(presented), expected);
  if (!matches || !fromOwnOrigin(request)) throw new ProblemError(csrfProblem);
}

/** False when an Origin header names another origin than this gateway's (absent: true). */
export function fromOwnOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return false;
  }
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure when the request came over https. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  session: Session,
  now: number,
): void {
  reply.setCookie(sessionCookieName, id, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    maxAge: Math.max(0, Math.round((session.expiresAt - now) / 1000)),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
  });
}

/** The Session answer of the session routes (the schema `Session`). */
export interface SessionView {
  user: { id: string; email: string };
  workspace: { id: string; name: string; role: MemberRole };
  workspaces: { id: string; name: string; role: MemberRole }[];
  csrfToken: string;
  expiresAt: string;
  idleTimeoutSeconds: number;
}

export async function sessionView(accounts: Accounts, session: Session, email: string): Promise<SessionView> {
  const workspaces = (await accounts.users.listMemberships(session.userId)).map((m) => ({
    id: m.workspaceId,
    name: m.workspaceName,
    role: m.role,
  }));
  const workspace = workspaces.find((w) => w.id === session.workspaceId);
  // Removed from the workspace since this request was authenticated.
  if (!workspace) throw new ProblemError(unauthenticatedProblem);
  return {
    user: { id: session.userId, email },
    workspace,
    workspaces,
    csrfToken: session.csrfToken,
    expiresAt: new Date(session.expiresAt).toISOString(),
    idleTimeoutSeconds: Math.floor(accounts.sessions.idleTimeoutMs / 1000),
  };
}

/** The session of a route only a signed-in person may use (an API key is refused with 401). */
export function sessionOf(request: FastifyRequest): NonNullable<FastifyRequest['session']> {
  if (!request.session) throw new ProblemError(sessionRequiredProblem);
  return request.session;
}

export const sessionRequiredProblem = problem(
  401,
  'unauthenticated',
  'Sign in first: this route is for a signed-in person, not an API key.',
);
