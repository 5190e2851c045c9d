import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { Client } from '@connectrpc/connect';
import type {
  AnalyticsService,
  CampaignService,
  ClientService,
  EmailService,
  InboundMailService,
  ScraperService,
  VerificationService,
} from '@coldreach/contracts';
import type { IdempotencyStore } from '@coldreach/idempotency';
import { redactRequestUrl, type Logger } from '@coldreach/observability';
import type { RateLimiter } from '@coldreach/rate-limit';
import type { TenancyStore } from '@coldreach/tenancy';
import { registerApiAuth } from './auth/api-auth';
import type { Accounts } from './auth/session-auth';
import { answerClientError, answerFrameworkError, registerErrorHandler } from './errors/error-handler';
import { registerIdempotency } from './idempotency/idempotency-plugin';
import { registerOpenApi } from './http/openapi';
import { registerProblemDocs } from './errors/problem-docs';
import { registerDashboard } from './http/dashboard';
import { registerSecurityHeaders } from './http/security-headers';
import { accountRoutes } from './routes/account-routes';
import { analyticsRoutes } from './routes/analytics-routes';
import { apiKeyRoutes } from './routes/api-key-routes';
import { campaignLeadRoutes } from './routes/campaign-lead-routes';
import { campaignPreviewRoutes } from './routes/campaign-preview-routes';
import { campaignRoutes } from './routes/campaign-routes';
import { deliveryRoutes } from './routes/delivery-routes';
import { sendEmailRoute, statusRoutes } from './routes/email-routes';
import { healthRoutes, type ReadinessCheck } from './routes/health-routes';
import { registerMetricsRoutes } from './routes/metrics-routes';
import { importColumnsRoutes } from './routes/import-columns-routes';
import { importRoutes } from './routes/import-routes';
import { inboundRoutes } from './routes/inbound-routes';
import { leadBulkRoutes } from './routes/lead-bulk-routes';
import { leadExportRoutes } from './routes/lead-export-routes';
import { leadRoutes } from './routes/lead-routes';
import { mailboxImapRoutes } from './routes/mailbox-imap-routes';
import { mailboxRoutes } from './routes/mailbox-routes';
import { scrapeRoutes } from './routes/scrape-routes';
import { sessionRoutes, signInRoutes } from './routes/session-routes';
import { simulatedAnswerRoutes } from './routes/simulated-answer-routes';
import { stepRoutes } from './routes/step-routes';
import { suppressionRoutes } from './routes/suppression-routes';
import { taskRoutes } from './routes/task-routes';
import { trackingRoutes } from './routes/tracking-routes';
import { unsubscribeRoutes } from './routes/unsubscribe-routes';
import { verificationRoutes } from './routes/verification-routes';
import { accountSchemas } from './schemas/account-schemas';
import { analyticsSchemas } from './schemas/analytics-schemas';
import { campaignLeadSchemas } from './schemas/campaign-lead-schemas';
import { campaignPreviewSchemas } from './schemas/campaign-preview-schemas';
import { campaignSchemas } from './schemas/campaign-schemas';
import { deliverySchemas } from './schemas/delivery-schemas';
import { emailSchemas } from './schemas/email-schemas';
import {
  importColumnGuessesSchema,
  importColumnsBodySchema,
  importProgressSchema,
  importReportSchema,
} from './schemas/import-schemas';
import { leadBulkSchemas } from './schemas/lead-bulk-schemas';
import { createMemoryImportProgressStore, type ImportProgressStore } from './import/import-progress';
import { inboundSchemas } from './schemas/inbound-schemas';
import {
  createLeadBodySchema,
  leadPageSchema,
  leadSchema,
  updateLeadBodySchema,
} from './schemas/lead-schemas';
import { mailboxSchemas } from './schemas/mailbox-schemas';
import { problemSchema } from './schemas/problem-schema';
import { scrapeSchemas } from './schemas/scrape-schemas';
import { stepSchemas } from './schemas/step-schemas';
import { suppressionSchemas } from './schemas/suppression-schemas';
import { taskSchemas } from './schemas/task-schemas';
import { verificationSchemas } from './schemas/verification-schemas';
import { registerTextGuard } from './http/text-guard';

