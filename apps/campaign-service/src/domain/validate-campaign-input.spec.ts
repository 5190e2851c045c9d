import { applyCampaignMask, checkMaskPaths, parseCampaignMask } from './campaign-update-mask';
import { validateCampaignInput, type CampaignInput } from './validate-campaign-input';

const input = (fields: Partial<CampaignInput> = {}): CampaignInput => ({
  name: 'Campaign',
  description: '',
  targetCriteria: { tags: [], verificationStatuses: [], company: '', query: '' },
  mailboxIds: [],
  schedule: { days: [], windowStart: null, windowEnd: null, timeZone: '', useRecipientTimeZone: false },
  dailyCap: 0,
  stopOnReply: false,
  trackOpens: false,
  trackClicks: false,
  ...fields,
});

describe('validateCampaignInput', () => {
  it('normalises: trimmed text, sorted unique days and tags, lower-case ids, UTC for no zone', () => {
    const { value, violations } = validateCampaignInput(
      input({
        name: '  Q3  ',
        mailboxIds: ['6F9619FF-8B86-4011-B42D-00C04FC964FF'],
        schedule: {
          days: [5, 1, 5],
          windowStart: null,
          windowEnd: null,
          timeZone: ' ',
          useRecipientTimeZone: true,
        },
        targetCriteria: {
          tags: [' vip ', 'vip', 'b'],
          verificationStatuses: ['valid', 'valid'],
          company: '',
          query: '',
        },
      }),
    );
    expect(violations).toEqual([]);
    expect(value).toMatchObject({
      name: 'Q3',
      mailboxIds: ['6f9619ff-8b86-4011-b42d-00c04fc964ff'],
      schedule: { days: [1, 5], timeZone: 'UTC', useRecipientTimeZone: true },
      targetCriteria: { tags: ['vip', 'b'], verificationStatuses: ['valid'] },
    });
  });

  it('names each bad field', () => {
    const { violations } = validateCampaignInput(
      input({
        name: '',
        dailyCap: 1.5,
        mailboxIds: ['6f9619ff-8b86-4011-b42d-00c04fc964ff', '6F9619FF-8B86-4011-B42D-00C04FC964FF'],
        schedule: {
          days: [8],
          windowStart: { hour: 24, minute: 0 },
          windowEnd: { hour: 1, minute: 60 },
          timeZone: '+02:00',
          useRecipientTimeZone: false,
        },
      }),
    );
    expect(violations.map((v) => v.field)).toEqual([
      'campaign.name',
      'campaign.mailbox_ids[1]',
      'campaign.daily_cap',
      'campaign.schedule.days[0]',
      'campaign.schedule.window_start.hour',
      'campaign.schedule.window_end.minute',
      'campaign.schedule.time_zone',
    ]);
  });
});

describe('campaign update masks', () => {
  it('replaces a whole message or one part of it', () => {
    const current = validateCampaignInput(
      input({
        schedule: {
          days: [1],
          windowStart: { hour: 9, minute: 0 },
          windowEnd: { hour: 17, minute: 0 },
          timeZone: 'Europe/Paris',
          useRecipientTimeZone: false,
        },
      }),
    ).value;
    const given = input({ name: 'New', schedule: { ...input().schedule, timeZone: 'Asia/Tokyo' } });
    const nested = applyCampaignMask(current, given, parseCampaignMask(['schedule.time_zone']));
    expect(nested.schedule).toMatchObject({
      days: [1],
      windowStart: { hour: 9, minute: 0 },
      timeZone: 'Asia/Tokyo',
    });
    expect(nested.name).toBe('Campaign');
    const whole = applyCampaignMask(current, given, parseCampaignMask(['schedule', 'name']));
    expect(whole.schedule).toMatchObject({ days: [], windowStart: null, timeZone: 'Asia/Tokyo' });
    expect(whole.name).toBe('New');
  });

  it('changes the tracking flags only when the mask names them', () => {
    const current = validateCampaignInput(input({ trackOpens: true })).value;
    const given = input({ trackOpens: false, trackClicks: true });
    const clicks = applyCampaignMask(current, given, parseCampaignMask(['track_clicks']));
    expect({ opens: clicks.trackOpens, clicks: clicks.trackClicks }).toEqual({ opens: true, clicks: true });
    const both = applyCampaignMask(current, given, parseCampaignMask(['track_opens', 'track_clicks']));
    expect({ opens: both.trackOpens, clicks: both.trackClicks }).toEqual({ opens: false, clicks: true });
  });

  it('refuses an empty mask and unknown paths', () => {
    expect(() => parseCampaignMask([])).toThrow('update_mask');
    expect(() => parseCampaignMask(['name', 'status'])).toThrow('update_mask.paths[1]');
    expect(() => parseCampaignMask(['schedule.window_start.hour'])).toThrow('not a field');
  });

  it("checks UpdateStep's mask the same way, naming its input", () => {
    const isStepPath = (path: string): path is 'position' | 'delay' => ['position', 'delay'].includes(path);
    expect(checkMaskPaths(['delay', 'position', 'delay'], isStepPath, 'StepInput')).toEqual([
      'delay',
      'position',
    ]);
    expect(() => checkMaskPaths([], isStepPath, 'StepInput')).toThrow('update_mask: must name at least one');
    expect(() => checkMaskPaths(['position', 'body', 'x'], isStepPath, 'StepInput')).toThrow(
      'update_mask.paths[1]: "body" is not a field of StepInput (use snake_case names); update_mask.paths[2]',
    );
  });
});

describe('text PostgreSQL cannot store', () => {
  it('is named wherever it is, in proto field names', () => {
    const { violations } = validateCampaignInput(
      input({
        name: 'a\u0000b',
        schedule: {
          days: [],
          windowStart: null,
          windowEnd: null,
          timeZone: '\ud800',
          useRecipientTimeZone: false,
        },
        targetCriteria: { tags: ['\u0000'], verificationStatuses: [], company: 'c\u0000', query: '' },
      }),
    );
    expect(violations.filter((v) => /NUL|surrogate/.test(v.message)).map((v) => v.field)).toEqual([
      'campaign.name',
      'campaign.target_criteria.tags[0]',
      'campaign.target_criteria.company',
      'campaign.schedule.time_zone',
    ]);
  });
});
