export { createEmailVerifier } from './email-verifier';
export type { EmailVerifier, EmailVerifierOptions } from './email-verifier';
export { leadStatusOfVerdict } from './verification-result';
export type { Verdict, VerificationResult } from './verification-result';
export { decideVerdict } from './decide-verdict';
export { defaultLargeProviders } from './large-providers';
