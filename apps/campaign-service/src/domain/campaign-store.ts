import type { ListPosition } from '@coldreach/paging';
import type { Campaign, CampaignFields, CampaignStatusName } from './campaign';
import type { LeadClient } from './ports';
import type { CampaignLead, SequenceStateName, Step, StepFields, Task, TaskStatusName } from './sequence';

export interface CampaignListFilter {
  statuses: CampaignStatusName[];
  /** Case-insensitive substring over name and description. */
  query: string;
}

export interface TaskListFilter {
  statuses: TaskStatusName[];
  /** Empty means any. */
  clientId: string;
  stepId: string;
}

/** A validated UpdateCampaign: the new fields and what they change for scheduling. */
export interface CampaignChange {
  fields: CampaignFields;
  scheduleChanged: boolean;
  dailyCapChanged: boolean;
  mailboxesChanged: boolean;
}

/** A step as it will be saved: its fields and the position it takes (1..count). */
export interface StepPlacement {
  position: number;
  fields: StepFields;
}

/**
 * Where campaigns, steps, leads and tasks are kept (PostgreSQL or PGlite, see createCampaignStore).
 * Every method is scoped to one workspace: a campaign of another workspace is not found. Each
 * change that has an event writes it to the outbox in the same transaction; callbacks run under the
 * campaign's row lock, so the rules they apply see the campaign as it is.
 */
export interface CampaignStore {
  createCampaign(campaign: Campaign): Promise<Campaign>;
  getCampaign(workspaceId: string, id: string): Promise<Campaign>;
  listCampaigns(
    workspaceId: string,
    filter: CampaignListFilter,
    after: ListPosition | undefined,
    limit: number,
  ): Promise<Campaign[]>;
  updateCampaign(
    workspaceId: string,
    id: string,
    change: (current: Campaign) => CampaignChange,
    now: Date,
  ): Promise<Campaign>;
  deleteCampaign(
    workspaceId: string,
    id: string,
    check: (current: Campaign) => void,
    now: Date,
  ): Promise<void>;
  /** Moves the campaign to the status `decide` answers (launch, pause, resume); undefined = unchanged. */
  transitionCampaign(
    workspaceId: string,
    id: string,
    decide: (current: Campaign) => CampaignStatusName | undefined,
    now: Date,
  ): Promise<Campaign>;

  createStep(
    workspaceId: string,
    campaignId: string,
    place: (campaign: Campaign) => StepPlacement,
    now: Date,
  ): Promise<Step>;
  updateStep(
    workspaceId: string,
    campaignId: string,
    stepId: string,
    change: (current: Step, campaign: Campaign) => StepPlacement,
    now: Date,
  ): Promise<Step>;
  deleteStep(workspaceId: string, campaignId: string, stepId: string, now: Date): Promise<void>;
  listSteps(workspaceId: string, campaignId: string): Promise<Step[]>;

  /** Adds the clients that are not leads yet; on a launched campaign schedules their first steps. */
  addLeads(
    workspaceId: string,
    campaignId: string,
    clients: readonly LeadClient[],
    now: Date,
  ): Promise<{ added: number; alreadyPresent: number }>;
  removeLead(workspaceId: string, campaignId: string, clientId: string, now: Date): Promise<void>;
  listLeads(
    workspaceId: string,
    campaignId: string,
    states: SequenceStateName[],
    after: ListPosition | undefined,
    limit: number,
  ): Promise<CampaignLead[]>;

  /** The task of (campaign, client, step), created (the client joining as a lead if needed) or as it was. */
  createTask(
    workspaceId: string,
    campaignId: string,
    client: LeadClient,
    stepId: string,
    notBefore: Date | undefined,
    now: Date,
  ): Promise<{ task: Task; created: boolean }>;
  getTask(workspaceId: string, id: string): Promise<Task>;
  listTasks(
    workspaceId: string,
    campaignId: string,
    filter: TaskListFilter,
    after: ListPosition | undefined,
    limit: number,
  ): Promise<Task[]>;
}