export interface GatewayDeps {
  logger: Logger;
  tenancy: TenancyStore;
  /**
   * Users, their sessions and the sign-in budgets: people sign in to the dashboard with the
   * `cr_session` cookie. Absent: only API keys authenticate and the session routes answer 503.
   */
  accounts?: Accounts;
  /** Requests per API key. */
  rateLimiter: RateLimiter;
  /** Requests per workspace, whatever key they use; absent: only the per-key budget applies. */
  workspaceRateLimiter?: RateLimiter;
  /** Requests per client address on the routes without a key (unsubscribe); absent: not limited. */
  publicRateLimiter?: RateLimiter;
  /**
   * Requests per client address on the open pixel and the click redirect, apart from the unsubscribe
   * routes' budget: a mail provider's image proxy loads many recipients' pixels from few addresses.
   * Absent: those routes share publicRateLimiter.
   */
  trackingRateLimiter?: RateLimiter;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (Fastify's `trustProxy`: true
   * for any, or comma-separated addresses/CIDRs such as `10.0.0.0/8,loopback`). Default false: the
   * address is the socket's peer, which a client cannot forge.
   */
  trustProxy?: boolean | string;
  /** The Client service, over gRPC. */
  clients: Client<typeof ClientService>;
  /** The Campaign service, over gRPC. */
  campaigns: Client<typeof CampaignService>;
  /** The Email service, over gRPC. */
  email: Client<typeof EmailService>;
  /**
   * What arrives in the mailboxes' inboxes (InboundMailService, served by the Email service's process).
   * Absent: /api/inbound, the replies listings, the IMAP tests and simulate-reply answer 503.
   */
  inbound?: Client<typeof InboundMailService>;
  /**
   * The Scraper service, over gRPC. Absent where none is deployed: /api/scrape answers 503 and
   * /api/status asks only the Email and Campaign services.
   */
  scraper?: Client<typeof ScraperService>;
  /**
   * Email verification, served by the Scraper service's process. Absent: the verification routes
   * answer 503 and /api/status knows no verification job.
   */
  verification?: Client<typeof VerificationService>;
  /** Campaign stats, the overview and time series. Absent: the analytics routes answer 503. */
  analytics?: Client<typeof AnalyticsService>;
  /** Idempotency-Key records, in the gateway's database. */
  idempotency: IdempotencyStore;
  /** What GET /ready checks (the gateway's database, Redis, every gRPC dependency). */
  readinessChecks: ReadinessCheck[];
  /** Bearer token GET /metrics asks for; absent: /metrics is open (keep it off the internet). */
  metricsToken?: string;
  /** The built dashboard (apps/web/dist) to serve at `/`; absent or not built: the API only. */
  webRoot?: string;
  /** Largest JSON body accepted (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Largest CSV upload accepted by POST /api/leads/import (default 50 MiB). */
  importMaxBytes?: number;
  /** `Strict-Transport-Security` max-age; 0 or absent: no HSTS header (plain HTTP on loopback). */
  hstsMaxAgeSeconds?: number;
  /** How many rejected rows an import's report lists (default 1000; all are counted). */
  importMaxReportedErrors?: number;
  /** Where imports' progress is kept (Redis when replicas share the load); absent: this process's memory. */
  importProgress?: ImportProgressStore;
}

const mebibyte = 1024 * 1024;

