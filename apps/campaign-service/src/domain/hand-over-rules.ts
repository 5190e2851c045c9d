import { startOfLocalDay } from '@coldreach/outreach';
import { sendsToStatus, type Schedule, type VerificationStatusName } from './campaign';
import { dueTime, recipientTimeZone, sendingTimeZone } from './send-timing';

/**
 * The hand-over's rules, apart from the loop that runs them (workers/hand-over-scheduler.ts) and
 * the SQL it reads and writes (persistence/hand-over-store.ts): how many due tasks to claim, how
 * they are cut into batches, what the daily cap lets through, what happens to each task.
 */

/** How much of a campaign the hand-over takes at once. */
export interface HandOverWindow {
  /** Tasks handed over per transaction (and per BatchGetClients call). */
  batchSize: number;
  /** Batches claimed at once per campaign. */
  batchesInFlight: number;
  /** Tasks of one campaign handed over recently and not reported back yet, at most. */
  maxInFlight: number;
}

/**
 * How many due tasks of a campaign to claim now, with `inFlight` of its tasks handed over and not
 * reported back: up to the free room in the window, and none while less than a quarter of the
 * window (or one batch, if smaller) is free — the campaign then waits for more outcomes rather
 * than hand over in small pieces.
 */
export function tasksToClaim(window: HandOverWindow, inFlight: number): number {
  const room = window.maxInFlight - inFlight;
  const minRoom = Math.min(window.batchSize, Math.ceil(window.maxInFlight / 4));
  if (room < minRoom) return 0;
  return Math.max(0, Math.min(window.batchSize * window.batchesInFlight, room));
}

/** Claimed tasks cut into batches of `batchSize`, each with its distinct clients. */
export function handOverBatches(
  claimed: readonly { id: string; clientId: string }[],
  batchSize: number,
): { ids: string[]; clientIds: string[] }[] {
  const batches: { ids: string[]; clientIds: string[] }[] = [];
  for (let start = 0; start < claimed.length; start += batchSize) {
    const slice = claimed.slice(start, start + batchSize);
    batches.push({
      ids: slice.map((task) => task.id),
      clientIds: [...new Set(slice.map((task) => task.clientId))],
    });
  }
  return batches;
}

/** True when the campaign may hand tasks over now: active and not held by its daily cap. */
export function mayHandOver(
  campaign: { status: string } | undefined,
  blockedUntil: Date | null,
  now: Date,
): boolean {
  return campaign?.status === 'active' && !(blockedUntil && blockedUntil > now);
}

/**
 * How many of `wanted` tasks the daily cap lets through with `handedToday` already handed over
 * today (0 means the campaign waits until tomorrow); all of them without a cap (0).
 */
export function dailyCapAllowance(dailyCap: number, handedToday: number, wanted: number): number {
  if (dailyCap <= 0) return wanted;
  return Math.max(0, Math.min(wanted, dailyCap - handedToday));
}

/** True when `handed` more tasks today reach the daily cap, so the campaign waits until tomorrow. */
export function reachesDailyCap(dailyCap: number, handedToday: number, handed: number): boolean {
  return dailyCap > 0 && handedToday + handed >= dailyCap;
}

/**
 * The day the daily cap counts, in the schedule's zone: from `start` (tasks handed over since then
 * count) until `end` (when a campaign held by its cap goes on).
 */
export function dailyCapDay(timeZone: string, now: Date): { start: Date; end: Date } {
  const start = startOfLocalDay(timeZone, now);
  // A day lasts 23 to 25 hours: 26 hours after today's start is always within tomorrow.
  return { start, end: startOfLocalDay(timeZone, new Date(start.getTime() + 26 * 3_600_000)) };
}

/**
 * The leads whose email of this hand-over replies to the last one they were sent in the campaign:
 * a first step opens the thread; only later steps reply to the lead's last email.
 */
export function leadsReplyingToLastEmail(
  handOver: readonly { task: { clientId: string; stepPosition: number } }[],
): string[] {
  return handOver.filter(({ task }) => task.stepPosition > 1).map(({ task }) => task.clientId);
}

/**
 * True when a campaign with `pending` tasks not handed over yet may have more first steps
 * scheduled: first steps are created ahead of the hand-over, not all at once (creating 100,000
 * tasks in the first half minute of a launch took the CPU and database the first sends needed).
 */
export function mayScheduleFirstSteps(pending: number, pendingAhead: number): boolean {
  return pending < pendingAhead;
}

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
  /** Their client's verification status is not one the campaign sends to: cancel, and stop the lead. */
  notSendable: { task: T; status: VerificationStatusName }[];
  /** Their step was deleted after they were created: cancel. */
  stepGone: T[];
}

/** A recipient as the Client service has it now, as far as the hand-over's rules need it. */
export interface Recipient {
  customFields: Readonly<Record<string, string>>;
  verificationStatus: VerificationStatusName;
}

/**
 * Decides, for due tasks, what the hand-over does with each. The window and the verification
 * status are checked again with the recipient as the Client service has it now: a task only goes
 * out when its send time is within `slackMs` of now, so what the Email service holds is due and
 * inside the current window, and only to a recipient whose status the campaign sends to.
 */
export function planHandOver<T extends DueTask>(input: {
  tasks: readonly T[];
  schedule: Schedule;
  /** The campaign's target verification statuses; empty sends to every status. */
  verificationStatuses: readonly VerificationStatusName[];
  recipients: ReadonlyMap<string, Recipient>;
  stepIds: ReadonlySet<string>;
  now: Date;
  slackMs?: number;
}): HandOverPlan<T> {
  const slackMs = input.slackMs ?? 60_000;
  const plan: HandOverPlan<T> = { handOver: [], retime: [], clientGone: [], notSendable: [], stepGone: [] };
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
    if (!sendsToStatus(input, recipient.verificationStatus)) {
      plan.notSendable.push({ task, status: recipient.verificationStatus });
      continue;
    }
    const timeZone = sendingTimeZone(input.schedule, recipientTimeZone(recipient.customFields));
    const sendAt = dueTime(input.schedule, timeZone, task.dueAt, input.now);
    if (sendAt.getTime() - input.now.getTime() > slackMs) plan.retime.push({ task, dueAt: sendAt });
    else plan.handOver.push({ task, scheduledAt: sendAt, timeZone });
  }
  return plan;
}
