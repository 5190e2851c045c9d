export { classifyMessage, type ClassifiedMessage, type InboundKind } from './classify-message';
export type { BounceReport } from './bounce-report';
export type { ComplaintReport } from './complaint-report';
