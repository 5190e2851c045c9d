import type { DataSource } from 'typeorm';
import type { CampaignStore } from '../domain/campaign-store';
import { createCampaignMethods } from './campaign-writes';
import { createLeadMethods } from './lead-writes';
import { createStepMethods } from './step-writes';
import { createTaskMethods } from './task-writes';

/**
 * CampaignStore over one PostgreSQL (or PGlite) database. Writers lock the campaign row first, so
 * changes to one campaign are serialised in one order and never deadlock with each other; the
 * hand-over scheduler takes the same lock (SKIP LOCKED) before it hands any task over.
 */
export function createCampaignStore(dataSource: DataSource): CampaignStore {
  return {
    ...createCampaignMethods(dataSource),
    ...createStepMethods(dataSource),
    ...createLeadMethods(dataSource),
    ...createTaskMethods(dataSource),
  };
}
