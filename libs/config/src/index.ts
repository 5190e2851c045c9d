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
