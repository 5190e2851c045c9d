import { emptySchedule, type Schedule, type VerificationStatusName } from './campaign';
import {
  dailyCapAllowance,
  dailyCapDay,
  handOverBatches,
  leadsReplyingToLastEmail,
  mayHandOver,
  mayScheduleFirstSteps,
  planHandOver,
  reachesDailyCap,
  tasksToClaim,
  type DueTask,
  type Recipient,
} from './hand-over-rules';

const now = new Date('2025-01-14T10:00:00Z'); // a Tuesday
const task = (id: string, clientId: string, dueAt = new Date('2025-01-14T09:59:00Z')): DueTask => ({
  id,
  clientId,
  stepId: 'step-1',
  mailboxId: 'mailbox-1',
  dueAt,
});
const recipient = (timeZone: string, verificationStatus: VerificationStatusName = 'valid'): Recipient => ({
  customFields: { time_zone: timeZone },
  verificationStatus,
});
const recipients = new Map([
  ['paris', recipient('Europe/Paris')],
  ['tokyo', recipient('Asia/Tokyo')],
  ['nowhere', recipient('Mars/Base')],
]);
const businessHours = (zone: string, recipientZone = false): Schedule => ({
  ...emptySchedule(),
  days: [1, 2, 3, 4, 5],
  windowStart: { hour: 9, minute: 0 },
  windowEnd: { hour: 17, minute: 0 },
  timeZone: zone,
  useRecipientTimeZone: recipientZone,
});

describe('planHandOver', () => {
  it('hands over due tasks whose window is open now, in the schedule zone', () => {
    const plan = planHandOver({
      tasks: [task('a', 'paris'), task('b', 'tokyo')],
      schedule: businessHours('Europe/Paris'),
      verificationStatuses: [],
      recipients,
      stepIds: new Set(['step-1']),
      now,
    });
    expect(plan.handOver.map((entry) => [entry.task.id, entry.timeZone, entry.scheduledAt])).toEqual([
      ['a', 'Europe/Paris', now],
      ['b', 'Europe/Paris', now],
    ]);
    expect(plan.retime).toEqual([]);
  });

  it("reads the window in the recipient's zone when asked, and waits where it is closed", () => {
    const plan = planHandOver({
      tasks: [task('a', 'paris'), task('b', 'tokyo'), task('c', 'nowhere')],
      schedule: businessHours('Europe/Paris', true),
      verificationStatuses: [],
      recipients,
      stepIds: new Set(['step-1']),
      now,
    });
    // 19:00 in Tokyo: closed until 09:00 tomorrow there (00:00 UTC).
    expect(plan.retime).toEqual([{ task: task('b', 'tokyo'), dueAt: new Date('2025-01-15T00:00:00Z') }]);
    // An invalid zone falls back to the schedule's.
    expect(plan.handOver.map((entry) => [entry.task.id, entry.timeZone])).toEqual([
      ['a', 'Europe/Paris'],
      ['c', 'Europe/Paris'],
    ]);
  });

  it('sets apart tasks whose client or step is gone', () => {
    const plan = planHandOver({
      tasks: [task('a', 'deleted-client'), { ...task('b', 'paris'), stepId: 'deleted-step' }],
      schedule: emptySchedule(),
      verificationStatuses: [],
      recipients,
      stepIds: new Set(['step-1']),
      now,
    });
    expect(plan.clientGone.map((t) => t.id)).toEqual(['a']);
    expect(plan.stepGone.map((t) => t.id)).toEqual(['b']);
    expect(plan.handOver).toEqual([]);
  });

  it.each<[string, VerificationStatusName[], VerificationStatusName[]]>([
    ['any (no statuses): every one', [], ['unverified', 'valid', 'risky', 'invalid', 'unknown']],
    ['safe: valid only', ['valid'], ['valid']],
    ['safe+risky: valid and risky', ['valid', 'risky'], ['valid', 'risky']],
    ['another set: exactly those', ['unknown', 'unverified'], ['unverified', 'unknown']],
  ])("sends to the campaign's verification statuses, %s", (_case, verificationStatuses, sent) => {
    const statuses: VerificationStatusName[] = ['unverified', 'valid', 'risky', 'invalid', 'unknown'];
    const plan = planHandOver({
      tasks: statuses.map((status) => task(status, status)),
      schedule: emptySchedule(),
      verificationStatuses,
      recipients: new Map(statuses.map((status) => [status, recipient('UTC', status)])),
      stepIds: new Set(['step-1']),
      now,
    });
    expect(plan.handOver.map((entry) => entry.task.id)).toEqual(sent);
    expect(plan.notSendable).toEqual(
      statuses
        .filter((status) => !sent.includes(status))
        .map((status) => ({ task: task(status, status), status })),
    );
  });
});

