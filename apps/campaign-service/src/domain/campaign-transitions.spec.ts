import { DomainError } from '@coldreach/errors';
import { emptySchedule, emptyTargetCriteria, type Campaign, type CampaignStatusName } from './campaign';
import {
  assertDeletable,
  assertUpdatable,
  decideTransition,
  isFinished,
  type CampaignAction,
} from './campaign-transitions';

const campaign = (status: CampaignStatusName, counts: Partial<Campaign> = {}): Campaign => ({
  id: 'c',
  workspaceId: 'w',
  name: 'n',
  description: '',
  status,
  targetCriteria: emptyTargetCriteria(),
  mailboxIds: ['m'],
  schedule: emptySchedule(),
  dailyCap: 0,
  stopOnReply: false,
  trackOpens: false,
  trackClicks: false,
  stepCount: 1,
  leadCount: 1,
  createTime: new Date(),
  updateTime: new Date(),
  launchTime: null,
  completeTime: null,
  ...counts,
});

const outcome = (status: CampaignStatusName, action: CampaignAction): string => {
  try {
    return decideTransition(campaign(status), action) ?? 'unchanged';
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('campaign status rules', () => {
  it.each([
    ['draft', 'launch', 'active'],
    ['active', 'launch', 'unchanged'],
    ['paused', 'launch', 'failed_precondition'],
    ['completed', 'launch', 'failed_precondition'],
    ['active', 'pause', 'paused'],
    ['paused', 'pause', 'unchanged'],
    ['draft', 'pause', 'failed_precondition'],
    ['completed', 'pause', 'failed_precondition'],
    ['paused', 'resume', 'active'],
    ['active', 'resume', 'unchanged'],
    ['draft', 'resume', 'failed_precondition'],
  ] as const)('%s + %s → %s', (status, action, expected) => {
    expect(outcome(status, action)).toBe(expected);
  });

  it('names everything a launch is missing', () => {
    const error = (() => {
      try {
        decideTransition(campaign('draft', { stepCount: 0, mailboxIds: [], leadCount: 0 }), 'launch');
      } catch (thrown) {
        return thrown as DomainError;
      }
    })();
    expect(error?.violations.map((v) => v.field)).toEqual(['steps', 'mailbox_ids', 'leads']);
  });

  it('refuses to update a completed campaign and to delete an active one', () => {
    expect(() => assertUpdatable(campaign('completed'))).toThrow(DomainError);
    expect(() => assertUpdatable(campaign('paused'))).not.toThrow();
    expect(() => assertDeletable(campaign('active'))).toThrow('pause it first');
    expect(() => assertDeletable(campaign('completed'))).not.toThrow();
  });
});

describe('isFinished', () => {
  it.each([
    [{ active: 0, completed: 3, stopped: 1 }, true],
    [{ active: 0, completed: 0, stopped: 2 }, true],
    [{ active: 1, completed: 3, stopped: 1 }, false],
    // No lead ever ended: a campaign whose leads were all removed is not completed.
    [{ active: 0, completed: 0, stopped: 0 }, false],
  ])('%o: %s', (counts, expected) => {
    expect(isFinished(counts)).toBe(expected);
  });
});
