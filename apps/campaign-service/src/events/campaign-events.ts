import { create, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  CampaignCompletedSchema,
  CampaignCreatedSchema,
  CampaignDeletedSchema,
  CampaignLaunchedSchema,
  CampaignPausedSchema,
  CampaignResumedSchema,
  eventTypes,
  topics,
} from '@coldreach/contracts';
import { createEnvelope, type OutboxEventInput } from '@coldreach/outbox';
import type { Campaign } from '../domain/campaign';

// The campaign service's events on `campaigns.events`, keyed by campaign id, for its outbox.

export const eventSource = 'campaign-service';

type CampaignRef = Pick<Campaign, 'id' | 'workspaceId'>;

function campaignEvent<Desc extends DescMessage>(
  campaign: CampaignRef,
  type: string,
  occurredAt: Date,
  schema: Desc,
  message: MessageShape<Desc>,
): OutboxEventInput {
  return {
    topic: topics.campaignsEvents,
    ...createEnvelope({
      type,
      workspaceId: campaign.workspaceId,
      key: campaign.id,
      source: eventSource,
      occurredAt,
      payload: { schema, message },
    }),
  };
}

export const campaignCreatedEvent = (campaign: Campaign): OutboxEventInput =>
  campaignEvent(
    campaign,
    eventTypes.campaignCreated,
    campaign.createTime,
    CampaignCreatedSchema,
    create(CampaignCreatedSchema, { campaignId: campaign.id, name: campaign.name }),
  );

export const campaignLaunchedEvent = (campaign: Campaign, now: Date): OutboxEventInput =>
  campaignEvent(
    campaign,
    eventTypes.campaignLaunched,
    now,
    CampaignLaunchedSchema,
    create(CampaignLaunchedSchema, {
      campaignId: campaign.id,
      leadCount: campaign.leadCount,
      stepCount: campaign.stepCount,
    }),
  );

export const campaignPausedEvent = (campaign: CampaignRef, now: Date): OutboxEventInput =>
  campaignEvent(
    campaign,
    eventTypes.campaignPaused,
    now,
    CampaignPausedSchema,
    create(CampaignPausedSchema, { campaignId: campaign.id }),
  );

export const campaignResumedEvent = (campaign: CampaignRef, now: Date): OutboxEventInput =>
  campaignEvent(
    campaign,
    eventTypes.campaignResumed,
    now,
    CampaignResumedSchema,
    create(CampaignResumedSchema, { campaignId: campaign.id }),
  );

export const campaignCompletedEvent = (
  campaign: CampaignRef,
  counts: { completed: number; stopped: number },
  now: Date,
): OutboxEventInput =>
  campaignEvent(
    campaign,
    eventTypes.campaignCompleted,
    now,
    CampaignCompletedSchema,
    create(CampaignCompletedSchema, {
      campaignId: campaign.id,
      completedLeadCount: counts.completed,
      stoppedLeadCount: counts.stopped,
    }),
  );

export const campaignDeletedEvent = (campaign: CampaignRef, now: Date): OutboxEventInput =>
  campaignEvent(
    campaign,
    eventTypes.campaignDeleted,
    now,
    CampaignDeletedSchema,
    create(CampaignDeletedSchema, { campaignId: campaign.id }),
  );
