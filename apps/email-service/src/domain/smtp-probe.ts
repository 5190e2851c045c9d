/** What connecting to an SMTP server (TLS, EHLO, AUTH, QUIT, nothing sent) showed. */
export interface SmtpProbeResult {
  ok: boolean;
  /** What happened, e.g. "authentication failed (535)"; never credentials. */
  detail: string;
  latencyMs: number;
}

/** Tries an SMTP URL without sending anything. A failure is a result, never a thrown error. */
export type SmtpProbe = (smtpUrl: string) => Promise<SmtpProbeResult>;
