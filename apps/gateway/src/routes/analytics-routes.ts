import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { AnalyticsService } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import {
  campaignStatsFromProto,
  overviewFromProto,
  timeSeriesFromProto,
  timeSeriesRequest,
} from '../mapping/analytics-mapping';
import { resourceId } from '../mapping/resource-id';
import { callService as call, configured } from '../mapping/service-call';
import { timeSeriesQuerySchema, type TimeSeriesQuery } from '../schemas/analytics-schemas';
import { apiSecurity as security, idParamsSchema } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

const tags = ['analytics'];

export interface AnalyticsRoutesOptions {
  /** Absent where no Analytics service is deployed: these routes answer 503. */
  analytics?: Client<typeof AnalyticsService>;
}

/** Campaign funnels, the workspace overview and time series, from the Analytics service's counters. */
export async function analyticsRoutes(app: FastifyInstance, options: AnalyticsRoutesOptions) {
  const analytics = () => configured(options.analytics, 'analytics service');

  app.get<{ Params: { id: string } }>(
    '/campaigns/:id/stats',
    {
      schema: {
        tags,
        security,
        summary: "A campaign's funnel, in total and per step, with rates",
        description:
          'Counted from the events of the campaign, each once; a campaign nothing has happened in yet ' +
          'answers 404 until its first event is counted.',
        params: idParamsSchema({ id: 'campaign' }),
        response: {
          200: jsonResponse("The campaign's funnel.", { $ref: 'CampaignStats#' }),
          ...problemResponses(...commonApiProblems, 404),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      return campaignStatsFromProto(
        await call(() => analytics().getCampaignStats({ workspaceId, campaignId })),
      );
    },
  );

  app.get(
    '/analytics/overview',
    {
      schema: {
        tags,
        security,
        summary: "The workspace's headline numbers",
        description: 'Leads by source and verification status, emails by outcome and mailbox, scraping.',
        response: {
          200: jsonResponse('The overview.', { $ref: 'AnalyticsOverview#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      return overviewFromProto(await call(() => analytics().getWorkspaceOverview({ workspaceId })));
    },
  );

  app.get<{ Querystring: TimeSeriesQuery }>(
    '/analytics/timeseries',
    {
      schema: {
        tags,
        security,
        summary: 'One metric per hour, day or week, in a time zone, zeros included',
        querystring: timeSeriesQuerySchema,
        response: {
          200: jsonResponse('The series.', { $ref: 'TimeSeries#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const response = await call(
        () => analytics().getTimeSeries(timeSeriesRequest(workspaceId, request.query)),
        {
          start_time: 'query.from',
          end_time: 'query.to',
          time_zone: 'query.timeZone',
          campaign_id: 'query.campaignId',
          mailbox_id: 'query.mailboxId',
        },
      );
      return timeSeriesFromProto(request.query, response.points);
    },
  );
}
