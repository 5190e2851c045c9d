import type { SendMailOptions } from 'nodemailer';
import type { OutgoingEmail } from './render-delivery';

/** The nodemailer message of an outgoing email: the envelope and the message built by `buildMimeMessage`. */
export function toMailOptions(email: OutgoingEmail, raw: Buffer): SendMailOptions {
  return {
    envelope: { from: email.fromAddress, to: [email.to] },
    raw,
    // Already in `raw`; given here too so nodemailer does not make up one of its own.
    messageId: email.messageId,
    // Nothing in a delivery may make nodemailer read a local file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
