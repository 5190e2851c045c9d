import type { Client as RpcClient } from '@connectrpc/connect';
import type { EmailService } from '@coldreach/contracts';
import type { MailboxDirectory } from '../domain/ports';
import { isRemoteNotFound, remoteFailure } from './remote-errors';

/** Deadline of each call to the Email service. */
export const emailCallTimeoutMs = 5000;

/** MailboxDirectory over the Email service's GetMailbox (one call per id, in parallel, each with a deadline). */
export function createMailboxDirectory(
  rpc: RpcClient<typeof EmailService>,
  timeoutMs = emailCallTimeoutMs,
): MailboxDirectory {
  return {
    async findMissing(workspaceId, ids) {
      const exists = await Promise.all(
        ids.map(async (id) => {
          try {
            await rpc.getMailbox({ workspaceId, id }, { timeoutMs });
            return true;
          } catch (error) {
            if (isRemoteNotFound(error)) return false;
            throw remoteFailure('email service', error);
          }
        }),
      );
      return ids.filter((_, index) => !exists[index]);
    },
  };
}
