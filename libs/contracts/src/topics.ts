/**
 * Kafka topics, by domain. Keys: client id (clients), campaign id (campaigns), task id (email), job id
 * (scrape), the address's domain (verify).
 */
export const topics = {
  clientsEvents: 'clients.events',
  campaignsEvents: 'campaigns.events',
  emailCommands: 'email.commands',
  emailEvents: 'email.events',
  scrapeCommands: 'scrape.commands',
  scrapeEvents: 'scrape.events',
  verifyCommands: 'verify.commands',
} as const;

export type TopicName = (typeof topics)[keyof typeof topics];

/** Consumer groups: one per consuming service and purpose. */
export const consumerGroups = {
  campaignEmailEvents: 'campaign-service.email-events',
  emailWorkers: 'email-service.workers',
  emailCampaignEvents: 'email-service.campaign-events',
  scraperWorkers: 'scraper-service.workers',
  clientScrapeEvents: 'client-service.scrape-events',
  verificationWorkers: 'scraper-service.verification',
  verificationClientEvents: 'scraper-service.verification-client-events',
  campaignClientEvents: 'campaign-service.client-events',
  clientEmailEvents: 'client-service.email-events',
  analytics: 'analytics-service',
} as const;

/** Event types carried in EventEnvelope.type, one per payload message in events.proto. */
export const eventTypes = {
  clientCreated: 'client.created',
  clientUpdated: 'client.updated',
  clientDeleted: 'client.deleted',
  clientsImported: 'clients.imported',
  clientVerified: 'client.verified',
  campaignCreated: 'campaign.created',
  campaignDeleted: 'campaign.deleted',
  campaignLaunched: 'campaign.launched',
  campaignPaused: 'campaign.paused',
  campaignResumed: 'campaign.resumed',
  campaignCompleted: 'campaign.completed',
  emailSendRequested: 'email.send.requested',
  emailSendCancelRequested: 'email.send.cancel_requested',
  emailSent: 'email.sent',
  emailFailed: 'email.failed',
  emailUnknown: 'email.unknown',
  emailSuppressed: 'email.suppressed',
  emailCancelled: 'email.cancelled',
  emailBounced: 'email.bounced',
  emailComplained: 'email.complained',
  emailReplied: 'email.replied',
  emailOpened: 'email.opened',
  emailClicked: 'email.clicked',
  leadUnsubscribed: 'lead.unsubscribed',
  scrapeRequested: 'scrape.requested',
  scrapePageCrawled: 'scrape.page_crawled',
  scrapeContactFound: 'scrape.contact_found',
  scrapeJobFinished: 'scrape.job_finished',
  verifyAddressRequested: 'verify.address_requested',
} as const;
