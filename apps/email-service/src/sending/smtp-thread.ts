// The SMTP thread: runs the nodemailer pools, so SMTP replies are answered at once instead of
// waiting behind the main thread's database and Kafka work (see smtp-transports.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { createSmtpPools, type SmtpSettings } from './smtp-pools';
import type { FromSmtpThread, ToSmtpThread } from './smtp-thread-messages';

const port = parentPort;
if (!port) throw new Error('smtp-thread.ts runs only as a worker thread');

// Each message between threads wakes the other one up; outcomes go back a few milliseconds' worth
// at a time (the outcome recorder gathers them for longer anyway).
const replyGatherMs = 5;
let replies: FromSmtpThread[] = [];
let gathering: NodeJS.Timeout | undefined;

function flushReplies(): void {
  if (gathering) clearTimeout(gathering);
  gathering = undefined;
  if (replies.length === 0) return;
  port?.postMessage(replies);
  replies = [];
}

function reply(message: FromSmtpThread): void {
  replies.push(message);
  gathering ??= setTimeout(flushReplies, replyGatherMs);
}

const pools = createSmtpPools({
  settings: (workerData as { settings: SmtpSettings }).settings,
  warn: (message, fields) => reply({ type: 'warn', message, fields }),
});

function handle(message: ToSmtpThread): void {
  switch (message.type) {
    case 'send':
      void pools
        .send(message.key, message.target, message.message, message.deadlineMs)
        .then((outcome) => reply({ type: 'outcome', id: message.id, outcome }));
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
