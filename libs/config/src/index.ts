export {
  readConfig,
  readConfigOrExit,
  ConfigError,
  portSchema,
  urlSchema,
  urlListSchema,
  booleanSchema,
  logLevelSchema,
  brokerListSchema,
  kafkaNamespaceSchema,
  kafkaReplicationFactorSchema,
} from './read-config';
export { sentryDsnSchema } from './sentry-dsn-schema';
export { dailyCommandBudgetSchema, metricsPortSchema } from './metrics-schemas';
export { parseSentryDsn, SentryDsnError } from './sentry-dsn';
export type { SentryDsn } from './sentry-dsn';
