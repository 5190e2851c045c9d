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
} from './read-config';
