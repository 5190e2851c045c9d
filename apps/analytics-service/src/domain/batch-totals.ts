import {
  emailCounterNames,
  workspaceCounterNames,
  type EmailCounter,
  type WorkspaceCounter,
} from '../persistence/analytics-tables';
import type { EventFacts, FirstOf } from './event-facts';
import { quarterHourOf } from './time-buckets';

export interface EmailRow {
  workspaceId: string;
  campaignId: string;
  stepId: string;
  mailboxId: string;
  bucket: Date;
  stepPosition: number;
  counts: Record<EmailCounter, number>;
}

export interface WorkspaceRow {
  workspaceId: string;
  bucket: Date;
  counts: Record<WorkspaceCounter, number>;
}

/** A lead's state after the batch; an undefined field is one no event of the batch said anything about. */
export interface LeadRow {
  workspaceId: string;
  clientId: string;
  source?: string;
  status?: string;
  deleted?: boolean;
  asOf: Date;
}

export interface CampaignRow {
  workspaceId: string;
  campaignId: string;
  status?: { value: string; asOf: Date };
  leads?: { value: number; asOf: Date };
  lastEventAt: Date;
}

/** What a batch adds to each table, one entry per row, so each table takes one statement. */
export interface BatchTotals {
  email: Map<string, EmailRow>;
  workspace: Map<string, WorkspaceRow>;
  leads: Map<string, LeadRow>;
  campaigns: Map<string, CampaignRow>;
  /** Newest event time per workspace. */
  workspaces: Map<string, Date>;
}

/** The key of a once-only stage in `first_seen`; scoped to the workspace so no tenant can use up another's. */
export function firstSeenKey(workspaceId: string, firstOf: FirstOf): { subject: string; kind: string } {
  return { subject: `${workspaceId}/${firstOf.subject}`, kind: firstOf.kind };
}

/** Every once-only stage the batch's events reach, for one `first_seen` insert. */
export function firstSeenKeysOf(facts: readonly EventFacts[]): { subject: string; kind: string }[] {
  const keys = new Map<string, { subject: string; kind: string }>();
  for (const fact of facts) {
    for (const effect of fact.effects) {
      if (effect.kind !== 'email' && effect.kind !== 'workspace') continue;
      if (!effect.firstOf) continue;
      const key = firstSeenKey(fact.workspaceId, effect.firstOf);
      keys.set(`${key.subject} ${key.kind}`, key);
    }
  }
  return [...keys.values()];
}

/**
 * Sums a batch's events (each applied once, in order) into one row per table key. A once-only
 * effect counts only if its stage is in `firstTimes` (new in `first_seen`), and only for the first
 * event of the batch that reaches it.
 */
export function totalBatch(facts: readonly EventFacts[], firstTimes: ReadonlySet<string>): BatchTotals {
  const totals: BatchTotals = {
    email: new Map(),
    workspace: new Map(),
    leads: new Map(),
    campaigns: new Map(),
    workspaces: new Map(),
  };
  const unused = new Set(firstTimes);
  for (const fact of facts) {
    const { workspaceId, occurredAt } = fact;
    const bucketMs = quarterHourOf(occurredAt).getTime();
    totals.workspaces.set(workspaceId, later(totals.workspaces.get(workspaceId), occurredAt));
    for (const effect of fact.effects) {
      if ((effect.kind === 'email' || effect.kind === 'workspace') && effect.firstOf) {
        const key = firstSeenKey(workspaceId, effect.firstOf);
        if (!unused.delete(`${key.subject} ${key.kind}`)) continue;
      }
      switch (effect.kind) {
        case 'email': {
          const { row } = effect;
          const key = `${workspaceId}|${row.campaignId}|${row.stepId}|${row.mailboxId}|${bucketMs}`;
          let entry = totals.email.get(key);
          if (!entry) {
            entry = { workspaceId, ...row, bucket: new Date(bucketMs), counts: zeros(emailCounterNames) };
            totals.email.set(key, entry);
          }
          entry.counts[effect.counter] += 1;
          entry.stepPosition = Math.max(entry.stepPosition, row.stepPosition);
          if (row.campaignId !== '') touchCampaign(totals, workspaceId, row.campaignId, occurredAt);
          break;
        }
        case 'workspace': {
          const key = `${workspaceId}|${bucketMs}`;
          let entry = totals.workspace.get(key);
          if (!entry) {
            entry = { workspaceId, bucket: new Date(bucketMs), counts: zeros(workspaceCounterNames) };
            totals.workspace.set(key, entry);
          }
          entry.counts[effect.counter] += effect.amount;
          break;
        }
        case 'lead': {
          const key = `${workspaceId}|${effect.clientId}`;
          const existing = totals.leads.get(key);
          const entry: LeadRow = existing ?? { workspaceId, clientId: effect.clientId, asOf: occurredAt };
          // An older event than one already applied only fills what is still unknown.
          const newer = !existing || occurredAt >= existing.asOf;
          if (effect.source !== undefined && (newer || entry.source === undefined))
            entry.source = effect.source;
          if (newer) {
            if (effect.status !== undefined) entry.status = effect.status;
            if (effect.deleted !== undefined) entry.deleted = effect.deleted;
            entry.asOf = occurredAt;
          }
          totals.leads.set(key, entry);
          break;
        }
        case 'campaign': {
          const entry = touchCampaign(totals, workspaceId, effect.campaignId, occurredAt);
          if (effect.status !== undefined && !(entry.status && entry.status.asOf > occurredAt))
            entry.status = { value: effect.status, asOf: occurredAt };
          if (effect.leads !== undefined && !(entry.leads && entry.leads.asOf > occurredAt))
            entry.leads = { value: effect.leads, asOf: occurredAt };
          break;
        }
      }
    }
  }
  return totals;
}

function touchCampaign(totals: BatchTotals, workspaceId: string, campaignId: string, at: Date): CampaignRow {
  const key = `${workspaceId}|${campaignId}`;
  const entry = totals.campaigns.get(key) ?? { workspaceId, campaignId, lastEventAt: at };
  entry.lastEventAt = later(entry.lastEventAt, at);
  totals.campaigns.set(key, entry);
  return entry;
}

function later(a: Date | undefined, b: Date): Date {
  return a && a > b ? a : b;
}

function zeros<Name extends string>(names: readonly Name[]): Record<Name, number> {
  return Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>;
}
