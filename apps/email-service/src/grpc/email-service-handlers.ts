import type { ServiceImpl } from '@connectrpc/connect';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { EmailService } from '@coldreach/contracts';
import type { CaughtMessageUseCases } from '../domain/caught-message-use-cases';
import type { DeliveryUseCases } from '../domain/delivery-use-cases';
import type { MailboxUseCases } from '../domain/mailbox-use-cases';
import type { SuppressionUseCases } from '../domain/suppression-use-cases';
import type { TrackingUseCases } from '../tracking/tracking-use-cases';
import { deliveryStatusName, deliveryStatusToProto, deliveryToProto } from './delivery-proto-mapping';
import { mailboxInputFromProto, mailboxToProto, probeResultToProto } from './mailbox-proto-mapping';
import { caughtMessageToProto, suppressionReasonName, suppressionToProto } from './suppression-proto-mapping';

export interface EmailUseCases {
  mailboxes: MailboxUseCases;
  deliveries: DeliveryUseCases;
  suppressions: SuppressionUseCases;
  caughtMessages: CaughtMessageUseCases;
  tracking: TrackingUseCases;
}

/** EmailService over gRPC: each handler maps proto ↔ domain and leaves every decision to the use cases. */
export function createEmailServiceHandlers(useCases: EmailUseCases): ServiceImpl<typeof EmailService> {
  const { mailboxes, deliveries, suppressions, caughtMessages, tracking } = useCases;
  return {
    async createMailbox(request) {
      const mailbox = await mailboxes.createMailbox(
        request.workspaceId,
        mailboxInputFromProto(request.mailbox),
      );
      return { mailbox: mailboxToProto(mailbox) };
    },

    async getMailbox(request) {
      return { mailbox: mailboxToProto(await mailboxes.getMailbox(request.workspaceId, request.id)) };
    },

    async listMailboxes(request) {
      const page = await mailboxes.listMailboxes(request.workspaceId, request);
      return { mailboxes: page.mailboxes.map(mailboxToProto), nextPageToken: page.nextPageToken };
    },

    async updateMailbox(request) {
      const mailbox = await mailboxes.updateMailbox(
        request.workspaceId,
        request.id,
        mailboxInputFromProto(request.mailbox),
        request.updateMask?.paths ?? [],
      );
      return { mailbox: mailboxToProto(mailbox) };
    },

    async deleteMailbox(request) {
      await mailboxes.deleteMailbox(request.workspaceId, request.id);
      return {};
    },

    async testMailbox(request) {
      return probeResultToProto(
        await mailboxes.testMailbox(request.workspaceId, request.id, request.smtpUrl),
      );
    },

    async sendEmail(request) {
      const delivery = await deliveries.sendEmail({
        workspaceId: request.workspaceId,
        clientId: request.clientId,
        mailboxId: request.mailboxId,
        subject: request.subject,
        textBody: request.textBody,
        htmlBody: request.htmlBody,
        requestId: request.requestId,
        scheduledTime: request.scheduledTime && timestampDate(request.scheduledTime),
      });
      return { deliveryId: delivery.id, status: deliveryStatusToProto[delivery.status] };
    },

    async getDelivery(request) {
      return { delivery: deliveryToProto(await deliveries.getDelivery(request.workspaceId, request.id)) };
    },

    async listDeliveries(request) {
      const filter = request.filter;
      const page = await deliveries.listDeliveries(request.workspaceId, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        filter: {
          campaignId: filter?.campaignId ?? '',
          statuses: (filter?.statuses ?? []).map(deliveryStatusName),
          clientId: filter?.clientId ?? '',
          mailboxId: filter?.mailboxId ?? '',
        },
      });
      return { deliveries: page.deliveries.map(deliveryToProto), nextPageToken: page.nextPageToken };
    },

    async retryDelivery(request) {
      return { delivery: deliveryToProto(await deliveries.retryDelivery(request.workspaceId, request.id)) };
    },

    async addSuppression(request) {
      const suppression = await suppressions.addSuppression(request.workspaceId, {
        email: request.email,
        reason: suppressionReasonName(request.reason),
        note: request.note,
      });
      return { suppression: suppressionToProto(suppression) };
    },

    async removeSuppression(request) {
      await suppressions.removeSuppression(request.workspaceId, request.email, request.force);
      return {};
    },

    async listSuppressions(request) {
      const page = await suppressions.listSuppressions(request.workspaceId, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        filter: {
          reasons: (request.filter?.reasons ?? []).map(
            (reason) => suppressionReasonName(reason) ?? 'unspecified',
          ),
          query: request.filter?.query ?? '',
        },
      });
      return { suppressions: page.suppressions.map(suppressionToProto), nextPageToken: page.nextPageToken };
    },

    async checkSuppression(request) {
      const found = await suppressions.checkSuppression(request.workspaceId, request.emails);
      return { suppressions: found.map(suppressionToProto) };
    },

    async unsubscribe(request) {
      return suppressions.unsubscribe(request.token, request.validateOnly);
    },

    async recordOpen(request) {
      await tracking.recordOpen(request.token, {
        userAgent: request.request?.userAgent ?? '',
        remoteAddress: request.request?.remoteAddress ?? '',
      });
      return {};
    },

    async recordClick(request) {
      return tracking.recordClick(request.token, {
        userAgent: request.request?.userAgent ?? '',
        remoteAddress: request.request?.remoteAddress ?? '',
      });
    },

    async listCaughtMessages(request) {
      const filter = request.filter;
      const page = await caughtMessages.listCaughtMessages(request.workspaceId, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        filter: {
          campaignId: filter?.campaignId ?? '',
          deliveryId: filter?.deliveryId ?? '',
          toAddress: filter?.toAddress ?? '',
        },
      });
      return { messages: page.messages.map(caughtMessageToProto), nextPageToken: page.nextPageToken };
    },
  };
}
