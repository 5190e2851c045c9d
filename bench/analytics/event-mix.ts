// A realistic mix of the events analytics counts, generated as a stream with the exact totals it
// must find: per lead, a client.created; per lead and step, email.send.requested and its outcome;
// then opens (some by prefetchers), clicks, replies, bounces and unsubscribes at rates like a
// cold campaign's; now and then a lead deleted or verified, and scrape contacts and jobs.
import { randomUUID } from 'node:crypto';
import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import {
  ClientCreatedSchema,
  ClientDeletedSchema,
  ClientVerifiedSchema,
  EmailBouncedSchema,
  EmailClickedSchema,
  EmailFailedSchema,
  EmailOpenedSchema,
  EmailRepliedSchema,
  EmailSendRequestedSchema,
  EmailSentSchema,
  EmailSuppressedSchema,
  LeadSource,
  LeadUnsubscribedSchema,
  ScrapeContactFoundSchema,
  ScrapeJobFinishedSchema,
  VerificationStatus,
  eventTypes,
} from '@coldreach/contracts';
import type { EventMessage } from '@coldreach/events';
import { createEnvelope } from '@coldreach/outbox';

export interface MixTotals {
  events: number;
  scheduled: number;
  sent: number;
  failed: number;
  suppressed: number;
  bounced: number;
  replied: number;
  unsubscribed: number;
  opened_total: number;
  opened_unique: number;
  opened_automated: number;
  clicked_total: number;
  clicked_unique: number;
  clicked_automated: number;
  leads_now: number;
  leads_created: number;
  contacts_found: number;
  pages_crawled: number;
  scrape_jobs: number;
}

const workspaces = Array.from({ length: 20 }, () => randomUUID());
const campaignsPerWorkspace = 3;
const mailboxesPerWorkspace = 4;
const steps = 3;
const days = 30;

