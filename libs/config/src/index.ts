export {
  readConfig,
  ConfigError,
  portSchema,
  urlSchema,
  urlListSchema,
  booleanSchema,
  logLevelSchema,
} from './read-config';
