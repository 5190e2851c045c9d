import { smtpCredentialsOf } from '../domain/smtp-url';

/** Where one SMTP connection goes. */
export interface SmtpTarget {
  url: string;
  /**
   * The address the outbound guard checked, which the connection is pinned to (never resolved
   * again), with the name TLS must present and verify. Absent only for the operator's SMTP_URL.
   */
  pinned?: { address: string; servername: string | undefined };
}

/** The connection fields of nodemailer's SMTP transport options that a target sets. */
export interface SmtpConnectionOptions {
  url?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  servername?: string;
  auth?: { user: string; pass: string };
  tls?: { servername: string };
}

const defaultPorts: Record<string, number> = { 'smtp:': 587, 'smtps:': 465 };

/**
 * nodemailer's options for a target. A pinned target is spelled out field by field, never as `url`:
 * nodemailer lets a URL's host and query override explicit options, which would undo the pinning.
 */
export function smtpConnectionOptions(target: SmtpTarget): SmtpConnectionOptions {
  if (!target.pinned) return { url: target.url };
  const url = new URL(target.url);
  const { address, servername } = target.pinned;
  const auth = smtpCredentialsOf(target.url);
  return {
    host: address,
    port: url.port === '' ? (defaultPorts[url.protocol] ?? 587) : Number(url.port),
    secure: url.protocol === 'smtps:',
    ...(auth ? { auth } : {}),
    // SNI and the certificate check name the host the user gave, not the address connected to.
    ...(servername ? { servername, tls: { servername } } : {}),
  };
}
