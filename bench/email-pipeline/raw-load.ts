// The raw limit: a nodemailer pool straight to the sink, in its own process, with the pool settings
// and message shape the email service uses (from name, envelope, Message-ID, RFC 8058 headers),
// each email personalised. Prints `ready` once loaded (the caller starts counting CPU then), then
// one JSON line: {firstMs, lastMs, sent, errors}.
// Usage: raw-load.ts <smtpPort> <emails> <maxConnections>
import { randomBytes } from 'node:crypto';
import { createTransport } from 'nodemailer';

const [portArg, emailsArg, connectionsArg] = process.argv.slice(2) as [string, string, string];
const count = Number(emailsArg);
// Sends waiting for a pooled connection; enough that the pool never waits for the caller.
const window = 200;

const transport = createTransport({
  pool: true,
  host: '127.0.0.1',
  port: Number(portArg),
  secure: false,
  ignoreTLS: true,
  maxConnections: Number(connectionsArg),
  logger: false,
  debug: false,
});
transport.on('error', () => undefined);

const run = randomBytes(4).toString('hex');
// As long as a real unsubscribe token (a signed, base64url payload), so messages are the same size.
const token = randomBytes(120).toString('base64url');

function email(i: number) {
  return {
    from: { name: 'Bench Sales', address: 'sales@bench.example' },
    to: `lead${i}@company${i % 500}.example`,
    envelope: { from: 'sales@bench.example', to: [`lead${i}@company${i % 500}.example`] },
    subject: `Quick question, Lead${i}`,
    text: `Hi Lead${i},\n\nI noticed Company ${i % 500} is growing fast. Worth a chat?\n\nBest,\nBench`,
    messageId: `<raw-${run}-${i}@bench.example>`,
    headers: {
      'List-Unsubscribe': `<http://127.0.0.1:8080/unsubscribe/${token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

async function main() {
  console.log('ready');
  await new Promise((resolve) => setTimeout(resolve, 100));
  let next = 0;
  let errors = 0;
  const firstMs = Date.now();
  const sender = async () => {
    while (next < count) {
      const i = next++;
      await transport.sendMail(email(i)).catch(() => errors++);
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, sender));
  const lastMs = Date.now();
  transport.close();
  console.log(JSON.stringify({ firstMs, lastMs, sent: count - errors, errors }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
