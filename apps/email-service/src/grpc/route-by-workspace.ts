import type { ServiceImpl } from '@connectrpc/connect';
import type { DescService } from '@bufbuild/protobuf';
import {
  verifyClickToken,
  verifyOpenToken,
  verifyUnsubscribeToken,
  type TokenSecret,
} from '@coldreach/outreach';

type Handler = (request: unknown, context: unknown) => unknown;

/** Where a call that names no workspace field finds one (e.g. in its signed token). */
export type WorkspaceOf = (request: never) => string | undefined;

/**
 * One service implementation out of one per shard: each call goes to the handlers of the shard of
 * its request's `workspaceId` (or of what `workspaceOf` finds for that method). A call without a
 * usable workspace goes to the first shard, whose use cases refuse it as they always did.
 */
export function routeByWorkspace<S extends DescService>(
  perShard: readonly ServiceImpl<S>[],
  shardOf: (workspaceId: string) => number,
  workspaceOf: Record<string, WorkspaceOf> = {},
): ServiceImpl<S> {
  const shards = perShard as unknown as ReadonlyArray<Record<string, Handler>>;
  const [first] = shards;
  if (!first) throw new Error('routing needs the handlers of at least one shard');
  const routed: Record<string, Handler> = {};
  for (const method of Object.keys(first)) {
    routed[method] = (request, context) => {
      const named = (request as { workspaceId?: unknown }).workspaceId;
      const workspaceId = workspaceOf[method]?.(request as never) ?? (typeof named === 'string' ? named : '');
      const handlers = workspaceId === '' ? first : (shards[shardOf(workspaceId)] ?? first);
      return handlers[method]!(request, context);
    };
  }
  return routed as unknown as ServiceImpl<S>;
}

/**
 * The workspace of EmailService's token calls: unsubscribe, open and click tokens carry it (signed),
 * so these calls go straight to one shard, without a fan-out. A token that does not verify names
 * none; the first shard's use cases refuse it with the usual error.
 */
export function tokenWorkspaces(secrets: readonly TokenSecret[]): Record<string, WorkspaceOf> {
  return {
    unsubscribe: (request: { token: string }) => {
      try {
        return verifyUnsubscribeToken(request.token, secrets, { now: new Date() }).workspaceId;
      } catch {
        return undefined;
      }
    },
    recordOpen: (request: { token: string }) => verifyOpenToken(request.token, secrets)?.workspaceId,
    recordClick: (request: { token: string }) => verifyClickToken(request.token, secrets)?.workspaceId,
  };
}
