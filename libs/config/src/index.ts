export {
  readConfig,
  readConfigOrExit,
  ConfigError,
  portSchema,
  urlSchema,
  urlListSchema,
  booleanSchema,
  logLevelSchema,
} from './read-config';
