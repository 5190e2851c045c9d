// JSON schemas of the template preview: a step's templates rendered for one lead, as the Email
// service would send them (the dashboard's sequence editor shows it while the user types).
import { templateFieldLimits } from '@coldreach/outreach';

const template = (maxLength: number, description: string) =>
  ({ type: 'string', maxLength, description }) as const;

export const campaignPreviewBodySchema = {
  $id: 'CampaignPreviewRequest',
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'leadId'],
  properties: {
    subject: template(templateFieldLimits.subject, 'Subject template, as a step takes it.'),
    textBody: template(templateFieldLimits.textBody, 'Plain-text body template; empty or absent for none.'),
    htmlBody: template(templateFieldLimits.htmlBody, 'HTML body template; empty or absent for none.'),
    leadId: { type: 'string', format: 'uuid', description: 'The lead whose fields fill the variables.' },
  },
} as const;

export const campaignPreviewSchema = {
  $id: 'CampaignPreview',
  type: 'object',
  required: ['subject', 'textBody', 'htmlBody'],
  description:
    'The email as the lead would read it, before the tracking pixel, tracked links and the ' +
    'List-Unsubscribe header are added.',
  properties: {
    subject: { type: 'string', description: 'On one line.' },
    textBody: {
      type: 'string',
      description: 'The text part; derived from the HTML body when the step has no text body.',
    },
    htmlBody: {
      type: 'string',
      description: 'The HTML part, lead values escaped; empty without an HTML body.',
    },
  },
} as const;

export const campaignPreviewSchemas = [campaignPreviewBodySchema, campaignPreviewSchema];

export interface CampaignPreviewBody {
  subject: string;
  textBody?: string;
  htmlBody?: string;
  leadId: string;
}
