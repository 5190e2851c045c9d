import type { MessageInitShape } from '@bufbuild/protobuf';
import { ClientOrder, type ListClientsRequestSchema } from '@coldreach/contracts';
import type { LeadFilterQuery, VerificationStatusName } from '../schemas/lead-schemas';
import { verificationStatusToProto } from './lead-mapping';

/** The filter and order of a ListClients call, from the query GET /api/leads and its export share. */
export function listClientsRequestFrom(
  workspaceId: string,
  query: LeadFilterQuery,
): MessageInitShape<typeof ListClientsRequestSchema> {
  const statuses = query.status ? (query.status.split(',') as VerificationStatusName[]) : [];
  return {
    workspaceId,
    order: query.sort === 'oldest' ? ClientOrder.OLDEST_FIRST : ClientOrder.NEWEST_FIRST,
    filter: {
      verificationStatuses: statuses.map(verificationStatusToProto),
      tag: query.tag ?? '',
      company: query.company ?? '',
      query: query.q ?? '',
      source: query.source ?? '',
    },
  };
}
