// Test support for the gateway's integration specs: the real Client service (gRPC, two PostgreSQL
// shards), a real tenancy + idempotency database, and the gateway app in front, driven through
// `inject`. With `outreach: true` the real Campaign and Email services run too (gRPC, their own
// PostgreSQL databases, one in-process event bus between them, the Email service's workers sending to
// its catcher because no mailbox has an SMTP URL). With `scraper`, the real Scraper service runs too
// (gRPC, its own PostgreSQL database, crawl workers that reach only what the options allow).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DataSource } from 'typeorm';
import type { Client } from '@connectrpc/connect';
import { openClientShards, startClientService } from '@coldreach/client-service';
import { CampaignService, ClientService, EmailService, InboundMailService } from '@coldreach/contracts';
import { openDataSource, queryRows, type ShardSet } from '@coldreach/db';
import { createIdempotencyStore, idempotencyEntities, idempotencyMigrations } from '@coldreach/idempotency';
import { checkGrpcHealth, createGrpcClient, type GrpcServer } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import type { EventBus } from '@coldreach/events';
import { createMemoryRateLimiter, type RateLimiter } from '@coldreach/rate-limit';
import {
  createTenancyStore,
  createUserStore,
  generatePassword,
  tenancyEntities,
  tenancyMigrations,
  type MemberRole,
  type TenancyStore,
  type UserStore,
} from '@coldreach/tenancy';
import { createTestDatabase, createTestDatabases, type TestDatabase } from '@coldreach/testing';
import { buildGatewayApp, type GatewayDeps } from '../app';
import { buildAccounts, defaultAccountSettings } from '../auth/accounts';
import type { SessionView } from '../auth/session-auth';
import { createMemorySessionBackend, type SessionBackend } from '../auth/session-store';
import type { AccountSettings } from '../config';
import { startOutreachServices } from './outreach-services';
import { startScraperServices, type ScraperServices, type ScraperTestOptions } from './scraper-services';

export interface HarnessOptions {
  /** Default: an in-memory limiter with `rateLimitPerWindow` requests per minute (default: plenty). */
  rateLimiter?: RateLimiter;
  rateLimitPerWindow?: number;
  /** Per-workspace and per-address budgets (default: none, as before). */
  workspaceRateLimiter?: RateLimiter;
  publicRateLimiter?: RateLimiter;
  trustProxy?: boolean | string;
  bodyLimitBytes?: number;
  importMaxBytes?: number;
  /** Also run the real Campaign and Email services (default: their clients point at nothing). */
  outreach?: boolean;
  /**
   * The Email service in local mode, as `npm start` runs it (no inbox is read; simulated answers are
   * injected). Default: connected mode (InjectInboundMessage answers FAILED_PRECONDITION).
   */
  localMode?: boolean;
  /** Also run the real Scraper service, so configured (default: no scraper; /api/scrape answers 503). */
  scraper?: ScraperTestOptions;
  /** Sign-in budgets and session timeouts (default: the variables' defaults). */
  accountSettings?: Partial<AccountSettings>;
  /** Where sessions live (default: memory) and the sessions' clock (default: Date.now). */
  sessionBackend?: SessionBackend;
  sessionClock?: () => number;
}

/** A person who can sign in: their account and password. */
export interface TestUser {
  userId: string;
  email: string;
  password: string;
}

/** A signed-in browser: the cookie it sends and the session's answer. */
export interface SignedIn {
  cookie: string;
  session: SessionView;
}

export interface Tenant {
  workspaceId: string;
  key: string;
  keyId: string;
}

