import { DomainError } from '@coldreach/errors';
import type { Campaign, CampaignStatusName } from './campaign';

export type CampaignAction = 'launch' | 'pause' | 'resume';

/**
 * What an action does to a campaign in its current status: the status it moves to, or undefined
 * when the campaign is already there (the call returns it unchanged). FAILED_PRECONDITION otherwise,
 * naming what is missing for a launch.
 */
export function decideTransition(campaign: Campaign, action: CampaignAction): CampaignStatusName | undefined {
  const { status } = campaign;
  switch (action) {
    case 'launch': {
      if (status === 'active') return undefined;
      if (status !== 'draft')
        throw wrongStatus(campaign, 'launched', status === 'paused' ? 'resume it instead' : '');
      const missing = [
        campaign.stepCount === 0 ? { field: 'steps', message: 'the campaign has no step' } : undefined,
        campaign.mailboxIds.length === 0
          ? { field: 'mailbox_ids', message: 'the campaign has no mailbox' }
          : undefined,
        campaign.leadCount === 0 ? { field: 'leads', message: 'the campaign has no lead' } : undefined,
      ].filter((violation) => violation !== undefined);
      if (missing.length > 0) {
        throw new DomainError(
          'failed_precondition',
          `cannot launch: it needs at least one step, one mailbox and one lead (${missing
            .map((violation) => violation.message)
            .join('; ')})`,
          { violations: missing },
        );
      }
      return 'active';
    }
    case 'pause':
      if (status === 'paused') return undefined;
      if (status !== 'active') throw wrongStatus(campaign, 'paused', '');
      return 'paused';
    case 'resume':
      if (status === 'active') return undefined;
      if (status !== 'paused') throw wrongStatus(campaign, 'resumed', '');
      return 'active';
  }
}

/** UpdateCampaign is allowed in every status but COMPLETED. */
export function assertUpdatable(campaign: Campaign): void {
  if (campaign.status === 'completed') {
    throw new DomainError(
      'failed_precondition',
      'a completed campaign cannot be changed; add leads to reopen it',
    );
  }
}

/** DeleteCampaign refuses an ACTIVE campaign: it must be paused first. */
export function assertDeletable(campaign: Campaign): void {
  if (campaign.status === 'active') {
    throw new DomainError('failed_precondition', 'an active campaign cannot be deleted; pause it first');
  }
}

function wrongStatus(campaign: Campaign, verb: string, hint: string): DomainError {
  return new DomainError(
    'failed_precondition',
    `a ${campaign.status} campaign cannot be ${verb}${hint ? `; ${hint}` : ''}`,
  );
}

/** How a campaign's leads' sequences stand: still running, completed, stopped. */
export interface LeadStateCounts {
  active: number;
  completed: number;
  stopped: number;
}

/** An ACTIVE campaign is finished, and completes, once no sequence runs and at least one has ended. */
export function isFinished(leads: LeadStateCounts): boolean {
  return leads.active === 0 && leads.completed + leads.stopped > 0;
}
