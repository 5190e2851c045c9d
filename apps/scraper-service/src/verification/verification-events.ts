import { create } from '@bufbuild/protobuf';
import { VerifyAddressRequestedSchema, eventTypes, topics } from '@coldreach/contracts';
import { createEnvelope, type OutboxEventInput } from '@coldreach/outbox';
import type { AddressToCheck } from './verification-job';

/** The domain of an address (keys verify.commands: one domain's checks stay on one partition). */
export const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** `verify.address_requested` for one client's address, ready for the outbox. */
export function verifyCommandEvent(item: AddressToCheck): OutboxEventInput {
  const event = createEnvelope({
    type: eventTypes.verifyAddressRequested,
    workspaceId: item.workspaceId,
    key: domainOf(item.email),
    source: 'scraper-service',
    payload: {
      schema: VerifyAddressRequestedSchema,
      message: create(VerifyAddressRequestedSchema, {
        workspaceId: item.workspaceId,
        jobId: item.jobId,
        clientId: item.clientId,
        email: item.email,
      }),
    },
  });
  return { ...event, topic: topics.verifyCommands };
}
