import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { ClientSchema } from '@coldreach/contracts';
import {
  createUnsubscribeToken,
  parseTemplate,
  personalisationValues,
  renderEmailContent,
  type OutgoingEmail,
  type ParsedTemplate,
  type UnsubscribeTokenSecret,
} from '@coldreach/outreach';
import type { ClaimedDelivery } from '../ledger/delivery-transitions';
import { createTrackedHtml } from '../tracking/tracked-html';

export interface DeliveryRendererOptions {
  /** Where the unsubscribe page (and the tracking pixel and redirect) are served, e.g. `https://reach.example.com`. */
  publicBaseUrl: string;
  /** Signs the unsubscribe link, and the tracking tokens of campaigns that track. */
  unsubscribeSecret: UnsubscribeTokenSecret;
}

export type DeliveryRenderer = (
  delivery: ClaimedDelivery,
  sender: { fromName: string; fromAddress: string },
  now: Date,
) => OutgoingEmail;

// Campaigns render the same few templates for thousands of leads; parse each once.
const templateCacheSize = 500;

/**
 * Renders a delivery's subject and bodies with its recipient's fields and adds what every email
 * carries (unsubscribe URL, threading), and its campaign's tracking (HTML only). Throws when a template does not parse (INVALID_ARGUMENT).
 */
export function createDeliveryRenderer(options: DeliveryRendererOptions): DeliveryRenderer {
  const baseUrl = options.publicBaseUrl.replace(/\/+$/, '');
  const templates = new Map<string, ParsedTemplate>();
  const trackedHtml = createTrackedHtml({ baseUrl, secret: options.unsubscribeSecret });
  const parsed = (source: string): ParsedTemplate => {
    let template = templates.get(source);
    if (!template) {
      if (templates.size >= templateCacheSize) templates.clear();
      template = parseTemplate(source);
      templates.set(source, template);
    }
    return template;
  };

  return (delivery, sender, now) => {
    const recipient = fromJson(ClientSchema, delivery.recipient as JsonValue, { ignoreUnknownFields: true });
    // The same rendering as the dashboard's preview (POST /api/campaigns/preview).
    const { subject, text, html } = renderEmailContent(
      {
        subject: delivery.subjectTemplate,
        textBody: delivery.textBodyTemplate,
        htmlBody: delivery.htmlBodyTemplate,
      },
      personalisationValues(recipient),
      parsed,
    );
    const token = createUnsubscribeToken(
      {
        workspaceId: delivery.workspaceId,
        clientId: delivery.clientId,
        deliveryId: delivery.id,
        issuedAt: now,
      },
      options.unsubscribeSecret,
    );
    return {
      fromName: sender.fromName,
      fromAddress: sender.fromAddress,
      to: delivery.toAddress,
      subject,
      text,
      // The text part (derived from the HTML or not) keeps the links as written.
      html: trackedHtml(html, delivery),
      messageId: delivery.messageId,
      inReplyTo: delivery.inReplyTo,
      unsubscribeUrl: `${baseUrl}/unsubscribe/${token}`,
    };
  };
}
