import type { ServiceImpl } from '@connectrpc/connect';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { AnalyticsService } from '@coldreach/contracts';
import type { AnalyticsUseCases } from '../domain/analytics-use-cases';
import {
  funnelToProto,
  intervalFromProto,
  metricFromProto,
  optionalDate,
  optionalTimestamp,
  overviewToProto,
} from './analytics-proto-mapping';

/** AnalyticsService over gRPC: each handler maps proto ↔ domain and leaves every decision to the use cases. */
export function createAnalyticsServiceHandlers(
  useCases: AnalyticsUseCases,
): ServiceImpl<typeof AnalyticsService> {
  return {
    async getWorkspaceOverview(request) {
      const totals = await useCases.getWorkspaceOverview(request.workspaceId);
      return { overview: overviewToProto(totals), asOfTime: optionalTimestamp(totals.lastEventAt) };
    },

    async getCampaignStats(request) {
      const stats = await useCases.getCampaignStats(request.workspaceId, request.campaignId);
      return {
        campaignId: request.campaignId.toLowerCase(),
        total: funnelToProto(stats.total),
        steps: stats.steps.map((step) => ({
          stepId: step.stepId,
          position: step.position,
          funnel: funnelToProto(step.funnel),
        })),
        asOfTime: timestampFromDate(stats.asOf),
      };
    },

    async getTimeSeries(request) {
      const points = await useCases.getTimeSeries({
        workspaceId: request.workspaceId,
        metric: metricFromProto(request.metric),
        interval: intervalFromProto(request.interval),
        start: optionalDate(request.startTime),
        end: optionalDate(request.endTime),
        timeZone: request.timeZone,
        campaignId: request.campaignId,
        mailboxId: request.mailboxId,
      });
      return {
        points: points.map((point) => ({
          startTime: timestampFromDate(point.start),
          value: BigInt(point.value),
        })),
      };
    },
  };
}
