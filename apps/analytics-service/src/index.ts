export { startAnalyticsService } from './start-analytics-service';
export type { AnalyticsServiceOptions } from './start-analytics-service';
export { startAnalyticsEventsConsumer } from './events/analytics-events-consumer';
export type { AnalyticsEventsConsumerOptions } from './events/analytics-events-consumer';
export { analyticsTopics } from './events/analytics-topics';
export { openAnalyticsDatabase, analyticsEntities, analyticsMigrations } from './analytics-database';
export { readAnalyticsServiceConfig, analyticsServiceConfigSchema } from './config';
export type { AnalyticsServiceConfig } from './config';
