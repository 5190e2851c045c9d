import type { Schedule } from './campaign';
import { dueTime, recipientTimeZone, sendingTimeZone } from './send-timing';

/** A pending task that fell due, as the scheduler read it (locked) from the store. */
export interface DueTask {
  id: string;
  clientId: string;
  stepId: string;
  mailboxId: string;
  dueAt: Date;
}

export interface HandOverPlan<T extends DueTask> {
  /** Hand these over now: send no earlier than `scheduledAt`, window read in `timeZone`. */
  handOver: { task: T; scheduledAt: Date; timeZone: string }[];
  /** Not inside the window any more (the schedule or the recipient's zone changed): wait until `dueAt`. */
  retime: { task: T; dueAt: Date }[];
  /** Their client no longer exists: cancel, and stop the lead. */
  clientGone: T[];
  /** Their step was deleted after they were created: cancel. */
  stepGone: T[];
}

/**
 * Decides, for due tasks, what the hand-over does with each. The window is checked again with the
 * recipient as the Client service has it now: a task only goes out when its send time is within
 * `slackMs` of now, so what the Email service holds is due and inside the current window.
 */
export function planHandOver<T extends DueTask>(input: {
  tasks: readonly T[];
  schedule: Schedule;
  recipients: ReadonlyMap<string, { customFields: Readonly<Record<string, string>> }>;
  stepIds: ReadonlySet<string>;
  now: Date;
  slackMs?: number;
}): HandOverPlan<T> {
  const slackMs = input.slackMs ?? 60_000;
  const plan: HandOverPlan<T> = { handOver: [], retime: [], clientGone: [], stepGone: [] };
  for (const task of input.tasks) {
    const recipient = input.recipients.get(task.clientId);
    if (!recipient) {
      plan.clientGone.push(task);
      continue;
    }
    if (!input.stepIds.has(task.stepId)) {
      plan.stepGone.push(task);
      continue;
    }
    const timeZone = sendingTimeZone(input.schedule, recipientTimeZone(recipient.customFields));
    const sendAt = dueTime(input.schedule, timeZone, task.dueAt, input.now);
    if (sendAt.getTime() - input.now.getTime() > slackMs) plan.retime.push({ task, dueAt: sendAt });
    else plan.handOver.push({ task, scheduledAt: sendAt, timeZone });
  }
  return plan;
}
