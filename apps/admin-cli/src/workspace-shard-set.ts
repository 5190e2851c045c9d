import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { readConfig, urlListSchema } from '@coldreach/config';
import type { BucketShardSet, BucketedTable } from '@coldreach/db';
import { UsageError } from './cli-errors';

/** The services whose shards are routed by workspace and resharded offline. */
export const workspaceServices = ['email', 'campaign'] as const;
export type WorkspaceService = (typeof workspaceServices)[number];

/** A workspace-sharded service's shards as its processes open them (map seeded), without polling. */
export interface WorkspaceShardSet {
  set: BucketShardSet;
  /** The variable listing the shard URLs, for messages. */
  variable: string;
  locations: number;
  /** What a reshard moves (parents first) and copies whole. */
  tables: readonly BucketedTable[];
  copiedTables: readonly { name: string; key: readonly string[] }[];
  /** The table whose rows `shards status` counts per shard. */
  countedTable: string;
  /** Runs once before any bucket moves, the service stopped (per-shard sequences). */
  prepare(shards: readonly DataSource[]): Promise<void>;
  close(): Promise<void>;
}

const variables: Record<WorkspaceService, string> = {
  email: 'EMAIL_DATABASE_URLS',
  campaign: 'CAMPAIGN_DATABASE_URLS',
};

/**
 * Opens the shards of `service` from its own variable (EMAIL_DATABASE_URLS, CAMPAIGN_DATABASE_URLS:
 * the same list, in the same order, as the service is given). Connected mode only: embedded data
 * keeps one shard set per PGlite, created with its count.
 */
export async function openWorkspaceShardSet(
  service: WorkspaceService,
  env: NodeJS.ProcessEnv,
  options: { migrate: boolean },
): Promise<WorkspaceShardSet> {
  const variable = variables[service];
  const urls = readConfig(z.object({ [variable]: urlListSchema(['postgres:', 'postgresql:']) }), env)[
    variable
  ] as string[];
  const locations = urls.map((url) => ({ url }));
  const open = { migrate: options.migrate, mapPollMs: 0 };
  // Loaded here only: the other commands need none of these services.
  if (service === 'email') {
    const email = await import('@coldreach/email-service');
    const set = await email.openEmailShards(locations, open);
    return {
      set,
      variable,
      locations: locations.length,
      tables: email.emailReshardTables,
      copiedTables: email.emailCopiedTables,
      countedTable: 'deliveries',
      prepare: email.raiseFencingTokens,
      close: () => set.close(),
    };
  }
  const campaign = await import('@coldreach/campaign-service');
  const set = await campaign.openCampaignShards(locations, open);
  return {
    set,
    variable,
    locations: locations.length,
    tables: campaign.campaignBucketedTables,
    copiedTables: campaign.campaignCopiedTables,
    countedTable: 'campaign_leads',
    prepare: async () => undefined,
    close: () => set.close(),
  };
}

/** `--service`: client (the default), email or campaign. */
export function shardedServiceFlag(command: string, value: string | undefined): 'client' | WorkspaceService {
  if (value === undefined || value === 'client') return 'client';
  if ((workspaceServices as readonly string[]).includes(value)) return value as WorkspaceService;
  throw new UsageError(`${command}: --service must be client, email or campaign`);
}
