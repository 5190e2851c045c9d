import type { SendMailOptions } from 'nodemailer';
import type { OutgoingEmail } from './render-delivery';

/** The nodemailer message of an outgoing email: headers per RFC 8058 and threading per RFC 5322. */
export function toMailOptions(email: OutgoingEmail): SendMailOptions {
  return {
    from: email.fromName ? { name: email.fromName, address: email.fromAddress } : email.fromAddress,
    to: email.to,
    envelope: { from: email.fromAddress, to: [email.to] },
    subject: email.subject,
    text: email.text,
    ...(email.html ? { html: email.html } : {}),
    messageId: email.messageId,
    ...(email.inReplyTo ? { inReplyTo: email.inReplyTo, references: email.inReplyTo } : {}),
    headers: {
      'List-Unsubscribe': `<${email.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    // Nothing in a delivery may make nodemailer read a local file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
