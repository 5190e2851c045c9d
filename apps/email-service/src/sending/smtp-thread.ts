// The SMTP thread: the nodemailer pools, one per mailbox, run on a worker thread of their own, so SMTP
// replies are answered at once instead of waiting behind the main thread's database and Kafka work
// (see smtp-transports.ts, the main thread's side, and smtp-thread-bootstrap.js, which starts it).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { SmtpOutcome } from '../ledger/classify-smtp-outcome';
import type { SmtpTarget } from './smtp-connection-options';
import { createSmtpPools, type LeaseSource, type RawMessage, type SmtpSettings } from './smtp-thread-pools';

export { describe } from './smtp-thread-pools';
export type { SmtpSettings } from './smtp-thread-pools';

/** What the main thread asks of the SMTP thread (posted as arrays: all of one turn at once). */
export type ToSmtpThread =
  | { type: 'send'; id: number; key: string; target: SmtpTarget; message: RawMessage; deadlineMs: number }
  | { type: 'granted'; id: number; key: string; leaseId: string }
  | { type: 'shed'; key: string; count: number }
  | { type: 'lost'; key: string; leaseIds: string[] }
  | { type: 'closeIdle'; idleMs: number }
  | { type: 'close' };

/** What the SMTP thread answers (posted as arrays, a few milliseconds' worth at a time). */
export type FromSmtpThread =
  | { type: 'outcome'; id: number; outcome: SmtpOutcome }
  | { type: 'acquire'; id: number; key: string }
  | { type: 'cancelAcquire'; id: number }
  | { type: 'release'; key: string; leaseId: string }
  | { type: 'warn'; message: string; fields: Record<string, unknown> }
  | { type: 'closed' };

/** Runs this thread's side: called by smtp-thread-bootstrap.js inside the worker thread. */
export function runSmtpThread(): void {
  if (!parentPort) throw new Error('runSmtpThread runs only in a worker thread');
  const port: MessagePort = parentPort;

  // Each message between threads wakes the other one up; outcomes go back a few milliseconds' worth
  // at a time (the outcome recorder gathers them for longer anyway).
  const replyGatherMs = 5;
  let replies: FromSmtpThread[] = [];
  let gathering: NodeJS.Timeout | undefined;

  function flushReplies(): void {
    if (gathering) clearTimeout(gathering);
    gathering = undefined;
    if (replies.length === 0) return;
    port.postMessage(replies);
    replies = [];
  }

  function reply(message: FromSmtpThread): void {
    replies.push(message);
    gathering ??= setTimeout(flushReplies, replyGatherMs);
  }

  // The budget's leases are the main thread's (it holds the Redis client and renews them).
  const acquiring = new Map<number, { key: string; resolve: (leaseId: string | undefined) => void }>();
  let nextAcquire = 1;
  const leases: LeaseSource = {
    acquire(key, signal) {
      const id = nextAcquire++;
      return new Promise((resolve) => {
        acquiring.set(id, { key, resolve });
        signal.addEventListener('abort', () => {
          if (!acquiring.delete(id)) return;
          reply({ type: 'cancelAcquire', id });
          resolve(undefined);
        });
        reply({ type: 'acquire', id, key });
      });
    },
    release: (key, leaseId) => reply({ type: 'release', key, leaseId }),
  };

  const pools = createSmtpPools({
    settings: (workerData as { settings: SmtpSettings }).settings,
    leases,
    warn: (message, fields) => reply({ type: 'warn', message, fields }),
  });

  function handle(message: ToSmtpThread): void {
    switch (message.type) {
      case 'send':
        void pools
          .send(message.key, message.target, message.message, message.deadlineMs)
          .then((outcome) => reply({ type: 'outcome', id: message.id, outcome }));
        return;
      case 'granted': {
        const waiting = acquiring.get(message.id);
        acquiring.delete(message.id);
        if (waiting) waiting.resolve(message.leaseId);
        // Granted after this side gave up: handed straight back.
        else reply({ type: 'release', key: message.key, leaseId: message.leaseId });
        return;
      }
      case 'shed':
        pools.shed(message.key, message.count);
        return;
      case 'lost':
        pools.lost(message.key, message.leaseIds);
        return;
      case 'closeIdle':
        pools.closeIdle(message.idleMs);
        return;
      case 'close':
        pools.close();
        reply({ type: 'closed' });
        flushReplies();
        return;
    }
  }

  port.on('message', (messages: ToSmtpThread[]) => messages.forEach(handle));
}
