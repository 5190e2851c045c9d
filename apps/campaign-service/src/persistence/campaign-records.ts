import { Column, Entity, PrimaryColumn } from 'typeorm';

// The campaign service's rows as TypeORM entities (for tools that open its database). The schema
// comes from CreateCampaignTables, never synchronize; the service itself queries with plain SQL.

@Entity({ name: 'campaigns' })
export class CampaignRecord {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('text') name!: string;
  @Column('text') description!: string;
  @Column('text') status!: string;
  @Column('jsonb', { name: 'target_criteria' }) targetCriteria!: unknown;
  @Column('uuid', { name: 'mailbox_ids', array: true }) mailboxIds!: string[];
  @Column('jsonb') schedule!: unknown;
  @Column('integer', { name: 'daily_cap' }) dailyCap!: number;
  @Column('boolean', { name: 'stop_on_reply' }) stopOnReply!: boolean;
  @Column('boolean', { name: 'track_opens' }) trackOpens!: boolean;
  @Column('boolean', { name: 'track_clicks' }) trackClicks!: boolean;
  @Column('integer', { name: 'step_count' }) stepCount!: number;
  @Column('integer', { name: 'lead_count' }) leadCount!: number;
  @Column('bigint', { name: 'mailbox_cursor' }) mailboxCursor!: string;
  @Column('timestamp with time zone', { name: 'handover_blocked_until', nullable: true, precision: 3 })
  handoverBlockedUntil!: Date | null;
  @Column('timestamp with time zone', { name: 'created_at', precision: 3 }) createdAt!: Date;
  @Column('timestamp with time zone', { name: 'updated_at', precision: 3 }) updatedAt!: Date;
  @Column('timestamp with time zone', { name: 'launched_at', nullable: true, precision: 3 })
  launchedAt!: Date | null;
  @Column('timestamp with time zone', { name: 'completed_at', nullable: true, precision: 3 })
  completedAt!: Date | null;
}

@Entity({ name: 'campaign_steps' })
export class CampaignStepRecord {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('uuid', { name: 'campaign_id' }) campaignId!: string;
  @Column('integer') position!: number;
  @Column('integer', { name: 'delay_minutes' }) delayMinutes!: number;
  @Column('text', { name: 'subject_template' }) subjectTemplate!: string;
  @Column('text', { name: 'text_body_template' }) textBodyTemplate!: string;
  @Column('text', { name: 'html_body_template' }) htmlBodyTemplate!: string;
  @Column('timestamp with time zone', { name: 'created_at', precision: 3 }) createdAt!: Date;
  @Column('timestamp with time zone', { name: 'updated_at', precision: 3 }) updatedAt!: Date;
}

@Entity({ name: 'campaign_leads' })
export class CampaignLeadRecord {
  @PrimaryColumn('uuid', { name: 'campaign_id' }) campaignId!: string;
  @PrimaryColumn('uuid', { name: 'client_id' }) clientId!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('text') email!: string;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('text') state!: string;
  @Column('uuid', { name: 'mailbox_id', nullable: true }) mailboxId!: string | null;
  @Column('uuid', { name: 'next_step_id', nullable: true }) nextStepId!: string | null;
  @Column('timestamp with time zone', { name: 'next_send_at', nullable: true, precision: 3 })
  nextSendAt!: Date | null;
  @Column('integer', { name: 'last_sent_position' }) lastSentPosition!: number;
  @Column('timestamp with time zone', { name: 'last_sent_at', nullable: true, precision: 3 })
  lastSentAt!: Date | null;
  @Column('timestamp with time zone', { name: 'added_at', precision: 3 }) addedAt!: Date;
  @Column('timestamp with time zone', { name: 'ended_at', nullable: true, precision: 3 })
  endedAt!: Date | null;
}

@Entity({ name: 'campaign_tasks' })
export class CampaignTaskRecord {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('uuid', { name: 'campaign_id' }) campaignId!: string;
  @Column('uuid', { name: 'client_id' }) clientId!: string;
  @Column('uuid', { name: 'step_id' }) stepId!: string;
  @Column('integer', { name: 'step_position' }) stepPosition!: number;
  @Column('text') status!: string;
  @Column('timestamp with time zone', { name: 'not_before', precision: 3 }) notBefore!: Date;
  @Column('timestamp with time zone', { name: 'due_at', precision: 3 }) dueAt!: Date;
  @Column('uuid', { name: 'mailbox_id' }) mailboxId!: string;
  @Column('integer') attempts!: number;
  @Column('text', { name: 'last_error' }) lastError!: string;
  @Column('text', { name: 'message_id' }) messageId!: string;
  @Column('timestamp with time zone', { name: 'handed_over_at', nullable: true, precision: 3 })
  handedOverAt!: Date | null;
  @Column('uuid', { name: 'handover_claim', nullable: true }) handoverClaim!: string | null;
  @Column('timestamp with time zone', { name: 'handover_claim_until', nullable: true, precision: 3 })
  handoverClaimUntil!: Date | null;
  @Column('timestamp with time zone', { name: 'sent_at', nullable: true, precision: 3 }) sentAt!: Date | null;
  @Column('timestamp with time zone', { name: 'created_at', precision: 3 }) createdAt!: Date;
  @Column('timestamp with time zone', { name: 'updated_at', precision: 3 }) updatedAt!: Date;
}
