import type { ServiceImpl } from '@connectrpc/connect';
import { ClientOrder, type ClientService } from '@coldreach/contracts';
import type { ClientUseCases } from '../domain/client-use-cases';
import type { VerificationUseCases } from '../domain/verification-use-cases';
import {
  clientToProto,
  inputFromProto,
  outcomeToProto,
  recordOutcomeToProto,
  statusName,
  verificationRecordFromProto,
} from './client-proto-mapping';

/** ClientService over gRPC: each handler maps proto ↔ domain and leaves every decision to the use cases. */
export function createClientServiceHandlers(
  useCases: ClientUseCases,
  verifications: VerificationUseCases,
): ServiceImpl<typeof ClientService> {
  return {
    async createClient(request) {
      const client = await useCases.createClient(request.workspaceId, inputFromProto(request.client));
      return { client: clientToProto(client) };
    },

    async getClient(request) {
      return { client: clientToProto(await useCases.getClient(request.workspaceId, request.id)) };
    },

    async batchGetClients(request) {
      const { clients, missingIds } = await useCases.batchGetClients(request.workspaceId, request.ids);
      return { clients: clients.map(clientToProto), missingIds };
    },

    async listClients(request) {
      const filter = request.filter;
      const { clients, nextPageToken } = await useCases.listClients(request.workspaceId, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        filter: {
          verificationStatuses: (filter?.verificationStatuses ?? []).map(
            (status) => statusName(status) ?? 'unspecified',
          ),
          tag: filter?.tag ?? '',
          company: filter?.company ?? '',
          query: filter?.query ?? '',
          source: filter?.source ?? '',
        },
        order: request.order === ClientOrder.OLDEST_FIRST ? 'oldest' : 'newest',
      });
      return { clients: clients.map(clientToProto), nextPageToken };
    },

    async updateClient(request) {
      const client = await useCases.updateClient(
        request.workspaceId,
        request.id,
        inputFromProto(request.client),
        request.updateMask?.paths ?? [],
      );
      return { client: clientToProto(client) };
    },

    async deleteClient(request) {
      await useCases.deleteClient(request.workspaceId, request.id);
      return {};
    },

    async upsertClients(request) {
      const results = await useCases.upsertClients(request.workspaceId, request.clients.map(inputFromProto));
      return { results: results.map((result) => ({ ...result, outcome: outcomeToProto[result.outcome] })) };
    },

    async recordVerifications(request) {
      const outcomes = await verifications.recordVerifications(
        request.workspaceId,
        request.records.map(verificationRecordFromProto),
      );
      return { outcomes: outcomes.map((outcome) => recordOutcomeToProto[outcome]) };
    },
  };
}
