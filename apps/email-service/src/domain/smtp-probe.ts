/** What connecting to an SMTP server (TLS, EHLO, AUTH, QUIT, nothing sent) showed. */
export interface SmtpProbeResult {
  ok: boolean;
  /** What happened, e.g. "authentication failed (535)"; never credentials. */
  detail: string;
  latencyMs: number;
}

/** The address the outbound guard checked for a URL's host, and the name TLS must verify. */
export interface PinnedAddress {
  address: string;
  servername: string | undefined;
}

/**
 * Tries an SMTP URL without sending anything, connecting to `pinned` when given (a tenant's URL,
 * checked by the outbound guard) or to the URL's host (the operator's SMTP_URL). A failure is a
 * result, never a thrown error.
 */
export type SmtpProbe = (smtpUrl: string, pinned?: PinnedAddress) => Promise<SmtpProbeResult>;
