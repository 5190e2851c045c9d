// The gateway with email verification behind it, for the verification specs: the harness's Client
// service and databases, the real Scraper service verifying through its VerificationService, and a
// DNS server on loopback that is the only one it asks. No SMTP probe: every verdict comes from DNS
// and the address itself, and no mail host is connected to.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startDnsServer, type DnsReply, type DnsServer } from '@coldreach/testing';
import { buildGatewayApp } from '../app';
import {
  startGatewayHarness,
  type GatewayHarness,
  type HarnessOptions,
  type Tenant,
} from './gateway-harness';
import { startScraperServices, type ScraperServices } from './scraper-services';

/** The only address a mail host may resolve to; mx.refused.test's is another loopback one. */
const allowedMailHost = '127.0.0.3';

/**
 * The test domains: acme.test receives mail (safe, or risky for a role account), gone.test does
 * not exist, refused.test's exchanger is on an address the guard refuses, broken.test's DNS fails,
 * and the slowN.test domains never answer (a job over them stays running long enough to cancel).
 */
function reply(name: string, type: string): DnsReply | undefined {
  const mx = (exchange: string): DnsReply => (type === 'MX' ? { mx: [{ preference: 10, exchange }] } : {});
  if (name === 'acme.test') return mx('mx.acme.test');
  if (name === 'refused.test') return mx('mx.refused.test');
  if (name === 'mx.acme.test') return type === 'A' ? { addresses: [allowedMailHost] } : {};
  if (name === 'mx.refused.test') return type === 'A' ? { addresses: ['127.0.0.4'] } : {};
  if (name === 'broken.test') return { rcode: 'SERVFAIL' };
  if (/^slow\d+\.test$/.test(name)) return { delayMs: Infinity };
  return { rcode: 'NXDOMAIN' };
}

export interface VerificationGateway {
  h: GatewayHarness;
  /** The gateway with verification; h.app has none (its routes answer 503). */
  app: FastifyInstance;
  dns: DnsServer;
  scraper: ScraperServices;
  /** A request to `app` as workspace A, or as `tenant`; a body goes as JSON. */
  call(method: string, url: string, body?: object, tenant?: Tenant): Promise<LightMyRequestResponse>;
  /** A lead created through `app`; answers its id. */
  lead(email: string, tags?: string[], tenant?: Tenant): Promise<string>;
  close(): Promise<void>;
}

/** `harness`: e.g. `{ outreach: true }` for the Email and Campaign services (no `scraper`: it is ours). */
export async function startVerificationGateway(
  harness: Omit<HarnessOptions, 'scraper'> = {},
): Promise<VerificationGateway> {
  const h = await startGatewayHarness(harness);
  const dns = await startDnsServer({ reply }).catch(async (error: unknown) => {
    await h.close();
    throw error;
  });
  const scraper = await startScraperServices({
    verification: {
      clientServiceUrl: h.grpcServer.url,
      dnsServer: dns.server,
      allowedPrivateCidrs: `${allowedMailHost}/32`,
    },
  }).catch(async (error: unknown) => {
    await Promise.all([dns.close(), h.close()]);
    throw error;
  });
  const app = await buildGatewayApp({
    ...h.deps,
    scraper: scraper.client,
    verification: scraper.verification,
  });
  await app.ready();

  const call: VerificationGateway['call'] = (method, url, body, tenant = h.a) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${tenant.key}` },
      ...(body && { payload: body }),
    });
  return {
    h,
    app,
    dns,
    scraper,
    call,
    async lead(email, tags = [], tenant = h.a) {
      const created = await call('POST', '/api/leads', { email, tags }, tenant);
      if (created.statusCode !== 201) throw new Error(`lead ${email}: ${created.statusCode} ${created.body}`);
      return created.json<{ id: string }>().id;
    },
    async close() {
      await app.close();
      await scraper.stop();
      await scraper.database.drop();
      await dns.close();
      await h.close();
    },
  };
}
