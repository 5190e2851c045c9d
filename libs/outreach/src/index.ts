export { parseTemplate, tryParseTemplate } from './parse-template';
export type {
  ParsedTemplate,
  TemplateParseResult,
  TemplatePart,
  TemplateText,
  TemplateVariable,
} from './parse-template';
export { escapeHtml, personalisationValues, renderTemplate } from './render-template';
export type { PersonalisationSource, TemplateValues } from './render-template';
export { renderEmailContent } from './render-email-content';
export type { EmailTemplates, RenderedEmailContent } from './render-email-content';
export { personalisationVariables, validateStepTemplates, validateTemplate } from './validate-template';
export type { StepTemplates, TemplateValidationOptions } from './validate-template';
export {
  createUnsubscribeToken,
  minimumUnsubscribeTokenAgeDays,
  verifyUnsubscribeToken,
} from './unsubscribe-token';
export type { UnsubscribeTokenPayload, UnsubscribeTokenSecret } from './unsubscribe-token';
export {
  createClickToken,
  createOpenToken,
  maxTrackedLinks,
  maxTrackedUrlLength,
  trackableUrl,
  verifyClickToken,
  verifyOpenToken,
} from './tracking-token';
export type { ClickTokenPayload, OpenTokenPayload } from './tracking-token';
export type { TokenSecret } from './signed-token';
export { isValidTimeZone, nextSendTime, startOfLocalDay } from './sending-window';
export type { LocalTimeLike, SendingScheduleLike } from './sending-window';
export {
  campaignFieldLimits,
  characterCount,
  mailboxFieldLimits,
  stepFieldLimits,
  templateFieldLimits,
} from './field-limits';
export { htmlToText } from './html-to-text';
export { buildMimeMessage } from './mime-message';
export type { OutgoingEmail } from './mime-message';
