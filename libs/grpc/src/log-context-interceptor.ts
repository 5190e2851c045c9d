import type { Interceptor } from '@connectrpc/connect';
import { withLogContext } from '@coldreach/observability';

/**
 * Server interceptor: every line logged while a call is served carries the workspace its request
 * names (nearly every request of this code base has a top-level `workspace_id`). Streamed requests
 * and requests without one get a context without a workspace.
 */
export const logContextServerInterceptor: Interceptor = (next) => (request) =>
  withLogContext({ workspaceId: request.stream ? undefined : workspaceIdOf(request.message) }, () =>
    next(request),
  );

function workspaceIdOf(message: unknown): string | undefined {
  const workspaceId = (message as { workspaceId?: unknown }).workspaceId;
  return typeof workspaceId === 'string' && workspaceId !== '' ? workspaceId : undefined;
}
