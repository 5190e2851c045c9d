import type { Client as RpcClient } from '@connectrpc/connect';
import type { ClientService } from '@coldreach/contracts';
import { DomainError, notFound } from '@coldreach/errors';
import { connectToDomainError } from '@coldreach/grpc';
import type { ClientDirectory } from '../domain/client-directory';

const defaultTimeoutMs = 3000;

/** ClientService.GetClient with a deadline; its errors become the Email service's own. */
export function createClientServiceDirectory(
  clients: RpcClient<typeof ClientService>,
  options: { timeoutMs?: number } = {},
): ClientDirectory {
  return {
    async getClient(workspaceId, clientId) {
      try {
        const { client } = await clients.getClient(
          { workspaceId, id: clientId },
          { timeoutMs: options.timeoutMs ?? defaultTimeoutMs },
        );
        if (!client) throw new Error('GetClient answered without a client');
        return client;
      } catch (error) {
        const mapped = connectToDomainError(error);
        // Another workspace's client answers NOT_FOUND too, so this never says whose it is.
        if (mapped.code === 'not_found') throw notFound(`client ${clientId}`);
        throw new DomainError(
          mapped.retriable ? mapped.code : 'unavailable',
          `the client service could not be asked for client ${clientId}: ${mapped.message}`,
          { retriable: true, cause: error },
        );
      }
    },
  };
}
