// The raw limit: a nodemailer pool straight to the sink, in its own process, with the pool settings
// and message shape the email service uses (from name, envelope, Message-ID, RFC 8058 headers),
// each email personalised. Prints `ready` once loaded (the caller starts counting CPU then), then
// one JSON line: {firstMs, lastMs, sent, errors}. Composer `nodemailer` (the limit) lets nodemailer
// build each message from its fields, as a plain nodemailer user would; `service` builds it with
// the email service's own composer and hands nodemailer the raw bytes, as the service does.
// Usage: raw-load.ts <smtpPort> <emails> <maxConnections> [nodemailer|service]
import { randomBytes } from 'node:crypto';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { buildMimeMessage, type OutgoingEmail } from '@coldreach/email-service';

const [portArg, emailsArg, connectionsArg, composerArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string | undefined,
];
const composer = composerArg ?? 'nodemailer';
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

// The i-th email, personalised, as the email service renders one.
function fields(i: number): OutgoingEmail {
  return {
    fromName: 'Bench Sales',
    fromAddress: 'sales@bench.example',
    to: `lead${i}@company${i % 500}.example`,
    subject: `Quick question, Lead${i}`,
    text: `Hi Lead${i},\n\nI noticed Company ${i % 500} is growing fast. Worth a chat?\n\nBest,\nBench`,
    html: '',
    messageId: `<raw-${run}-${i}@bench.example>`,
    inReplyTo: '',
    unsubscribeUrl: `http://127.0.0.1:8080/unsubscribe/${token}`,
  };
}

function email(i: number): SendMailOptions {
  const e = fields(i);
  const common = {
    envelope: { from: e.fromAddress, to: [e.to] },
    messageId: e.messageId,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (composer === 'service') return { ...common, raw: buildMimeMessage(e) };
  return {
    ...common,
    from: { name: e.fromName, address: e.fromAddress },
    to: e.to,
    subject: e.subject,
    text: e.text,
    headers: {
      'List-Unsubscribe': `<${e.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
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
