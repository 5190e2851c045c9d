// A gateway app sharing a harness's tenancy, in front of a second Email service (API only, no workers
// reading or sending) whose outbound-address guard allows `cidrs`, as `npm start` allows loopback.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ClientService, EmailService, InboundMailService } from '@coldreach/contracts';
import { createMemorySendLimiter, openEmailDatabase, startEmailService } from '@coldreach/email-service';
import { createInProcessEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { loopbackCidrs, parseAllowedCidrs, type AllowedCidr } from '@coldreach/outbound-guard';
import { createTestDatabase, type TestDatabase } from '@coldreach/testing';
import { buildGatewayApp } from '../app';
import type { GatewayHarness } from './gateway-harness';

export interface LoopbackGateway {
  app: FastifyInstance;
  stop(): Promise<void>;
}

/** The loopback ranges, as SMTP_ALLOWED_PRIVATE_CIDRS would list them. */
export function loopbackAllowed(): AllowedCidr[] {
  const parsed = parseAllowedCidrs(loopbackCidrs);
  return parsed.ok ? parsed.cidrs : [];
}

export async function startLoopbackGateway(
  harness: GatewayHarness,
  cidrs: AllowedCidr[],
): Promise<LoopbackGateway> {
  const database: TestDatabase = await createTestDatabase('cr_gw_email_loopback');
  const dataSource = await openEmailDatabase({ url: database.url }, { migrate: true });
  const bus = createInProcessEventBus({ retryBackoffMs: 50 });
  const email = await startEmailService({
    host: '127.0.0.1',
    port: 0,
    dataSource,
    bus,
    clients: createGrpcClient(ClientService, { baseUrl: harness.grpcServer.url, timeoutMs: 20_000 }),
    logger: createLogger({ name: 'loopback-email', level: 'silent' }),
    credentialsKey: randomBytes(32),
    unsubscribeSecrets: [randomBytes(32).toString('hex')],
    publicBaseUrl: 'http://gateway.test',
    limiter: createMemorySendLimiter(),
    embedded: false,
    roles: { api: true, workers: false },
    smtpAllowedPrivateCidrs: cidrs,
  });
  const baseUrl = email.url ?? '';
  const app = await buildGatewayApp({
    ...harness.deps,
    email: createGrpcClient(EmailService, { baseUrl, timeoutMs: 5_000 }),
    inbound: createGrpcClient(InboundMailService, { baseUrl, timeoutMs: 20_000 }),
  });
  await app.ready();
  return {
    app,
    stop: async () => {
      await app.close();
      await email.stop();
      await bus.close();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
