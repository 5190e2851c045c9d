import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  ScrapeContactFoundSchema,
  consumerGroups,
  eventTypes,
  topics,
  type EventEnvelope,
} from '@coldreach/contracts';
import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import type { ReceivedMessage, Subscription } from '@coldreach/events';
import { isUuid } from '@coldreach/ids';
import type { Logger } from '@coldreach/observability';
import { decodeEnvelope, invalidMessage, unpackPayload } from '@coldreach/outbox';
import type { DiscoveredContact } from '../domain/discovered-lead';
import { createLeadDiscoveryUseCases, type DiscoveryResult } from '../domain/lead-discovery-use-cases';
import { createClientStore } from '../persistence/client-store';
import { subscribeClientConsumer, type ClientConsumerOptions } from './subscribe-client-consumer';

export type ScrapeEventsConsumerOptions = ClientConsumerOptions;

/** `scrape.events` as this service creates it when it is missing (the scraper may create it first). */
export const scrapeEventsTopic = { name: topics.scrapeEvents, partitions: 6 };

/**
 * Consumes `scrape.events` (group client-service.scrape-events): each `scrape.contact_found`
 * becomes a lead in its workspace, or fills the empty fields of the lead its email already is and
 * adds the job's tags (see createLeadDiscoveryUseCases). A Kafka batch is applied with a handful of
 * statements per shard; each event once (processed_events on the shard of its lead). An event
 * without valid ids or email is dead-lettered at once and its partition goes on. Stop it before the
 * client event relay: the leads' `client.created` / `client.updated` go through the outbox.
 */
export function startScrapeEventsConsumer(options: ScrapeEventsConsumerOptions): Promise<Subscription> {
  const { shards, logger } = options;
  const groupId = consumerGroups.clientScrapeEvents;
  const leads = createLeadDiscoveryUseCases(createClientStore(shards), options.clock);

  async function apply(messages: readonly ReceivedMessage[]): Promise<void> {
    // Checked before anything is written: an invalid message fails the batch, which is then
    // handled message by message, so only that one goes to the dead letters.
    const contacts = messages
      .map((message) => decodeEnvelope(message.value))
      .filter((envelope) => envelope.type === eventTypes.scrapeContactFound)
      .flatMap(contactOf);
    if (contacts.length === 0) return;
    const results = await leads.addDiscoveredLeads(groupId, contacts);
    for (const result of results) if (result.dropped.length > 0) logDropped(logger, result);
    const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
    logger.debug(
      { created: count('created'), merged: count('merged'), duplicates: count('duplicate') },
      'leads from scrape.events',
    );
  }

  return subscribeClientConsumer(options, {
    groupId,
    topic: topics.scrapeEvents,
    // A crawl sends contacts in bursts; gathering a quarter second makes fewer, larger transactions.
    gather: { minBytes: 128 * 1024, maxWaitMs: 250 },
    apply,
  });
}

/**
 * The contact a `scrape.contact_found` carries; none when it has no address (a person found by name
 * only is no lead). Ids that are not UUIDs or an address that is not one make it invalid.
 */
function contactOf(envelope: EventEnvelope): DiscoveredContact[] {
  const which = `event ${envelope.eventId.slice(0, 64)} (${eventTypes.scrapeContactFound})`;
  const event = unpackPayload(envelope, ScrapeContactFoundSchema);
  const result = event.result;
  if (!result) throw invalidMessage(`${which}: result is missing`);
  for (const [field, value] of [
    ['event_id', envelope.eventId],
    ['workspace_id', envelope.workspaceId],
    ['job_id', event.jobId],
  ] as const) {
    if (!isUuid(value)) throw invalidMessage(`${which}: ${field} must be a UUID`);
  }
  const workspaceId = envelope.workspaceId.toLowerCase();
  if (result.workspaceId !== '' && result.workspaceId.toLowerCase() !== workspaceId)
    throw invalidMessage(`${which}: result.workspace_id is not the envelope's workspace_id`);
  const email = normaliseEmail(result.email);
  if (email === '') return [];
  const problem = emailProblem(email);
  // The reason names the field only: dead letters and logs never show the address.
  if (problem) throw invalidMessage(`${which}: result.email ${problem}`);
  // An older producer may leave found_time out: the event's own time is when it was found.
  const found = result.foundTime ?? envelope.occurredAt;
  return [
    {
      eventId: envelope.eventId.toLowerCase(),
      workspaceId,
      jobId: event.jobId.toLowerCase(),
      email,
      name: result.name,
      title: result.title,
      phone: result.phone,
      company: result.company,
      sourceUrl: result.sourceUrl,
      foundTime: found ? timestampDate(found) : null,
      socialProfiles: result.socialProfiles,
      tags: event.leadTags,
    },
  ];
}

function logDropped(logger: Logger, result: DiscoveryResult): void {
  const { contact } = result;
  logger.warn(
    {
      eventId: contact.eventId,
      jobId: contact.jobId,
      clientId: result.clientId,
      // The domain only: enough to find the site, without the person's address.
      emailDomain: contact.email.slice(contact.email.lastIndexOf('@') + 1),
      fields: result.dropped,
    },
    'scraped contact: invalid fields left out of its lead',
  );
}
