import { emptySchedule, type Schedule } from './campaign';
import { planHandOver, type DueTask } from './hand-over-plan';

const now = new Date('2025-01-14T10:00:00Z'); // a Tuesday
const task = (id: string, clientId: string, dueAt = new Date('2025-01-14T09:59:00Z')): DueTask => ({
  id,
  clientId,
  stepId: 'step-1',
  mailboxId: 'mailbox-1',
  dueAt,
});
const recipients = new Map([
  ['paris', { customFields: { time_zone: 'Europe/Paris' } }],
  ['tokyo', { customFields: { time_zone: 'Asia/Tokyo' } }],
  ['nowhere', { customFields: { time_zone: 'Mars/Base' } }],
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
      recipients,
      stepIds: new Set(['step-1']),
      now,
    });
    expect(plan.clientGone.map((t) => t.id)).toEqual(['a']);
    expect(plan.stepGone.map((t) => t.id)).toEqual(['b']);
    expect(plan.handOver).toEqual([]);
  });
});
