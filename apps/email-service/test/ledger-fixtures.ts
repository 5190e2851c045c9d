// Test support: ledger rows written straight into an email-service database (no API, no Kafka), and
// readers for what the workers left behind (rows, email.events in the outbox, caught messages).
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { create, toJson, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import type { DataSource } from 'typeorm';
import { ClientSchema, SendingScheduleSchema, type EventEnvelope } from '@coldreach/contracts';
import { openDataSource, openPgliteHost, queryRows, type PgliteHost } from '@coldreach/db';
import {
  consumerEntities,
  consumerMigrations,
  decodeEnvelope,
  outboxEntities,
  outboxMigrations,
  unpackPayload,
} from '@coldreach/outbox';
import { createLogger, type Logger } from '@coldreach/observability';
import {
  createOutboundGuard,
  loopbackCidrs,
  parseAllowedCidrs,
  type OutboundGuard,
} from '@coldreach/outbound-guard';
import { createTestDatabase, randomName, startSmtpSink, waitFor, type SmtpSink } from '@coldreach/testing';
import { createPostgresAddressFence } from '../src/ledger/store/address-fence';
import { CreateEmailTables1763900000000 } from '../src/persistence/create-email-tables';
import { CreateInboundTables1764800000000 } from '../src/persistence/create-inbound-tables';
import type { DeliveryStatusName } from '../src/domain/delivery';
import { messageIdFor, type DeliveryRow } from '../src/ledger/store/delivery-row';
import { createSmtpUrlCipher, type SmtpUrlCipher } from '../src/persistence/smtp-url-cipher';
import {
  createMemorySendLimiter,
  startDeliveryWorkers,
  type DeliveryWorkers,
  type DeliveryWorkersOptions,
} from '../src/sending';
import { createSmtpTransports, type SmtpSettings } from '../src/sending/smtp-transports';

export interface LedgerDatabase {
  dataSource: DataSource;
  /** Closes the data source and removes the database. */
  dispose(): Promise<void>;
}

const entities = [...outboxEntities, ...consumerEntities];
const migrations = [
  CreateEmailTables1763900000000,
  ...outboxMigrations,
  ...consumerMigrations,
  CreateInboundTables1764800000000,
];

/** A migrated email-service database of its own on the real PostgreSQL. */
export async function openLedgerDatabase(
  options: {
    poolSize?: number;
    /** Connect through this port (a proxy to PostgreSQL). */ port?: number;
  } = {},
): Promise<LedgerDatabase> {
  const database = await createTestDatabase('cr_email');
  const url = new URL(database.url);
  if (options.port) url.port = String(options.port);
  const dataSource = await openDataSource({
    location: { url: url.toString() },
    entities,
    migrations,
    migrate: true,
    poolSize: options.poolSize ?? 10,
  });
  return {
    dataSource,
    async dispose() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/**
 * The same on PGlite, as embedded mode runs it: in its own schema of `host` (which the caller
 * closes), or of a new in-memory host that dispose() closes. Starting PGlite takes seconds; share one.
 */
export async function openPgliteLedger(host?: PgliteHost): Promise<LedgerDatabase> {
  const pglite = host ?? (await openPgliteHost());
  const dataSource = await openDataSource({
    location: { pglite, schema: randomName('email') },
    entities,
    migrations,
    migrate: true,
  });
  return {
    dataSource,
    async dispose() {
      await dataSource.destroy();
      if (!host) await pglite.close();
    },
  };
}

export interface MailboxFixture {
  id: string;
  workspaceId: string;
  fromName: string;
  fromAddress: string;
}

/** Inserts a mailbox; `smtpUrl` is sealed with `cipher` (no URL: default transport or catcher). */
export async function insertMailbox(
  dataSource: DataSource,
  input: {
    workspaceId?: string;
    fromName?: string;
    fromAddress?: string;
    smtpUrl?: string;
    cipher?: SmtpUrlCipher;
    dailyCap?: number;
    domainHourlyCap?: number;
  } = {},
): Promise<MailboxFixture> {
  const mailbox: MailboxFixture = {
    id: randomUUID(),
    workspaceId: input.workspaceId ?? randomUUID(),
    fromName: input.fromName ?? 'Alice Sender',
    fromAddress: input.fromAddress ?? 'alice@sender.test',
  };
  if (input.smtpUrl && !input.cipher)
    throw new Error('insertMailbox: an smtpUrl needs the cipher to seal it');
  const url = input.smtpUrl ? new URL(input.smtpUrl) : undefined;
  await queryRows(
    dataSource.manager,
    `INSERT INTO mailboxes (id, workspace_id, name, from_name, from_address, smtp_url_sealed, smtp_host,
       smtp_port, has_credentials, daily_cap, domain_hourly_cap)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      mailbox.id,
      mailbox.workspaceId,
      'Test mailbox',
      mailbox.fromName,
      mailbox.fromAddress,
      input.smtpUrl && input.cipher ? input.cipher.seal(input.smtpUrl) : null,
      url?.hostname ?? '',
      url ? Number(url.port || 587) : 0,
      Boolean(url?.username),
      input.dailyCap ?? 100_000,
      input.domainHourlyCap ?? 0,
    ],
  );
  return mailbox;
}

export interface DeliveryInput {
  to: string;
  firstName?: string;
  company?: string;
  customFields?: Record<string, string>;
  subject?: string;
  text?: string;
  html?: string;
  campaignId?: string | null;
  stepPosition?: number;
  inReplyTo?: string;
  /** Default: a second ago, so it is due at once. */
  scheduledAt?: Date;
  status?: DeliveryStatusName;
  /** A SendingSchedule (protobuf JSON), as campaign deliveries carry. */
  schedule?: MessageShape<typeof SendingScheduleSchema>;
  timeZone?: string;
}

/** Inserts deliveries from `mailbox`, as the email.commands consumer would; returns their ids in order. */
export async function insertDeliveries(
  dataSource: DataSource,
  mailbox: MailboxFixture,
  inputs: readonly DeliveryInput[],
): Promise<string[]> {
  const ids: string[] = [];
  const chunkSize = 500;
  for (let start = 0; start < inputs.length; start += chunkSize) {
    const params: unknown[] = [];
    const tuples = inputs.slice(start, start + chunkSize).map((input) => {
      const id = randomUUID();
      ids.push(id);
      const clientId = randomUUID();
      const recipient = toJson(
        ClientSchema,
        create(ClientSchema, {
          id: clientId,
          workspaceId: mailbox.workspaceId,
          email: input.to,
          firstName: input.firstName ?? '',
          company: input.company ?? '',
          customFields: input.customFields ?? {},
        }),
      );
      const at = params.length;
      params.push(
        id,
        mailbox.workspaceId,
        input.campaignId === undefined ? randomUUID() : input.campaignId,
        input.stepPosition ?? 1,
        clientId,
        mailbox.id,
        input.to,
        JSON.stringify(recipient),
        input.subject ?? 'Hello {{first_name | "there"}}',
        input.text ?? 'Hi {{first_name | "there"}}, a note for {{company | "your team"}}.',
        input.html ?? '',
        input.schedule ? JSON.stringify(toJson(SendingScheduleSchema, input.schedule)) : null,
        input.timeZone ?? 'UTC',
        input.inReplyTo ?? '',
        input.status ?? 'scheduled',
        (input.scheduledAt ?? new Date(Date.now() - 1000)).toISOString(),
        messageIdFor(id, mailbox.fromAddress),
      );
      const p = Array.from({ length: 17 }, (_, i) => `$${at + i + 1}`);
      return `(${p[0]}::uuid, ${p[1]}::uuid, ${p[2]}::uuid, ${p[3]}::int, ${p[4]}::uuid, ${p[5]}::uuid, ${p[6]},
        ${p[7]}::jsonb, ${p[8]}, ${p[9]}, ${p[10]}, ${p[11]}::jsonb, ${p[12]}, ${p[13]}, ${p[14]},
        ${p[15]}::timestamptz, ${p[16]})`;
    });
    await queryRows(
      dataSource.manager,
      `INSERT INTO deliveries (id, workspace_id, campaign_id, step_position, client_id, mailbox_id, to_address,
         recipient, subject_template, text_body_template, html_body_template, schedule, time_zone, in_reply_to,
         status, scheduled_at, message_id)
       VALUES ${tuples.join(', ')}`,
      params,
    );
  }
  return ids;
}

/** The rows of `ids`, in that order (all of the table's rows when `ids` is absent). */
export async function readDeliveries(
  dataSource: DataSource,
  ids?: readonly string[],
): Promise<DeliveryRow[]> {
  if (!ids)
    return queryRows<DeliveryRow>(dataSource.manager, 'SELECT * FROM deliveries ORDER BY created_at', []);
  const rows = await queryRows<DeliveryRow>(
    dataSource.manager,
    'SELECT * FROM deliveries WHERE id = ANY($1::uuid[])',
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** How many rows are in each status. */
export async function statusCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const rows = await queryRows<{ status: string; count: string }>(
    dataSource.manager,
    'SELECT status, count(*) AS count FROM deliveries GROUP BY status',
    [],
  );
  return Object.fromEntries(rows.map(({ status, count }) => [status, Number(count)]));
}

/** The email.events the workers wrote to the outbox, in outbox order. */
export async function emailEventsInOutbox(dataSource: DataSource): Promise<EventEnvelope[]> {
  const rows = await queryRows<{ payload: Uint8Array }>(
    dataSource.manager,
    "SELECT payload FROM outbox_events WHERE topic = 'email.events' ORDER BY id",
    [],
  );
  return rows.map(({ payload }) => decodeEnvelope(payload));
}

/** The payloads of the outbox's events of `type` (e.g. `email.sent`) as `schema`. */
export async function eventPayloads<Desc extends DescMessage>(
  dataSource: DataSource,
  type: string,
  schema: Desc,
): Promise<MessageShape<Desc>[]> {
  const envelopes = await emailEventsInOutbox(dataSource);
  return envelopes
    .filter((envelope) => envelope.type === type)
    .map((envelope) => unpackPayload(envelope, schema));
}

/**
 * Resolves once the outbox relay has published every row in the outbox when called (it deletes
 * what it published); with the in-process bus, its subscribers have been handed them by then.
 */
export async function outboxPublished(dataSource: DataSource): Promise<void> {
  const [row] = await queryRows<{ last: string | null }>(
    dataSource.manager,
    'SELECT max(id)::text AS last FROM outbox_events',
    [],
  );
  const last = row?.last;
  if (!last) return;
  await waitFor(
    async () =>
      (
        await queryRows(dataSource.manager, 'SELECT 1 FROM outbox_events WHERE id <= $1::bigint LIMIT 1', [
          last,
        ])
      ).length === 0,
    { timeoutMs: 30_000, what: 'the relay to publish the outbox' },
  );
}

export interface CaughtRow {
  delivery_id: string;
  envelope_from: string;
  envelope_to: string[];
  subject: string;
  text_body: string;
  html_body: string;
  headers: { name: string; value: string }[];
  message_id: string;
  size_bytes: number;
}

export async function readCaughtMessages(dataSource: DataSource): Promise<CaughtRow[]> {
  return queryRows<CaughtRow>(dataSource.manager, 'SELECT * FROM caught_messages ORDER BY caught_at, id', []);
}

/** Marks a campaign paused, as the campaign-events consumer does on CampaignPaused. */
export async function pauseCampaign(
  dataSource: DataSource,
  workspaceId: string,
  campaignId: string,
): Promise<void> {
  await queryRows(
    dataSource.manager,
    'INSERT INTO paused_campaigns (campaign_id, workspace_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [campaignId, workspaceId],
  );
}

/** The unsubscribe signing secret of test workers (verify List-Unsubscribe tokens with it). */
export const testUnsubscribeSecret = randomBytes(32);
export const testPublicBaseUrl = 'https://reach.test';
/** One credentials key per test process: seal mailbox URLs with it for test workers. */
export const testCipher = createSmtpUrlCipher(randomBytes(32));
/** What test SMTP sinks listen on: loopback, allowed as `npm start` allows it. */
export const loopbackSmtpCidrs = (() => {
  const parsed = parseAllowedCidrs(loopbackCidrs);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.cidrs;
})();
/** The guard of test workers: loopback allowed (the sinks), everything else internal refused. */
export const testSmtpGuard = createOutboundGuard({
  allowedCidrs: loopbackSmtpCidrs,
  allowListName: 'SMTP_ALLOWED_PRIVATE_CIDRS',
});
export const silentLogger: Logger = createLogger({ name: 'email-service-test', level: 'silent' });

/** What a test may change of its workers: their options, and what their SMTP transports are built with. */
export type TestWorkerOverrides = Partial<DeliveryWorkersOptions> & {
  smtp?: Partial<SmtpSettings>;
  defaultSmtpUrl?: string;
  smtpGuard?: OutboundGuard;
};

/**
 * Delivery workers for tests: PostgreSQL fence, in-memory limits, silent logs, short timings
 * (overridable), each with its own worker id.
 */
export function startTestWorkers(
  dataSource: DataSource,
  overrides: TestWorkerOverrides = {},
): DeliveryWorkers {
  const { smtp, defaultSmtpUrl, smtpGuard, ...options } = overrides;
  return startDeliveryWorkers({
    dataSource,
    fence: createPostgresAddressFence(dataSource),
    limiter: createMemorySendLimiter(),
    logger: silentLogger,
    workerId: randomName('worker'),
    publicBaseUrl: testPublicBaseUrl,
    unsubscribeSecret: testUnsubscribeSecret,
    pollIntervalMs: 50,
    reaperIntervalMs: 100,
    claimLeaseMs: 5000,
    retry: { maxAttempts: 5, backoffMs: 100 },
    transports: createSmtpTransports({
      cipher: testCipher,
      defaultSmtpUrl,
      guard: smtpGuard ?? testSmtpGuard,
      settings: smtp ?? {
        connectionTimeoutMs: 2000,
        greetingTimeoutMs: 2000,
        socketTimeoutMs: 2000,
        maxConnectionsPerMailbox: 5,
      },
      logger: silentLogger,
    }),
    ...options,
  });
}

/** Waits until no delivery is pending, scheduled, claimed or sending any more (or fails after `timeoutMs`). */
export async function settled(dataSource: DataSource, timeoutMs = 20_000): Promise<Record<string, number>> {
  let counts: Record<string, number> = {};
  try {
    return await waitFor(
      async () => {
        counts = await statusCounts(dataSource);
        return !counts.scheduled && !counts.claimed && !counts.sending && !counts.pending && counts;
      },
      { timeoutMs, what: 'every delivery to leave pending, scheduled, claimed and sending' },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; deliveries by status: ${JSON.stringify(counts)}`, {
      cause: error,
    });
  }
}

/**
 * Resolves once the workers on `dataSource` have run a reaper round and then a claim round, both
 * begun after the call: a marker delivery left `claimed` with a lease that has run out, as a crashed
 * worker leaves it, must be given back by the reaper, then claimed again and sent (to the catcher,
 * from a mailbox of its own, so no SMTP sink sees it). Whatever those rounds would do to the other
 * rows (a due delivery claimed, an expired lease reaped) is done by then, so a test that expects
 * nothing more to happen can look. Answers the marker's id; it ends `sent`.
 */
export async function workerRoundsPassed(dataSource: DataSource): Promise<string> {
  const mailbox = await insertMailbox(dataSource);
  const [marker] = await insertDeliveries(dataSource, mailbox, [
    { to: 'round-marker@example.test', status: 'claimed' },
  ]);
  await queryRows(
    dataSource.manager,
    `UPDATE deliveries SET lease_owner = 'a crashed worker', lease_until = now() - interval '1 millisecond'
     WHERE id = $1`,
    [marker],
  );
  await waitFor(async () => (await readDeliveries(dataSource, [marker!]))[0]?.status === 'sent', {
    timeoutMs: 30_000,
    what: 'the round marker to be reaped, claimed again and sent',
  });
  return marker!;
}

/** A TCP proxy to a local port that can be taken down (dropping every connection) and brought back. */
export async function startTcpProxy(
  targetPort: number,
): Promise<{ port: number; up(): Promise<void>; down(): Promise<void> }> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const created = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => {
            sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => resolve(created));
    });
  server = await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async up() {
      if (!server) server = await listen(port);
    },
    async down() {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (closing) await new Promise((resolve) => closing.close(resolve));
    },
  };
}

