import type { CampaignStore } from './campaign-store';
import { createCampaignUseCases } from './campaign-use-cases';
import { createLeadUseCases } from './lead-use-cases';
import type { ClientDirectory, MailboxDirectory } from './ports';
import { createStepUseCases } from './step-use-cases';
import { createTaskUseCases } from './task-use-cases';

export type CampaignServiceUseCases = ReturnType<typeof createCampaignServiceUseCases>;

/** Every CampaignService rule, independent of gRPC: what the handlers call. */
export function createCampaignServiceUseCases(deps: {
  store: CampaignStore;
  clients: ClientDirectory;
  mailboxes: MailboxDirectory;
  clock?: () => Date;
}) {
  const clock = deps.clock ?? (() => new Date());
  return {
    ...createCampaignUseCases(deps.store, deps.mailboxes, clock),
    ...createStepUseCases(deps.store, clock),
    ...createLeadUseCases(deps.store, deps.clients, clock),
    ...createTaskUseCases(deps.store, deps.clients, clock),
  };
}
