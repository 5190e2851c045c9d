import type { Client as RpcClient } from '@connectrpc/connect';
import type { Client, ClientService } from '@coldreach/contracts';
import { verificationStatuses, type VerificationStatusName } from '../domain/campaign';
import type { Recipient } from '../domain/hand-over-rules';
import type { ClientDirectory, LeadClient } from '../domain/ports';
import { enumName, verificationStatusToProto } from './campaign-proto-mapping';
import { isRemoteNotFound, remoteFailure } from './remote-errors';

/** Deadline of each call to the Client service. */
export const clientCallTimeoutMs = 5000;
/** BatchGetClients takes at most this many ids a call. */
export const batchGetLimit = 1000;
const listPageSize = 500;

/**
 * A client's verification status by name. UNSPECIFIED (or a value from a newer peer) counts as
 * unverified: a campaign that sends to checked leads only never takes it for one.
 */
export function verificationStatusOf(client: Client): VerificationStatusName {
  const name = enumName(verificationStatusToProto, client.verificationStatus);
  return (verificationStatuses as readonly string[]).includes(name)
    ? (name as VerificationStatusName)
    : 'unverified';
}

/** A client as the hand-over's rules read it. */
export const recipientOf = (client: Client): Recipient => ({
  customFields: client.customFields,
  verificationStatus: verificationStatusOf(client),
});

const toLead = (client: Client): LeadClient => ({
  id: client.id,
  email: client.email,
  ...recipientOf(client),
});

/**
 * Reads many clients with BatchGetClients, in chunks of at most 1000 ids, each call with a
 * deadline. Answers the clients found (by id) and the ids that do not exist in the workspace.
 */
export async function fetchClients(
  rpc: RpcClient<typeof ClientService>,
  workspaceId: string,
  ids: readonly string[],
  timeoutMs = clientCallTimeoutMs,
): Promise<{ found: Map<string, Client>; missingIds: string[] }> {
  const found = new Map<string, Client>();
  const missingIds: string[] = [];
  for (let start = 0; start < ids.length; start += batchGetLimit) {
    const chunk = ids.slice(start, start + batchGetLimit);
    const response = await rpc
      .batchGetClients({ workspaceId, ids: chunk }, { timeoutMs })
      .catch((error: unknown) => {
        throw remoteFailure('client service', error);
      });
    for (const client of response.clients) found.set(client.id, client);
    missingIds.push(...response.missingIds);
  }
  return { found, missingIds };
}

/** ClientDirectory over the Client service's gRPC API. */
export function createClientDirectory(
  rpc: RpcClient<typeof ClientService>,
  timeoutMs = clientCallTimeoutMs,
): ClientDirectory {
  return {
    async get(workspaceId, clientId) {
      try {
        const { client } = await rpc.getClient({ workspaceId, id: clientId }, { timeoutMs });
        return client ? toLead(client) : undefined;
      } catch (error) {
        if (isRemoteNotFound(error)) return undefined;
        throw remoteFailure('client service', error);
      }
    },

    async batchGet(workspaceId, ids) {
      const { found, missingIds } = await fetchClients(rpc, workspaceId, ids, timeoutMs);
      return { clients: [...found.values()].map(toLead), missingIds };
    },

    async list(workspaceId, filter, pageToken) {
      const response = await rpc
        .listClients(
          {
            workspaceId,
            pageSize: listPageSize,
            pageToken,
            filter: {
              tag: filter.tag,
              verificationStatuses: filter.verificationStatuses.map(
                (status) => verificationStatusToProto[status],
              ),
              company: filter.company,
              query: filter.query,
            },
          },
          { timeoutMs },
        )
        .catch((error: unknown) => {
          throw remoteFailure('client service', error);
        });
      return { clients: response.clients.map(toLead), nextPageToken: response.nextPageToken };
    },
  };
}
