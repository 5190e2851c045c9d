import { ApiError } from '../../api/problem';
import {
  campaignBodyOf,
  campaignFieldError,
  campaignFormOf,
  claimedCampaignFields,
  newCampaignForm,
  type Campaign,
} from './campaign-form';

const campaign: Campaign = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Spring',
  description: 'Fair leads',
  status: 'draft',
  mailboxIds: ['m1'],
  schedule: {
    days: ['monday'],
    windowStart: '08:30',
    windowEnd: '12:00',
    timeZone: 'Europe/Paris',
    useRecipientTimeZone: true,
  },
  targetCriteria: {
    tags: ['fair', 'vip'],
    verificationStatuses: ['valid', 'unknown'],
    company: 'Acme',
    query: '',
  },
  dailyCap: 50,
  stopOnReply: false,
  trackOpens: true,
  trackClicks: false,
  sendTo: 'custom',
  stepCount: 1,
  leadCount: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  launchedAt: null,
  completedAt: null,
};

describe('the campaign form', () => {
  it('starts a new campaign on weekdays 9 to 5 in the given time zone, tracking off', () => {
    const form = newCampaignForm('America/New_York');
    expect(campaignBodyOf({ ...form, name: 'New' })).toEqual({
      name: 'New',
      description: '',
      mailboxIds: [],
      schedule: {
        days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        windowStart: '09:00',
        windowEnd: '17:00',
        timeZone: 'America/New_York',
        useRecipientTimeZone: false,
      },
      dailyCap: 0,
      targetCriteria: { tags: [], company: '', query: '' },
      sendTo: 'any',
      stopOnReply: true,
      trackOpens: false,
      trackClicks: false,
    });
  });

  it('sends back what it loaded, a custom send-to as its statuses', () => {
    expect(campaignBodyOf(campaignFormOf(campaign))).toEqual({
      name: 'Spring',
      description: 'Fair leads',
      mailboxIds: ['m1'],
      schedule: campaign.schedule,
      dailyCap: 50,
      targetCriteria: {
        tags: ['fair', 'vip'],
        verificationStatuses: ['valid', 'unknown'],
        company: 'Acme',
        query: '',
      },
      stopOnReply: false,
      trackOpens: true,
      trackClicks: false,
    });
  });

  it('reads an empty window as all day, tags split on commas, numbers as typed', () => {
    const form = {
      ...newCampaignForm('UTC'),
      windowStart: ' ',
      windowEnd: '',
      tags: ' a, ,b ',
      dailyCap: 'ten',
    };
    const body = campaignBodyOf({ ...form, sendTo: 'safe' });
    expect(body.schedule).toMatchObject({ windowStart: null, windowEnd: null });
    expect(body.targetCriteria?.tags).toEqual(['a', 'b']);
    expect(body.dailyCap).toBeNaN();
    expect(body.sendTo).toBe('safe');
  });

  it('shows each API error beside the field it names, the rest with the form', () => {
    const error = new ApiError({
      type: 'urn:coldreach:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'invalid',
      errors: [
        { field: 'body.schedule.timeZone', message: 'unknown time zone' },
        { field: 'body.mailboxIds[0]', message: 'no such mailbox' },
        { field: 'body.targetCriteria.tags[1]', message: 'too long' },
        { field: 'body.description', message: 'too long' },
      ],
    });
    expect(campaignFieldError(error, 'timeZone')).toBe('unknown time zone');
    expect(campaignFieldError(error, 'mailboxIds')).toBe('no such mailbox');
    expect(campaignFieldError(error, 'tags')).toBe('too long');
    expect(campaignFieldError(error, 'name')).toBeUndefined();
    expect(campaignFieldError(null, 'name')).toBeUndefined();
    expect(claimedCampaignFields(error, ['timeZone', 'mailboxIds', 'tags'])).toEqual([
      'schedule.timeZone',
      'mailboxIds[0]',
      'targetCriteria.tags[1]',
    ]);
  });
});
