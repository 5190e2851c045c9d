export { startEmailService, emailTopics } from './start-email-service';
export type { EmailServiceOptions, EmailWorkerTuning, RunningEmailService } from './start-email-service';
export {
  openEmailDatabase,
  openEmailShards,
  emailEntities,
  emailMigrations,
  emailBucketedTables,
  emailCopiedTables,
  emailReshardTables,
  workspaceShard,
  workspaceShardIndex,
} from './email-database';
export { readEmailServiceConfig, emailServiceConfigSchema } from './config';
export type { EmailServiceConfig } from './config';
export { createSmtpUrlCipher } from './persistence/smtp-url-cipher';
export { raiseFencingTokens } from './persistence/raise-fencing-tokens';
export type { SmtpUrlCipher } from './persistence/smtp-url-cipher';
export { buildMimeMessage, createMemorySendLimiter, createRedisSendLimiter } from './sending';
export type { OutgoingEmail, SendLimiter } from './sending';
