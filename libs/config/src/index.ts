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
} from './read-config';
