import type { CampaignStore } from './campaign-store';
import { createCampaignRules } from './campaign-rules';
import { createLeadRules } from './lead-rules';
import type { ClientDirectory, MailboxDirectory } from './ports';
import { createStepRules } from './step-rules';
import { createTaskRules } from './task-rules';

export type CampaignServiceRules = ReturnType<typeof createCampaignServiceRules>;

/** Every CampaignService rule, independent of gRPC: what the handlers call. */
export function createCampaignServiceRules(deps: {
  store: CampaignStore;
  clients: ClientDirectory;
  mailboxes: MailboxDirectory;
  clock?: () => Date;
}) {
  const clock = deps.clock ?? (() => new Date());
  return {
    ...createCampaignRules(deps.store, deps.mailboxes, clock),
    ...createStepRules(deps.store, clock),
    ...createLeadRules(deps.store, deps.clients, clock),
    ...createTaskRules(deps.store, deps.clients, clock),
  };
}