export interface GatewayHarness {
  app: FastifyInstance;
  /** What the app was built with, for tests that build a second one. */
  deps: GatewayDeps;
  /** Two workspaces, each with an API key. */
  a: Tenant;
  b: Tenant;
  tenancy: TenancyStore;
  /** Straight to the Client service, to check what the gateway did without going through it. */
  rpc: Client<typeof ClientService>;
  /** Straight to the Campaign and Email services and the Email service's inbound mail (outreach only). */
  campaigns: Client<typeof CampaignService>;
  email: Client<typeof EmailService>;
  inbound: Client<typeof InboundMailService>;
  /** The Scraper service (with the `scraper` option). */
  scraper?: ScraperServices;
  /** The event bus between the Campaign and Email services (outreach only). */
  bus?: EventBus;
  /** The secret the Email service signs unsubscribe links with (outreach only). */
  unsubscribeSecret: string;
  shards: ShardSet;
  grpcServer: GrpcServer;
  /** The gateway's own database (tenancy and idempotency keys). */
  gatewayDb: DataSource;
  /** Every log line the gateway wrote (JSON). */
  logs: string[];
  call(
    method: string,
    url: string,
    options?: { key?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  users: UserStore;
  /** A new user (random email, generated password), member of the workspace with the role. */
  createUser(workspaceId: string, role?: MemberRole): Promise<TestUser>;
  /** POST /api/session; throws unless it answers 200. */
  signIn(user: Pick<TestUser, 'email' | 'password'>): Promise<SignedIn>;
  /** A request made by a signed-in browser: the cookie, and the CSRF token unless `csrf` is false. */
  sessionCall(
    signedIn: SignedIn,
    method: string,
    url: string,
    options?: { body?: unknown; headers?: Record<string, string>; csrf?: boolean },
  ): Promise<LightMyRequestResponse>;
  /** A fresh workspace with a key, so a test sees only its own leads. */
  tenant(name?: string): Promise<Tenant>;
  /** A lead (first name Lee) created through the API; answers its id. */
  createLead(t: Tenant, email: string): Promise<string>;
  /** A mailbox without SMTP URL (its emails are caught) created through the API; answers its id. */
  createMailbox(t: Tenant): Promise<string>;
  /** How many leads a workspace has, counted in the shard databases themselves. */
  countLeads(workspaceId: string): Promise<number>;
  /** Raw SQL on the Campaign or Email service's database (outreach only). */
  sql<T = Record<string, unknown>>(
    database: 'campaigns' | 'email',
    text: string,
    params?: unknown[],
  ): Promise<T[]>;
  close(): Promise<void>;
}

/** Where the gRPC clients of services that are not started point: nothing listens there. */
const nowhere = 'http://127.0.0.1:9';

export async function startGatewayHarness(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const databases: TestDatabase[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await Promise.all(databases.map((db) => db.drop()));
  };
  try {
    const shardDatabases = await createTestDatabases(2, 'cr_gw_shard');
    databases.push(...shardDatabases);
    const tenancyDatabase = await createTestDatabase('cr_gw_tenancy');
    databases.push(tenancyDatabase);

    const shards = await openClientShards(
      shardDatabases.map(({ url }) => ({ url })),
      { migrate: true },
    );
    cleanups.push(() => shards.close());
    const grpcServer = await startClientService({
      host: '127.0.0.1',
      port: 0,
      shards,
      logger: createLogger({ name: 'client-service-test', level: 'silent' }),
    });
    cleanups.push(() => grpcServer.close());

    const dataSource: DataSource = await openDataSource({
      location: { url: tenancyDatabase.url },
      entities: [...tenancyEntities, ...idempotencyEntities],
      migrations: [...tenancyMigrations, ...idempotencyMigrations],
      migrate: true,
    });
    cleanups.push(() => dataSource.destroy());
    const tenancy = createTenancyStore(dataSource);
    const users = createUserStore(dataSource);
    const tenant = async (name = 'test workspace'): Promise<Tenant> => {
      const workspace = await tenancy.createWorkspace(name);
      const { key, apiKey } = await tenancy.createApiKey(workspace.id, `${name} key`);
      return { workspaceId: workspace.id, key, keyId: apiKey.id };
    };
    const a = await tenant('Workspace A');
    const b = await tenant('Workspace B');

    const unsubscribeSecret = randomBytes(32).toString('hex');
    const outreach = options.outreach
      ? await startOutreachServices({
          clientServiceUrl: grpcServer.url,
          unsubscribeSecret,
          localMode: options.localMode,
        })
      : undefined;
    if (outreach) {
      databases.push(...outreach.databases);
      cleanups.push(() => outreach.stop());
    }
    const scraper = options.scraper ? await startScraperServices(options.scraper) : undefined;
    if (scraper) {
      databases.push(scraper.database);
      cleanups.push(() => scraper.stop());
    }
    const campaignUrl = outreach?.campaignUrl ?? nowhere;
    const emailUrl = outreach?.emailUrl ?? nowhere;

    const logs: string[] = [];
    const logger = createLogger({
      name: 'gateway-test',
      level: 'info',
      destination: { write: (line: string) => void logs.push(line) },
    });
    const rpc = createGrpcClient(ClientService, { baseUrl: grpcServer.url, timeoutMs: 20_000 });
    const deps: GatewayDeps = {
      logger,
      tenancy,
      accounts: buildAccounts({
        users,
        backend: options.sessionBackend ?? createMemorySessionBackend(options.sessionClock),
        settings: { ...defaultAccountSettings, ...options.accountSettings },
        limiter: (_name, limit, windowSeconds) =>
          createMemoryRateLimiter({ limit, windowSeconds, now: options.sessionClock }),
        now: options.sessionClock,
      }),
      rateLimiter:
        options.rateLimiter ??
        createMemoryRateLimiter({ limit: options.rateLimitPerWindow ?? 1_000_000, windowSeconds: 60 }),
      workspaceRateLimiter: options.workspaceRateLimiter,
      publicRateLimiter: options.publicRateLimiter,
      trustProxy: options.trustProxy,
      clients: createGrpcClient(ClientService, { baseUrl: grpcServer.url, timeoutMs: 20_000 }),
      campaigns: createGrpcClient(CampaignService, { baseUrl: campaignUrl, timeoutMs: 20_000 }),
      email: createGrpcClient(EmailService, { baseUrl: emailUrl, timeoutMs: 20_000 }),
      inbound: createGrpcClient(InboundMailService, { baseUrl: emailUrl, timeoutMs: 20_000 }),
      scraper: scraper?.client,
      idempotency: createIdempotencyStore(dataSource),
      bodyLimitBytes: options.bodyLimitBytes,
      importMaxBytes: options.importMaxBytes,
      readinessChecks: [
        { name: 'postgres', check: () => tenancy.ping(), required: true },
        {
          name: 'client-service',
          check: async () => {
            if (!(await checkGrpcHealth(grpcServer.url, ClientService.typeName)))
              throw new Error('not serving');
          },
        },
      ],
    };
    const app = await buildGatewayApp(deps);
    cleanups.push(() => app.close());
    // Route schemas compile on ready: in beforeAll's budget, not in the first test's.
    await app.ready();

    const call: GatewayHarness['call'] = (method, url, { key = a.key, body, headers = {} } = {}) => {
      const all: Record<string, string> = { ...headers };
      if (key !== null) all.authorization = `Bearer ${key}`;
      if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body))
        all['content-type'] ??= 'application/json';
      return app.inject({
        method: method as 'GET',
        url,
        headers: all,
        ...(body === undefined
          ? {}
          : { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
      });
    };
    const sessionCall: GatewayHarness['sessionCall'] = (
      signedIn,
      method,
      url,
      { body, headers = {}, csrf = true } = {},
    ) =>
      call(method, url, {
        key: null,
        body,
        headers: {
          cookie: signedIn.cookie,
          ...(csrf ? { 'x-csrf-token': signedIn.session.csrfToken } : {}),
          ...headers,
        },
      });
    const created = async (response: Promise<LightMyRequestResponse>): Promise<string> => {
      const answer = await response;
      if (answer.statusCode !== 201)
        throw new Error(`expected 201, got ${answer.statusCode}: ${answer.body}`);
      return answer.json<{ id: string }>().id;
    };

    return {
      tenant,
      users,
      async createUser(workspaceId, role = 'owner') {
        const email = `user-${randomBytes(6).toString('hex')}@example.com`;
        const password = generatePassword();
        const user = await users.createUser(email, password);
        await users.addMembership(user.id, workspaceId, role);
        return { userId: user.id, email, password };
      },
      async signIn({ email, password }) {
        const response = await call('POST', '/api/session', { key: null, body: { email, password } });
        if (response.statusCode !== 200)
          throw new Error(`sign-in answered ${response.statusCode}: ${response.body}`);
        const setCookie = String(response.headers['set-cookie'] ?? '');
        return { cookie: setCookie.split(';')[0] ?? '', session: response.json<SessionView>() };
      },
      sessionCall,
      app,
      deps,
      a,
      b,
      tenancy,
      rpc,
      campaigns: createGrpcClient(CampaignService, { baseUrl: campaignUrl, timeoutMs: 20_000 }),
      email: createGrpcClient(EmailService, { baseUrl: emailUrl, timeoutMs: 20_000 }),
      inbound: createGrpcClient(InboundMailService, { baseUrl: emailUrl, timeoutMs: 20_000 }),
      scraper,
      bus: outreach?.bus,
      unsubscribeSecret,
      shards,
      grpcServer,
      gatewayDb: dataSource,
      logs,
      close,
      call,
      createLead: (t, email) =>
        created(call('POST', '/api/leads', { key: t.key, body: { email, firstName: 'Lee' } })),
      createMailbox: (t) =>
        created(
          call('POST', '/api/mailboxes', {
            key: t.key,
            body: { name: 'Sales', fromAddress: 'sales@sender.example' },
          }),
        ),
      async countLeads(workspaceId) {
        const counts = await Promise.all(
          shards.shards.map(async (shard) => {
            const rows = (await shard.query(
              'SELECT count(*)::int AS n FROM clients WHERE workspace_id = $1',
              [workspaceId],
            )) as { n: number }[];
            return Number(rows[0]?.n ?? 0);
          }),
        );
        return counts.reduce((sum, n) => sum + n, 0);
      },
      async sql(database, text, params = []) {
        if (!outreach) throw new Error('start the harness with outreach: true');
        const source = database === 'campaigns' ? outreach.campaignDb : outreach.emailDb;
        return queryRows(source.manager, text, params);
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
