import type { ServiceImpl } from '@connectrpc/connect';
import { create } from '@bufbuild/protobuf';
import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { TestMailboxImapResponseSchema, type InboundMailService } from '@coldreach/contracts';
import type { InboundUseCases } from '../inbound/inbound-use-cases';
import { inboundKindName, inboundMessageToProto } from './inbound-proto-mapping';

/** InboundMailService over gRPC: proto ↔ domain only. */
export function createInboundServiceHandlers(
  inbound: InboundUseCases,
): ServiceImpl<typeof InboundMailService> {
  return {
    async listInboundMessages(request) {
      const page = await inbound.listInboundMessages(request.workspaceId, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        filter: { campaignId: request.campaignId, clientId: request.clientId, mailboxId: request.mailboxId },
        kinds: request.kinds.map(inboundKindName),
      });
      return { messages: page.messages.map(inboundMessageToProto), nextPageToken: page.nextPageToken };
    },

    async testMailboxImap(request) {
      const result = await inbound.testMailboxImap(request.workspaceId, request.id, request.imapUrl);
      return create(TestMailboxImapResponseSchema, {
        ok: result.ok,
        detail: result.detail,
        latency: durationFromMs(result.latencyMs),
      });
    },

    async injectInboundMessage(request) {
      const message = await inbound.injectInboundMessage(request.workspaceId, request.mailboxId, request.raw);
      return { message: inboundMessageToProto(message) };
    },
  };
}