/** The REST gateway, ready to `listen` or `inject`; owns none of its dependencies (the caller closes them). */
export async function buildGatewayApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Requests are logged by method and URL only: headers (Authorization) and bodies never are, and
    // the URL loses its tokens and credential-like query values (a key sent as ?api_key=…).
    loggerInstance: deps.logger.child(
      {},
      {
        serializers: {
          req: (req: { method: string; url: string }) => ({
            method: req.method,
            url: redactRequestUrl(req.url),
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
    ) as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: deps.bodyLimitBytes ?? mebibyte,
    ajv: {
      // Every bad field is reported, and unknown fields are refused rather than silently dropped
      // (bounded schemas keep allErrors cheap). Fastify's scalar coercion (5 → "5") stays on.
      customOptions: { allErrors: true, removeAdditional: false },
    },
    // Unsubscribe tokens are path parameters of several hundred characters; longer ones still reach
    // the route, which answers its own 400 page rather than the router's bare 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 4096 },
    // The router's refusals (a bad percent-encoding, a segment over maxParamLength) and the HTTP
    // parser's (headers too large, not HTTP) are problems too, and repeat nothing of the URL.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });

  registerErrorHandler(app);
  await registerSecurityHeaders(app, { hstsMaxAgeSeconds: deps.hstsMaxAgeSeconds });
  registerProblemDocs(app);
  registerTextGuard(app);
  // JSON routes take JSON only: any other media type is a 415, not a body to validate.
  app.removeContentTypeParser('text/plain');
  for (const schema of [
    problemSchema,
    leadSchema,
    leadPageSchema,
    createLeadBodySchema,
    updateLeadBodySchema,
    importReportSchema,
    importProgressSchema,
    importColumnsBodySchema,
    importColumnGuessesSchema,
    ...leadBulkSchemas,
    ...campaignSchemas,
    ...stepSchemas,
    ...campaignLeadSchemas,
    ...campaignPreviewSchemas,
    ...taskSchemas,
    ...emailSchemas,
    ...mailboxSchemas,
    ...suppressionSchemas,
    ...deliverySchemas,
    ...inboundSchemas,
    ...scrapeSchemas,
    ...verificationSchemas,
    ...analyticsSchemas,
    ...accountSchemas,
  ]) {
    app.addSchema(schema);
  }
  await registerOpenApi(app);
  // Parses the session cookie; the sign-in and sign-out routes set and clear it.
  await app.register(cookie);
  registerMetricsRoutes(app, { token: deps.metricsToken });
  await app.register(healthRoutes, { readinessChecks: deps.readinessChecks });
  // Public: the link in every email; the token is the only credential.
  await app.register(unsubscribeRoutes, { email: deps.email, publicRateLimiter: deps.publicRateLimiter });
  await app.register(trackingRoutes, {
    email: deps.email,
    publicRateLimiter: deps.trackingRateLimiter ?? deps.publicRateLimiter,
  });
  // Signing in needs no session yet: outside the authenticated scope, with its own budgets.
  await app.register(signInRoutes, { prefix: '/api', accounts: deps.accounts });
  await app.register(async (authenticated) => {
    registerApiAuth(authenticated, deps);
    registerIdempotency(authenticated, { store: deps.idempotency });
    await authenticated.register(
      async (api) => {
        await api.register(sessionRoutes, { accounts: deps.accounts });
        await api.register(accountRoutes, { accounts: deps.accounts });
        await api.register(apiKeyRoutes, { tenancy: deps.tenancy });
        await api.register(leadRoutes, { clients: deps.clients });
        await api.register(leadExportRoutes, { clients: deps.clients });
        await api.register(leadBulkRoutes, { clients: deps.clients, verification: deps.verification });
        await api.register(importColumnsRoutes);
        await api.register(importRoutes, {
          progress: deps.importProgress ?? createMemoryImportProgressStore(),
          clients: deps.clients,
          importMaxBytes: deps.importMaxBytes ?? 50 * mebibyte,
          importMaxReportedErrors: deps.importMaxReportedErrors,
        });
        await api.register(campaignRoutes, { campaigns: deps.campaigns });
        await api.register(analyticsRoutes, { analytics: deps.analytics });
        await api.register(stepRoutes, { campaigns: deps.campaigns });
        await api.register(campaignLeadRoutes, { campaigns: deps.campaigns });
        await api.register(campaignPreviewRoutes, { clients: deps.clients });
        await api.register(taskRoutes, { campaigns: deps.campaigns });
        await api.register(sendEmailRoute, { email: deps.email });
        await api.register(statusRoutes, {
          email: deps.email,
          campaigns: deps.campaigns,
          scraper: deps.scraper,
          verification: deps.verification,
        });
        await api.register(mailboxRoutes, { email: deps.email });
        await api.register(suppressionRoutes, { email: deps.email });
        await api.register(deliveryRoutes, { email: deps.email });
        await api.register(mailboxImapRoutes, { inbound: deps.inbound });
        await api.register(inboundRoutes, {
          inbound: deps.inbound,
          campaigns: deps.campaigns,
          clients: deps.clients,
        });
        await api.register(simulatedAnswerRoutes, { email: deps.email, inbound: deps.inbound });
        await api.register(scrapeRoutes, {
          scraper: deps.scraper,
          clients: deps.clients,
          campaigns: deps.campaigns,
        });
        await api.register(verificationRoutes, { verification: deps.verification });
      },
      { prefix: '/api' },
    );
    // The scaling guide's name for the same route.
    await authenticated.register(sendEmailRoute, { email: deps.email });
  });
  await registerDashboard(app, { root: deps.webRoot });
  return app;
}