/** Deterministic randomness, so two runs generate the same mix. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Generates about `count` events (whole leads, so a few more), in chunks of `chunk`. */
export function* eventMix(count: number, chunk: number, totals: MixTotals): Generator<EventMessage[]> {
  const random = createRandom(42);
  const start = Date.UTC(2026, 10, 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const campaigns = workspaces.map(() => Array.from({ length: campaignsPerWorkspace }, () => randomUUID()));
  const mailboxes = workspaces.map(() => Array.from({ length: mailboxesPerWorkspace }, () => randomUUID()));
  const stepIds = campaigns.map((list) => list.map(() => Array.from({ length: steps }, () => randomUUID())));
  let buffer: EventMessage[] = [];

  const emit = <Desc extends DescMessage>(
    workspaceId: string,
    type: string,
    key: string,
    schema: Desc,
    init: MessageInitShape<Desc>,
  ) => {
    const at = new Date(start + (totals.events / count) * days * 86_400_000);
    const event = createEnvelope({
      type,
      workspaceId,
      key,
      source: 'bench',
      occurredAt: at,
      payload: { schema, message: create(schema, init) },
    });
    buffer.push({ key: event.key, value: event.value, headers: event.headers });
    totals.events += 1;
  };

  while (totals.events < count) {
    const w = Math.floor(random() * workspaces.length);
    const workspaceId = workspaces[w]!;
    const clientId = randomUUID();
    emit(workspaceId, eventTypes.clientCreated, clientId, ClientCreatedSchema, {
      client: { id: clientId, workspaceId, email: `${clientId.slice(0, 12)}@corp.example` },
      source: pick([LeadSource.API, LeadSource.IMPORT, LeadSource.SCRAPE]),
    });
    totals.leads_created += 1;
    totals.leads_now += 1;
    if (random() < 0.3) {
      emit(workspaceId, eventTypes.clientVerified, clientId, ClientVerifiedSchema, {
        workspaceId,
        clientId,
        verification: {
          status: pick([VerificationStatus.VALID, VerificationStatus.RISKY, VerificationStatus.INVALID]),
        },
      });
    }
    const c = Math.floor(random() * campaignsPerWorkspace);
    const mailboxId = pick(mailboxes[w]!);
    for (let s = 0; s < steps; s++) {
      const delivery = {
        taskId: randomUUID(),
        campaignId: campaigns[w]![c]!,
        clientId,
        stepId: stepIds[w]![c]![s]!,
        stepPosition: s + 1,
        mailboxId,
      };
      const about = (type: string, schema: DescMessage, init: object = {}) =>
        emit(workspaceId, type, delivery.taskId, schema, { delivery, ...init } as never);
      emit(workspaceId, eventTypes.emailSendRequested, delivery.taskId, EmailSendRequestedSchema, {
        ...delivery,
        subjectTemplate: 'Quick question about {{company}}',
        textBodyTemplate: 'Hi {{first_name}}, ...',
      });
      totals.scheduled += 1;
      const outcome = random();
      if (outcome < 0.04) {
        about(eventTypes.emailFailed, EmailFailedSchema, { smtpCode: 550, reason: 'mailbox unavailable' });
        totals.failed += 1;
        break;
      }
      if (outcome < 0.06) {
        about(eventTypes.emailSuppressed, EmailSuppressedSchema);
        totals.suppressed += 1;
        break;
      }
      about(eventTypes.emailSent, EmailSentSchema, {
        messageId: `<${delivery.taskId}@bench>`,
        smtpCode: 250,
      });
      totals.sent += 1;
      if (random() < 0.03) {
        about(eventTypes.emailBounced, EmailBouncedSchema, { email: 'x@corp.example', smtpCode: 550 });
        totals.bounced += 1;
        break;
      }
      if (random() < 0.25) {
        about(eventTypes.emailOpened, EmailOpenedSchema, {
          automated: true,
          automatedReason: 'apple-mail-privacy',
        });
        totals.opened_automated += 1;
      }
      const opens = random() < 0.35 ? 1 + Math.floor(random() * 3) : 0;
      for (let o = 0; o < opens; o++) about(eventTypes.emailOpened, EmailOpenedSchema);
      totals.opened_total += opens;
      if (opens > 0) totals.opened_unique += 1;
      const clicks = opens > 0 && random() < 0.2 ? 1 + Math.floor(random() * 2) : 0;
      for (let k = 0; k < clicks; k++)
        about(eventTypes.emailClicked, EmailClickedSchema, { url: 'https://corp.example/' });
      totals.clicked_total += clicks;
      if (clicks > 0) totals.clicked_unique += 1;
      if (random() < 0.02) {
        about(eventTypes.emailClicked, EmailClickedSchema, { automated: true, url: 'https://corp.example/' });
        totals.clicked_automated += 1;
      }
      if (random() < 0.05) {
        about(eventTypes.emailReplied, EmailRepliedSchema, { email: 'x@corp.example' });
        totals.replied += 1;
        break;
      }
      if (random() < 0.01) {
        emit(workspaceId, eventTypes.leadUnsubscribed, clientId, LeadUnsubscribedSchema, {
          clientId,
          taskId: delivery.taskId,
          campaignId: delivery.campaignId,
        });
        totals.unsubscribed += 1;
        break;
      }
    }
    if (random() < 0.02) {
      emit(workspaceId, eventTypes.clientDeleted, clientId, ClientDeletedSchema, { clientId });
      totals.leads_now -= 1;
    }
    if (random() < 0.05) {
      const jobId = randomUUID();
      emit(workspaceId, eventTypes.scrapeContactFound, jobId, ScrapeContactFoundSchema, { jobId });
      const pages = 1 + Math.floor(random() * 40);
      emit(workspaceId, eventTypes.scrapeJobFinished, jobId, ScrapeJobFinishedSchema, {
        jobId,
        pagesCrawled: pages,
      });
      totals.contacts_found += 1;
      totals.pages_crawled += pages;
      totals.scrape_jobs += 1;
    }
    if (buffer.length >= chunk) {
      yield buffer;
      buffer = [];
    }
  }
  if (buffer.length > 0) yield buffer;
}

export function emptyTotals(): MixTotals {
  return {
    events: 0,
    scheduled: 0,
    sent: 0,
    failed: 0,
    suppressed: 0,
    bounced: 0,
    replied: 0,
    unsubscribed: 0,
    opened_total: 0,
    opened_unique: 0,
    opened_automated: 0,
    clicked_total: 0,
    clicked_unique: 0,
    clicked_automated: 0,
    leads_now: 0,
    leads_created: 0,
    contacts_found: 0,
    pages_crawled: 0,
    scrape_jobs: 0,
  };
}
