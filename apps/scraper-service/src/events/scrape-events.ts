import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { ScrapeContactFoundSchema, ScrapeJobFinishedSchema, eventTypes, topics } from '@coldreach/contracts';
import { createEnvelope, type OutboxEventInput } from '@coldreach/outbox';
import type { JobStatus, ScrapeResult } from '../domain/scrape-job';
import { jobStatusToProto, resultToProto } from '../grpc/scrape-proto-mapping';

// Every event of `scrape.events`, ready for the outbox, keyed by job id (one job's events in order).

const source = 'scraper-service';

function scrapeEvent<Desc extends DescMessage>(
  job: { id: string; workspaceId: string },
  type: string,
  schema: Desc,
  init: MessageInitShape<Desc>,
): OutboxEventInput {
  const event = createEnvelope({
    type,
    workspaceId: job.workspaceId,
    key: job.id,
    source,
    payload: { schema, message: create(schema, init) },
  });
  return { ...event, topic: topics.scrapeEvents };
}

/** A contact found for the first time in its job: the Client service upserts it as a lead. */
export function contactFoundEvent(result: ScrapeResult, leadTags: readonly string[]): OutboxEventInput {
  return scrapeEvent(
    { id: result.jobId, workspaceId: result.workspaceId },
    eventTypes.scrapeContactFound,
    ScrapeContactFoundSchema,
    {
      jobId: result.jobId,
      leadTags: [...leadTags],
      result: resultToProto(result),
    },
  );
}

/** A job reached succeeded, failed or cancelled. */
export function jobFinishedEvent(job: {
  id: string;
  workspaceId: string;
  status: JobStatus;
  pagesCrawled: number;
  pagesFailed: number;
  contactsFound: number;
  errorMessage: string;
}): OutboxEventInput {
  return scrapeEvent(job, eventTypes.scrapeJobFinished, ScrapeJobFinishedSchema, {
    jobId: job.id,
    status: jobStatusToProto[job.status],
    pagesCrawled: job.pagesCrawled,
    pagesFailed: job.pagesFailed,
    contactsFound: job.contactsFound,
    errorMessage: job.errorMessage,
  });
}
