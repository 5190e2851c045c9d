// A gateway app sharing a harness's tenancy, in front of a second Email service (API only, no workers
// reading or sending) whose outbound-address guard allows `cidrs`, as `npm start` allows loopback.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ClientService, EmailService, InboundMailService } from '@coldreach/contracts';
import { createMemorySendLimiter, openEmailDatabase, startEmailService } from '@coldreach/email-service';
import { createInProcessEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { loopbackCidrs, parseAllowedCidrs, type AllowedCidr } from '@coldreach/outbound-guard';
import { createTestDatabase, type TestDatabase } from '@coldreach/testing';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness';

export interface LoopbackGateway {
  app: FastifyInstance;
  /** A request with `key` as the API key and `body` as JSON. */
  call(
    key: string,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  stop(): Promise<void>;
}

/**
 * The mailbox specs' pair: a harness whose Email service allows nothing internal (connected mode's
 * default) and `local`, a gateway over an Email service that allows loopback (as `npm start` does).
 */
export async function startMailboxGateways(): Promise<{
  h: GatewayHarness;
  local: LoopbackGateway;
  stop(): Promise<void>;
}> {
  const h = await startGatewayHarness({ outreach: true });
  const local = await startLoopbackGateway(h, loopbackAllowed()).catch(async (error: unknown) => {
    await h.close();
    throw error;
  });
  return {
    h,
    local,
    stop: async () => {
      await local.stop();
      await h.close();
    },
  };
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
    call: (key, method, url, body, headers) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      }),
    stop: async () => {
      await app.close();
      await email.stop();
      await bus.close();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
