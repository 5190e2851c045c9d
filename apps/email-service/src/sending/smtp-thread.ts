// The SMTP thread: runs the nodemailer pools, so SMTP replies are answered at once instead of
// waiting behind the main thread's database and Kafka work (see smtp-transports.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { createSmtpPools, type SmtpSettings } from './smtp-pools';
import type { ToSmtpThread, FromSmtpThread } from './smtp-thread-messages';

const port = parentPort;
if (!port) throw new Error('smtp-thread.ts runs only as a worker thread');
const post = (message: FromSmtpThread) => port.postMessage(message);

const pools = createSmtpPools({
  settings: (workerData as { settings: SmtpSettings }).settings,
  warn: (message, fields) => post({ type: 'warn', message, fields }),
});

port.on('message', (message: ToSmtpThread) => {
  switch (message.type) {
    case 'send':
      void pools
        .send(message.key, message.url, message.message, message.deadlineMs)
        .then((outcome) => post({ type: 'outcome', id: message.id, outcome }));
      return;
    case 'closeIdle':
      pools.closeIdle(message.idleMs);
      return;
    case 'close':
      pools.close();
      post({ type: 'closed' });
      return;
  }
});