describe('tasksToClaim: hand over only while fewer than maxInFlight are in flight', () => {
  const window = { batchSize: 500, batchesInFlight: 4, maxInFlight: 5000 };
  it.each([
    ['nothing in flight: four batches', window, 0, 2000],
    ['room for less than four batches: the room', window, 3500, 1500],
    ['exactly a quarter free: claims it', window, 3750, 1250],
    // Less than min(batch, a quarter) free: wait for outcomes rather than hand over in small pieces.
    ['less than a batch free: waits', window, 4501, 0],
    ['full: waits', window, 5000, 0],
    ['over full (outcomes late): waits', window, 6000, 0],
    [
      'small window: a quarter of it is enough',
      { batchSize: 500, batchesInFlight: 4, maxInFlight: 100 },
      75,
      25,
    ],
    [
      'small window, under a quarter free: waits',
      { batchSize: 500, batchesInFlight: 4, maxInFlight: 100 },
      76,
      0,
    ],
    ['no window at all: nothing', { batchSize: 500, batchesInFlight: 4, maxInFlight: 0 }, 0, 0],
  ])('%s', (_case, w, inFlight, expected) => {
    expect(tasksToClaim(w, inFlight)).toBe(expected);
  });
});

describe('handOverBatches', () => {
  it('cuts claimed tasks into batches of batchSize, each with its distinct clients', () => {
    const claimed = ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ id, clientId: `client-${i % 2}` }));
    expect(handOverBatches(claimed, 2)).toEqual([
      { ids: ['a', 'b'], clientIds: ['client-0', 'client-1'] },
      { ids: ['c', 'd'], clientIds: ['client-0', 'client-1'] },
      { ids: ['e'], clientIds: ['client-0'] },
    ]);
    expect(
      handOverBatches(
        claimed.slice(0, 3).map((t) => ({ ...t, clientId: 'x' })),
        5,
      ),
    ).toEqual([{ ids: ['a', 'b', 'c'], clientIds: ['x'] }]);
    expect(handOverBatches([], 5)).toEqual([]);
  });
});

describe('mayHandOver', () => {
  it.each([
    ['active, not held', { status: 'active' }, null, true],
    ['active, held until earlier', { status: 'active' }, new Date('2025-01-14T09:00:00Z'), true],
    ['active, held until exactly now', { status: 'active' }, now, true],
    ['active, held until later', { status: 'active' }, new Date('2025-01-15T00:00:00Z'), false],
    ['paused', { status: 'paused' }, null, false],
    ['completed', { status: 'completed' }, null, false],
    ['gone', undefined, null, false],
  ])('%s', (_case, campaign, blockedUntil, expected) => {
    expect(mayHandOver(campaign, blockedUntil, now)).toBe(expected);
  });
});

describe('the daily cap', () => {
  it.each([
    // [cap, handed today, wanted, allowed, reached after handing `allowed` over]
    [0, 999, 500, 500, false],
    [100, 0, 500, 100, true],
    [100, 40, 50, 50, false],
    [100, 40, 60, 60, true],
    [100, 99, 500, 1, true],
    [100, 100, 500, 0, true],
    [100, 150, 500, 0, true],
  ])('cap %i, %i handed today, %i wanted: %i allowed', (cap, today, wanted, allowed, reached) => {
    expect(dailyCapAllowance(cap, today, wanted)).toBe(allowed);
    expect(reachesDailyCap(cap, today, allowed)).toBe(reached);
  });

  it.each([
    ['Europe/Paris', '2025-01-14T10:00:00Z', '2025-01-13T23:00:00Z', '2025-01-14T23:00:00Z'],
    ['Asia/Tokyo', '2025-01-14T16:00:00Z', '2025-01-14T15:00:00Z', '2025-01-15T15:00:00Z'],
    // The day summer time starts lasts 23 hours, the day it ends 25.
    ['Europe/Paris', '2025-03-30T12:00:00Z', '2025-03-29T23:00:00Z', '2025-03-30T22:00:00Z'],
    ['Europe/Paris', '2025-10-26T12:00:00Z', '2025-10-25T22:00:00Z', '2025-10-26T23:00:00Z'],
  ])('counts the day in %s around %s', (zone, at, start, end) => {
    expect(dailyCapDay(zone, new Date(at))).toEqual({ start: new Date(start), end: new Date(end) });
  });
});

describe('mayScheduleFirstSteps: first steps are created ahead, not all at once', () => {
  it.each([
    [0, 10_000, true],
    [9_999, 10_000, true],
    [10_000, 10_000, false],
    [12_000, 10_000, false],
  ])('%i pending, %i ahead: %s', (pending, ahead, expected) => {
    expect(mayScheduleFirstSteps(pending, ahead)).toBe(expected);
  });
});

describe('leadsReplyingToLastEmail', () => {
  it('names the leads of later steps only: a first step opens the thread', () => {
    const entry = (clientId: string, stepPosition: number) => ({ task: { clientId, stepPosition } });
    expect(leadsReplyingToLastEmail([entry('a', 1), entry('b', 2), entry('c', 3), entry('d', 1)])).toEqual([
      'b',
      'c',
    ]);
    expect(leadsReplyingToLastEmail([entry('a', 1)])).toEqual([]);
  });
});