/** A fresh ledger database, a recording SMTP sink and a mailbox sending to it, for worker tests. */
export interface WorkerBed {
  ledger: LedgerDatabase;
  dataSource: DataSource;
  sink: SmtpSink;
  mailbox: MailboxFixture;
  /** Starts test workers on the bed's database; stop() stops them. */
  start(overrides?: TestWorkerOverrides): DeliveryWorkers;
  /** Workers the test stopped itself: stop() leaves them alone. */
  forget(workers: DeliveryWorkers): void;
  /** Stops the workers still running, then the sink and the database. */
  stop(): Promise<void>;
}

export async function openWorkerBed(options: { poolSize?: number } = {}): Promise<WorkerBed> {
  const ledger = await openLedgerDatabase(options);
  const sink = await startSmtpSink();
  const { dataSource } = ledger;
  const mailbox = await insertMailbox(dataSource, { smtpUrl: sink.url, cipher: testCipher });
  const running: DeliveryWorkers[] = [];
  return {
    ledger,
    dataSource,
    sink,
    mailbox,
    start(overrides = {}) {
      const workers = startTestWorkers(dataSource, overrides);
      running.push(workers);
      return workers;
    },
    forget(workers) {
      running.splice(running.indexOf(workers), 1);
    },
    async stop() {
      await Promise.all(running.splice(0).map((workers) => workers.stop()));
      await sink.close();
      await ledger.dispose();
    },
  };
}
